package org.thinrich.rfb.encoding;

import java.util.zip.Deflater;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.Rect;
import org.thinrich.rfb.Bytes;
import org.thinrich.rfb.PixelFormat;
import org.thinrich.rfb.Rfb;

/**
 * ZRLE (16, RFC 6143 7.7.6): 64x64 tiles, each solid, packed palette, palette runs, plain runs or
 * raw, whichever is smallest, all through one zlib stream for the connection.
 */
public final class ZrleEncoder implements RectEncoder {
    static final int TILE = 64;
    private final Deflater deflater;
    private final Palette palette = new Palette(127);
    private final Bytes tiles = new Bytes(64 * 1024);
    private final int[] runColours = new int[TILE * TILE];
    private final int[] runLengths = new int[TILE * TILE];

    /** @param level zlib's level, 1 (fast) to 9 */
    public ZrleEncoder(int level) {
        deflater = new Deflater(level);
    }

    /** The viewer's compression level as zlib's, -1 for zlib's default (6), as TigerVNC sets it; the stream goes on. */
    public void compressLevel(int level) {
        deflater.setLevel(level < 0 || level > 9 ? Deflater.DEFAULT_COMPRESSION : level);
    }

    @Override
    public int id() {
        return Rfb.ZRLE;
    }

    @Override
    public int encode(Framebuffer frame, Rect area, PixelFormat format, Bytes out) {
        tiles.reset();
        for (int ty = area.y(); ty < area.y() + area.height(); ty += TILE) {
            int th = Math.min(TILE, area.y() + area.height() - ty);
            for (int tx = area.x(); tx < area.x() + area.width(); tx += TILE) {
                int tw = Math.min(TILE, area.x() + area.width() - tx);
                tile(frame, tx, ty, tw, th, format);
            }
        }
        Bytes compressed = Zlib.deflate(deflater, tiles.array(), tiles.size());
        RectEncoder.header(out, area.x(), area.y(), area.width(), area.height(), Rfb.ZRLE);
        out.u32(compressed.size());
        out.write(compressed.array(), 0, compressed.size());
        return 1;
    }

    private void tile(Framebuffer frame, int x0, int y0, int w, int h, PixelFormat format) {
        int[] px = frame.pixels();
        int stride = frame.width();
        int cp = format.compactPixelBytes();
        palette.of(px, stride, x0, y0, w, h);
        if (!palette.overflow() && palette.size() == 1) {
            tiles.u8(1);
            format.writeCompactPixel(tiles, palette.colour(0));
            return;
        }
        // The tile's runs in raster order, found once: what the run-length forms cost, and what they write.
        int runs = findRuns(px, stride, x0, y0, w, h);
        long runBytes = 0;
        long paletteRunBytes = 0;
        for (int i = 0; i < runs; i++) {
            runBytes += cp + lengthBytes(runLengths[i]);
            paletteRunBytes += runLengths[i] == 1 ? 1 : 1 + lengthBytes(runLengths[i]);
        }
        long raw = (long) w * h * cp;
        long plainRle = runBytes;
        long best = Math.min(raw, plainRle);
        int kind = best == raw ? 0 : 128;
        if (!palette.overflow()) {
            int n = palette.size();
            long pal = (long) n * cp;
            long paletteRle = pal + paletteRunBytes;
            if (paletteRle < best) {
                best = paletteRle;
                kind = 128 + n;
            }
            if (n <= 16) {
                int bits = n <= 2 ? 1 : n <= 4 ? 2 : 4;
                long packed = pal + (long) h * ((w * bits + 7) / 8);
                if (packed < best) {
                    kind = n;
                }
            }
        }
        tiles.u8(kind);
        if (kind == 0) {
            for (int y = y0; y < y0 + h; y++) for (int x = x0; x < x0 + w; x++) format.writeCompactPixel(tiles, px[y * stride + x]);
        } else if (kind == 128) {
            for (int i = 0; i < runs; i++) run(runColours[i], runLengths[i], format, false);
        } else {
            for (int i = 0; i < palette.size(); i++) format.writeCompactPixel(tiles, palette.colour(i));
            if (kind > 128) for (int i = 0; i < runs; i++) run(runColours[i], runLengths[i], format, true);
            else packed(px, stride, x0, y0, w, h, kind);
        }
    }

    private void packed(int[] px, int stride, int x0, int y0, int w, int h, int n) {
        int bits = n <= 2 ? 1 : n <= 4 ? 2 : 4;
        for (int y = y0; y < y0 + h; y++) {
            int acc = 0;
            int filled = 0;
            for (int x = x0; x < x0 + w; x++) {
                acc = acc << bits | palette.indexOf(px[y * stride + x]);
                filled += bits;
                if (filled == 8) {
                    tiles.u8(acc);
                    acc = 0;
                    filled = 0;
                }
            }
            if (filled > 0) tiles.u8(acc << (8 - filled));
        }
    }

    /** Fills runColours and runLengths with the tile's runs of one colour in raster order; returns how many. */
    private int findRuns(int[] px, int stride, int x0, int y0, int w, int h) {
        int runs = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                int c = px[y * stride + x] | 0xFF000000;
                if (runs > 0 && c == runColours[runs - 1]) {
                    runLengths[runs - 1]++;
                } else {
                    runColours[runs] = c;
                    runLengths[runs++] = 1;
                }
            }
        }
        return runs;
    }

    private void run(int colour, int length, PixelFormat format, boolean indexed) {
        if (indexed) {
            int index = palette.indexOf(colour);
            if (length == 1) {
                tiles.u8(index);
                return;
            }
            tiles.u8(index | 0x80);
        } else {
            format.writeCompactPixel(tiles, colour);
        }
        int rest = length - 1;
        while (rest >= 255) {
            tiles.u8(255);
            rest -= 255;
        }
        tiles.u8(rest);
    }

    private static int lengthBytes(int run) {
        return (run - 1) / 255 + 1;
    }
}
