package org.thinrich.display.protocol.encoding;

import org.thinrich.display.protocol.ProtocolException;

/** Id 0: every pixel as three bytes, R G B, row by row. The baseline all ratios are measured against. */
public final class RawEncoding implements PixelEncoder {
    public static final int ID = 0;

    @Override
    public int id() {
        return ID;
    }

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public byte[] encode(Framebuffer frame, Rect rect, EncoderState state) {
        byte[] out = new byte[Math.toIntExact(rect.area() * 3)];
        int[] pixels = frame.pixels();
        int o = 0;
        for (int row = rect.y(); row < rect.y() + rect.height(); row++) {
            int start = row * frame.width() + rect.x();
            for (int i = start; i < start + rect.width(); i++) {
                int p = pixels[i];
                out[o++] = (byte) (p >>> 16);
                out[o++] = (byte) (p >>> 8);
                out[o++] = (byte) p;
            }
        }
        return out;
    }

    @Override
    public void decode(byte[] payload, Rect rect, Framebuffer target, DecoderState state) {
        target.check(rect);
        if (payload.length != rect.area() * 3) {
            throw new ProtocolException("A raw rectangle of " + rect.width() + "x" + rect.height() + " needs "
                    + rect.area() * 3 + " bytes, not " + payload.length);
        }
        int[] pixels = target.pixels();
        int i = 0;
        for (int row = rect.y(); row < rect.y() + rect.height(); row++) {
            int start = row * target.width() + rect.x();
            for (int p = start; p < start + rect.width(); p++, i += 3) {
                pixels[p] = 0xFF000000 | (payload[i] & 0xFF) << 16 | (payload[i + 1] & 0xFF) << 8 | (payload[i + 2] & 0xFF);
            }
        }
    }
}
