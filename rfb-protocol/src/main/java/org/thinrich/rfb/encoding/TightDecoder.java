package org.thinrich.rfb.encoding;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.Rect;
import org.thinrich.rfb.PixelFormat;
import org.thinrich.rfb.Rfb;
import org.thinrich.rfb.RfbException;

/** Tight (7) on the viewer's side: fill, JPEG, and basic compression with the copy and palette filters. */
public final class TightDecoder implements RectDecoder {
    private final Inflater[] streams = {new Inflater(), new Inflater(), new Inflater(), new Inflater()};

    @Override
    public int id() {
        return Rfb.TIGHT;
    }

    @Override
    public void decode(DataInputStream in, Rect rect, Framebuffer target, PixelFormat format) throws IOException {
        target.check(rect);
        int control = in.readUnsignedByte();
        for (int i = 0; i < 4; i++) if ((control & (1 << i)) != 0) streams[i].reset();
        int kind = control >>> 4;
        int[] px = target.pixels();
        int stride = target.width();
        int w = rect.width();
        int h = rect.height();
        if (kind == 8) {
            int c = format.readTightPixel(ByteBuffer.wrap(RectDecoder.read(in, format.tightPixelBytes(), 4)));
            for (int y = rect.y(); y < rect.y() + h; y++) java.util.Arrays.fill(px, y * stride + rect.x(), y * stride + rect.x() + w, c);
            return;
        }
        if (kind == 9) {
            byte[] jpeg = RectDecoder.read(in, compactLength(in), 0x3FFFFF);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
            if (image == null || image.getWidth() != w || image.getHeight() != h) throw new RfbException("A Tight JPEG rectangle that does not decode to its size");
            for (int y = 0; y < h; y++) image.getRGB(0, y, w, 1, px, (rect.y() + y) * stride + rect.x(), stride);
            return;
        }
        if (kind > 7) throw new RfbException("Unknown Tight compression " + kind);
        int stream = kind & 3;
        int filter = (kind & 4) != 0 ? in.readUnsignedByte() : 0;
        if (filter == 0) {
            int size = w * h * format.tightPixelBytes();
            ByteBuffer data = ByteBuffer.wrap(data(in, stream, size));
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) px[(rect.y() + y) * stride + rect.x() + x] = format.readTightPixel(data);
        } else if (filter == 1) {
            int n = in.readUnsignedByte() + 1;
            if (n < 2) throw new RfbException("A Tight palette of one colour");
            ByteBuffer colours = ByteBuffer.wrap(RectDecoder.read(in, n * format.tightPixelBytes(), 1024));
            int[] palette = new int[n];
            for (int i = 0; i < n; i++) palette[i] = format.readTightPixel(colours);
            if (n == 2) {
                int rowBytes = (w + 7) / 8;
                byte[] bits = data(in, stream, rowBytes * h);
                for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
                    int bit = (bits[y * rowBytes + x / 8] >>> (7 - x % 8)) & 1;
                    px[(rect.y() + y) * stride + rect.x() + x] = palette[bit];
                }
            } else {
                byte[] indices = data(in, stream, w * h);
                for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
                    int index = indices[y * w + x] & 0xFF;
                    if (index >= n) throw new RfbException("A Tight palette index " + index + " of " + n + " colours");
                    px[(rect.y() + y) * stride + rect.x() + x] = palette[index];
                }
            }
        } else {
            throw new RfbException("The Tight filter " + filter + " is not supported");
        }
    }

    private byte[] data(DataInputStream in, int stream, int size) throws IOException {
        if (size < TightEncoder.MIN_TO_COMPRESS) return RectDecoder.read(in, size, size);
        byte[] compressed = RectDecoder.read(in, compactLength(in), 0x3FFFFF);
        return Zlib.inflate(streams[stream], compressed, size);
    }

    static int compactLength(DataInputStream in) throws IOException {
        int b = in.readUnsignedByte();
        int n = b & 0x7F;
        if ((b & 0x80) != 0) {
            b = in.readUnsignedByte();
            n |= (b & 0x7F) << 7;
            if ((b & 0x80) != 0) n |= in.readUnsignedByte() << 14;
        }
        return n;
    }
}
