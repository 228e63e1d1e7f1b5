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

    /** @param level zlib's level, 1 (fast) to 9 */
    public TightEncoder(int level) {
        for (int i = 0; i < streams.length; i++) streams[i] = new Deflater(level);
    }

    /** The viewer's JPEG quality level 0-9, or -1 for lossless only. */
    public void jpegQuality(int level) {
        jpegQuality = level;
    }

    @Override
    public int id() {
        return Rfb.TIGHT;
    }

    @Override
    public int encode(Framebuffer frame, Rect area, PixelFormat format, Bytes out) {
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
        if (!palette.overflow() && (jpegQuality < 0 || palette.size() <= 64)) {
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
