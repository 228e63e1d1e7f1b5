package org.thinrich.display.protocol.encoding;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.thinrich.display.protocol.ProtocolException;

/**
 * Id 5, "jpeg", the optional lossy encoding: the rectangle as a baseline JPEG (JFIF) of exactly its
 * size, for photo-like regions where no lossless form comes close (Tight's JPEG subencoding). The
 * server uses it only for a client that offers it, only for large rectangles of many colours, and
 * sends those regions again losslessly once the picture has been still for a moment, so text is
 * never left blurred.
 */
public final class JpegEncoding implements PixelEncoder {
    public static final int ID = 5;
    /** JPEG quality of the encoder, 0..1. */
    static final float QUALITY = 0.8f;

    @Override
    public int id() {
        return ID;
    }

    @Override
    public String name() {
        return "jpeg";
    }

    @Override
    public boolean lossy() {
        return true;
    }

    @Override
    public byte[] encode(Framebuffer frame, Rect rect, EncoderState state) {
        frame.check(rect);
        BufferedImage image = new BufferedImage(rect.width(), rect.height(), BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, rect.width(), rect.height(), frame.pixels(), rect.y() * frame.width() + rect.x(), frame.width());
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, (int) (rect.area() / 4)));
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new IllegalStateException("JPEG encoding failed in memory", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    @Override
    public void decode(byte[] payload, Rect rect, Framebuffer target, DecoderState state) {
        target.check(rect);
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(payload))) {
            reader.setInput(in, true, true);
            // The header's size is checked before anything of that size is allocated.
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width != rect.width() || height != rect.height()) {
                throw new ProtocolException("A jpeg rectangle of " + rect.width() + "x" + rect.height() + " holds a " + width + "x" + height + " image");
            }
            BufferedImage image = reader.read(0);
            image.getRGB(0, 0, width, height, target.pixels(), rect.y() * target.width() + rect.x(), target.width());
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProtocolException p) throw p;
            throw new ProtocolException("A jpeg rectangle does not decode: " + e.getMessage());
        } finally {
            reader.dispose();
        }
    }
}
