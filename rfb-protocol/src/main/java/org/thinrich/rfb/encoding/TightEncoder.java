package org.thinrich.rfb.encoding;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.Rect;
import org.thinrich.rfb.Bytes;
import org.thinrich.rfb.PixelFormat;
import org.thinrich.rfb.Rfb;

/**
 * Tight (7), as TigerVNC and noVNC speak it: each piece of at most 2048 pixels wide and 65,536
 * pixels in all is a fill (one colour), a two-colour bitmap, an indexed picture of up to 256
 * colours, or full colour, the last three through zlib streams 1, 2 and 0 kept for the connection.
 * Full colour goes as JPEG only when the viewer sent a quality level (TigerVNC's "lossless Tight"
 * sends none).
 */
public final class TightEncoder implements RectEncoder {
    static final int MAX_WIDTH = 2048;
    static final int MAX_AREA = 65536;
    /** Data shorter than this goes uncompressed, without a length (the spec's rule). */
    static final int MIN_TO_COMPRESS = 12;
    private static final int[] JPEG_QUALITY = {15, 29, 41, 42, 62, 77, 79, 86, 92, 100};

    private final Deflater[] streams = new Deflater[4];
    private final Palette palette = new Palette(256);
    private int jpegQuality = -1;

    /**
     * zlib levels for full colour (stream 0), two colours (1) and indexed pieces (2) at each of the
     * viewer's compression levels 0-9, as TigerVNC's Tight encoder sets them.
     */
    private static final int[][] ZLIB_LEVELS = {{0, 0, 0}, {1, 1, 1}, {2, 3, 3}, {2, 5, 5}, {3, 7, 6}, {4, 8, 7}, {5, 8, 7},
            {6, 9, 8}, {7, 9, 9}, {9, 9, 9}};
    /** The compression level a viewer gets that asks for none (TigerVNC's default). */
    public static final int DEFAULT_COMPRESS_LEVEL = 2;

    private int compressLevel;

    /** @param compressLevel the viewer's compression level, 0 (fast) to 9 (small) */
    public TightEncoder(int compressLevel) {
        for (int i = 0; i < streams.length; i++) streams[i] = new Deflater();
        compressLevel(compressLevel);
    }

    /**
     * The viewer's compression level (its CompressLevel pseudo-encoding), -1 for none: the streams
     * go on with the new zlib levels (zlib changes them in place, so the viewer notices nothing).
     */
    public void compressLevel(int level) {
        compressLevel = level < 0 || level > 9 ? DEFAULT_COMPRESS_LEVEL : level;
        int[] levels = ZLIB_LEVELS[compressLevel];
        streams[0].setLevel(levels[0]);
        streams[1].setLevel(levels[1]);
        streams[2].setLevel(levels[2]);
        streams[3].setLevel(levels[0]);
    }

    /**
     * The most colours a piece of {@code area} pixels is sent indexed with, more going as full
     * colour: fewer for small pieces, where a palette costs more than it saves (TigerVNC's rule).
     */
    private int maxColours(long area) {
        long divisor = Math.max(4, compressLevel * 8L);
        return (int) Math.max(2, Math.min(256, area / divisor));
    }

    /** The viewer's JPEG quality level 0-9, or -1 for lossless only. */
    public void jpegQuality(int level) {
        jpegQuality = level;
    }

    @Override
    public int id() {
        return Rfb.TIGHT;
    }

    /** Solid areas at least this large go as one fill each, the rest around them as pieces (as TigerVNC's encoder does). */
    static final int MIN_SOLID_AREA = 2048;
    static final int SOLID_BLOCK = 16;
    boolean findSolids = true;

    @Override
    public int encode(Framebuffer frame, Rect area, PixelFormat format, Bytes out) {
        if (!findSolids || area.area() < 2 * MIN_SOLID_AREA) return pieces(frame, area, format, out);
        Rect solid = largestSolid(frame, area);
        if (solid == null) return pieces(frame, area, format, out);
        RectEncoder.header(out, solid.x(), solid.y(), solid.width(), solid.height(), Rfb.TIGHT);
        out.u8(0x80);
        format.writeTightPixel(out, frame.get(solid.x(), solid.y()));
        int count = 1;
        // What is left: the band above, left and right of the solid area, and the band below.
        int x0 = area.x();
        int y0 = area.y();
        int x1 = area.x() + area.width();
        int y1 = area.y() + area.height();
        int sx1 = solid.x() + solid.width();
        int sy1 = solid.y() + solid.height();
        if (solid.y() > y0) count += encode(frame, new Rect(x0, y0, area.width(), solid.y() - y0), format, out);
        if (solid.x() > x0) count += encode(frame, new Rect(x0, solid.y(), solid.x() - x0, solid.height()), format, out);
        if (sx1 < x1) count += encode(frame, new Rect(sx1, solid.y(), x1 - sx1, solid.height()), format, out);
        if (sy1 < y1) count += encode(frame, new Rect(x0, sy1, area.width(), y1 - sy1), format, out);
        return count;
    }

