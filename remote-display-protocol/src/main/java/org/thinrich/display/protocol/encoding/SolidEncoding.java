package org.thinrich.display.protocol.encoding;

import org.thinrich.display.protocol.ProtocolException;

/** Id 2: a rectangle of one colour, R G B. Backgrounds, selections, grid cells. */
public final class SolidEncoding implements PixelEncoder {
    public static final int ID = 2;

    @Override
    public int id() {
        return ID;
    }

    @Override
    public String name() {
        return "solid";
    }

    @Override
    public byte[] encode(Framebuffer frame, Rect rect, EncoderState state) {
        int[] pixels = frame.pixels();
        int colour = pixels[rect.y() * frame.width() + rect.x()];
        for (int row = rect.y(); row < rect.y() + rect.height(); row++) {
            int start = row * frame.width() + rect.x();
            for (int i = start; i < start + rect.width(); i++) {
                if (pixels[i] != colour) return null;
            }
        }
        return new byte[] {(byte) (colour >>> 16), (byte) (colour >>> 8), (byte) colour};
    }

    @Override
    public void decode(byte[] payload, Rect rect, Framebuffer target, DecoderState state) {
        if (payload.length != 3) throw new ProtocolException("A solid rectangle needs 3 bytes, not " + payload.length);
        target.fill(rect, (payload[0] & 0xFF) << 16 | (payload[1] & 0xFF) << 8 | (payload[2] & 0xFF));
    }
}
