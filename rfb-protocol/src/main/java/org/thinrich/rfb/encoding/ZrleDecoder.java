package org.thinrich.rfb.encoding;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.Inflater;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.Rect;
import org.thinrich.rfb.PixelFormat;
import org.thinrich.rfb.Rfb;
import org.thinrich.rfb.RfbException;

/** ZRLE (16) on the viewer's side: one inflater for the connection, then the tiles. */
public final class ZrleDecoder implements RectDecoder {
    private final Inflater inflater = new Inflater();

    @Override
    public int id() {
        return Rfb.ZRLE;
    }

    @Override
    public void decode(DataInputStream in, Rect rect, Framebuffer target, PixelFormat format) throws IOException {
        target.check(rect);
        byte[] compressed = RectDecoder.read(in, in.readInt(), 64 << 20);
        int cp = format.compactPixelBytes();
        int limit = (int) Math.min(Integer.MAX_VALUE - 8, rect.area() * (cp + 1) + 1024);
        ByteBuffer data = ByteBuffer.wrap(Zlib.inflateAll(inflater, compressed, limit));
        int[] px = target.pixels();
        int stride = target.width();
        int[] palette = new int[128];
        try {
            for (int ty = rect.y(); ty < rect.y() + rect.height(); ty += ZrleEncoder.TILE) {
                int th = Math.min(ZrleEncoder.TILE, rect.y() + rect.height() - ty);
                for (int tx = rect.x(); tx < rect.x() + rect.width(); tx += ZrleEncoder.TILE) {
                    int tw = Math.min(ZrleEncoder.TILE, rect.x() + rect.width() - tx);
                    tile(data, format, px, stride, tx, ty, tw, th, palette);
                }
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new RfbException("ZRLE data ended inside a tile");
        }
    }

    private static void tile(ByteBuffer data, PixelFormat format, int[] px, int stride, int x0, int y0, int w, int h, int[] palette) {
        int kind = data.get() & 0xFF;
        if (kind == 0) {
            for (int y = y0; y < y0 + h; y++) for (int x = x0; x < x0 + w; x++) px[y * stride + x] = format.readCompactPixel(data);
        } else if (kind == 1) {
            int c = format.readCompactPixel(data);
            for (int y = y0; y < y0 + h; y++) java.util.Arrays.fill(px, y * stride + x0, y * stride + x0 + w, c);
        } else if (kind <= 16) {
            for (int i = 0; i < kind; i++) palette[i] = format.readCompactPixel(data);
            int bits = kind <= 2 ? 1 : kind <= 4 ? 2 : 4;
            for (int y = y0; y < y0 + h; y++) {
                int acc = 0;
                int left = 0;
                for (int x = x0; x < x0 + w; x++) {
                    if (left == 0) {
                        acc = data.get() & 0xFF;
                        left = 8;
                    }
                    left -= bits;
                    int index = (acc >>> left) & ((1 << bits) - 1);
                    if (index >= kind) throw new RfbException("A ZRLE palette index " + index + " of " + kind + " colours");
                    px[y * stride + x] = palette[index];
                }
            }
        } else if (kind == 128 || kind >= 130) {
            int n = kind - 128;
            for (int i = 0; i < n; i++) palette[i] = format.readCompactPixel(data);
            int total = w * h;
            int done = 0;
            while (done < total) {
                int colour;
                int length = 1;
                if (kind == 128) {
                    colour = format.readCompactPixel(data);
                    length = runLength(data);
                } else {
                    int index = data.get() & 0xFF;
                    if ((index & 0x80) != 0) length = runLength(data);
                    index &= 0x7F;
                    if (index >= n) throw new RfbException("A ZRLE palette index " + index + " of " + n + " colours");
                    colour = palette[index];
                }
                if (length > total - done) throw new RfbException("A ZRLE run goes past its tile");
                for (int i = 0; i < length; i++, done++) px[(y0 + done / w) * stride + x0 + done % w] = colour;
            }
        } else {
            throw new RfbException("Unknown ZRLE tile subencoding " + kind);
        }
    }

    private static int runLength(ByteBuffer data) {
        int length = 1;
        int b;
        do {
            b = data.get() & 0xFF;
            length += b;
            if (length > ZrleEncoder.TILE * ZrleEncoder.TILE) throw new RfbException("A ZRLE run longer than a tile");
        } while (b == 255);
        return length;
    }
}