    /**
     * The largest one-colour rectangle made of whole 16-pixel blocks grown from a solid block, if at
     * least {@link #MIN_SOLID_AREA}; null otherwise.
     */
    private static Rect largestSolid(Framebuffer frame, Rect area) {
        int[] px = frame.pixels();
        int stride = frame.width();
        int bw = area.width() / SOLID_BLOCK;
        int bh = area.height() / SOLID_BLOCK;
        if (bw == 0 || bh == 0) return null;
        // Each block's colour, or a marker when the block is not one colour.
        long[] colour = new long[bw * bh];
        for (int by = 0; by < bh; by++) {
            for (int bx = 0; bx < bw; bx++) {
                int x = area.x() + bx * SOLID_BLOCK;
                int y = area.y() + by * SOLID_BLOCK;
                int c = px[y * stride + x];
                boolean same = true;
                for (int yy = y; yy < y + SOLID_BLOCK && same; yy++) {
                    int row = yy * stride;
                    for (int xx = x; xx < x + SOLID_BLOCK; xx++) {
                        if (px[row + xx] != c) {
                            same = false;
                            break;
                        }
                    }
                }
                colour[by * bw + bx] = same ? c & 0xFFFFFFFFL : -1;
            }
        }
        Rect best = null;
        long bestArea = MIN_SOLID_AREA - 1;
        // Histogram method per row of blocks: the largest rectangle of equal-coloured blocks.
        int[] heights = new int[bw];
        for (int by = 0; by < bh; by++) {
            for (int bx = 0; bx < bw; bx++) {
                long c = colour[by * bw + bx];
                heights[bx] = c < 0 ? 0 : by > 0 && heights[bx] > 0 && colour[(by - 1) * bw + bx] == c ? heights[bx] + 1 : 1;
            }
            for (int bx = 0; bx < bw; bx++) {
                if (heights[bx] == 0) continue;
                long c = colour[by * bw + bx];
                int h = heights[bx];
                for (int ex = bx; ex < bw && heights[ex] > 0 && colour[by * bw + ex] == c; ex++) {
                    h = Math.min(h, heights[ex]);
                    long a = (long) (ex - bx + 1) * h * SOLID_BLOCK * SOLID_BLOCK;
                    if (a > bestArea) {
                        bestArea = a;
                        best = new Rect(area.x() + bx * SOLID_BLOCK, area.y() + (by - h + 1) * SOLID_BLOCK, (ex - bx + 1) * SOLID_BLOCK,
                                h * SOLID_BLOCK);
                    }
                }
            }
        }
        return best;
    }

    private int pieces(Framebuffer frame, Rect area, PixelFormat format, Bytes out) {
        int rows = Math.max(1, MAX_AREA / Math.min(area.width(), MAX_WIDTH));
        int count = 0;
        for (int y = area.y(); y < area.y() + area.height(); y += rows) {
            int h = Math.min(rows, area.y() + area.height() - y);
            for (int x = area.x(); x < area.x() + area.width(); x += MAX_WIDTH) {
                int w = Math.min(MAX_WIDTH, area.x() + area.width() - x);
                piece(frame, x, y, w, h, format, out);
                count++;
            }
        }
        return count;
    }

    private void piece(Framebuffer frame, int x0, int y0, int w, int h, PixelFormat format, Bytes out) {
        RectEncoder.header(out, x0, y0, w, h, Rfb.TIGHT);
        int[] px = frame.pixels();
        int stride = frame.width();
        palette.of(px, stride, x0, y0, w, h);
        if (!palette.overflow() && palette.size() == 1) {
            out.u8(0x80); // fill
            format.writeTightPixel(out, palette.colour(0));
            return;
        }
        if (!palette.overflow() && palette.size() == 2) {
            out.u8(0x40 | 1 << 4).u8(1).u8(1); // stream 1, palette filter, two colours
            format.writeTightPixel(out, palette.colour(0));
            format.writeTightPixel(out, palette.colour(1));
            int rowBytes = (w + 7) / 8;
            byte[] bits = new byte[rowBytes * h];
            for (int y = 0; y < h; y++) {
                int row = (y0 + y) * stride + x0;
                for (int x = 0; x < w; x++) {
                    if (palette.indexOf(px[row + x]) == 1) bits[y * rowBytes + x / 8] |= (byte) (0x80 >>> (x % 8));
                }
            }
            data(1, bits, out);
            return;
        }
        int most = jpegQuality < 0 ? maxColours((long) w * h) : Math.min(maxColours((long) w * h), 96);
        if (!palette.overflow() && palette.size() <= most) {
            int n = palette.size();
            out.u8(0x40 | 2 << 4).u8(1).u8(n - 1); // stream 2, palette filter
            for (int i = 0; i < n; i++) format.writeTightPixel(out, palette.colour(i));
            byte[] indices = new byte[w * h];
            for (int y = 0; y < h; y++) {
                int row = (y0 + y) * stride + x0;
                for (int x = 0; x < w; x++) indices[y * w + x] = (byte) palette.indexOf(px[row + x]);
            }
            data(2, indices, out);
            return;
        }
        if (jpegQuality >= 0 && format.bitsPerPixel() > 8) {
            byte[] jpeg = jpeg(px, stride, x0, y0, w, h);
            out.u8(0x90).compactLength(jpeg.length).bytes(jpeg);
            return;
        }
        out.u8(0x00); // stream 0, no filter: full colour
        Bytes pixels = new Bytes(w * h * format.tightPixelBytes());
        for (int y = 0; y < h; y++) {
            int row = (y0 + y) * stride + x0;
            for (int x = 0; x < w; x++) format.writeTightPixel(pixels, px[row + x]);
        }
        data(0, pixels.toByteArray(), out);
    }

    private void data(int stream, byte[] data, Bytes out) {
        if (data.length < MIN_TO_COMPRESS) {
            out.bytes(data);
            return;
        }
        Bytes compressed = Zlib.deflate(streams[stream], data, data.length);
        out.compactLength(compressed.size());
        out.write(compressed.array(), 0, compressed.size());
    }

    private byte[] jpeg(int[] px, int stride, int x0, int y0, int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) image.setRGB(0, y, w, 1, px, (y0 + y) * stride + x0, stride);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(stream);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(JPEG_QUALITY[Math.min(9, jpegQuality)] / 100f);
                writer.write(null, new IIOImage(image, null, null), param);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }
}
