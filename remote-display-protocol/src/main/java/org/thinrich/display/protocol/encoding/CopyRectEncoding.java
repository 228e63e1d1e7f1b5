package org.thinrich.display.protocol.encoding;

import org.thinrich.display.protocol.ProtocolException;

/**
 * Id 1: the rectangle's pixels are at (srcX, srcY) of the framebuffer as it was before this
 * update (u16 srcX, u16 srcY). Moved content costs four bytes, whatever its size.
 */
public final class CopyRectEncoding implements Encoding {
    public static final int ID = 1;

    @Override
    public int id() {
        return ID;
    }

    @Override
    public String name() {
        return "copy-rect";
    }

    public static byte[] payload(int sourceX, int sourceY) {
        return new byte[] {(byte) (sourceX >>> 8), (byte) sourceX, (byte) (sourceY >>> 8), (byte) sourceY};
    }

    @Override
    public void decode(byte[] payload, Rect rect, Framebuffer target, DecoderState state) {
        if (payload.length != 4) throw new ProtocolException("A copy-rect needs 4 bytes, not " + payload.length);
        int sourceX = (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
        int sourceY = (payload[2] & 0xFF) << 8 | (payload[3] & 0xFF);
        Framebuffer source = state.beforeUpdate != null ? state.beforeUpdate : target;
        target.copyFrom(source, new Rect(sourceX, sourceY, rect.width(), rect.height()), rect.x(), rect.y());
    }
}
