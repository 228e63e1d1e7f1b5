package org.thinrich.display.protocol.encoding;

import java.util.Arrays;
import org.thinrich.display.protocol.Limits;
import org.thinrich.display.protocol.ProtocolException;

/** Pixels as 0xFFRRGGBB ints, row by row: what the server rendered, or what the client shows. */
public final class Framebuffer {
    private final int width;
    private final int height;
    private final int[] pixels;

    /** A black framebuffer. */
    public Framebuffer(int width, int height) {
        this(width, height, new int[area(width, height)], true);
    }

    /** A framebuffer with a copy of {@code argb}, its alpha bits set. */
    public Framebuffer(int width, int height, int[] argb) {
        this(width, height, argb.clone(), true);
    }

    /**
     * A framebuffer over {@code argb} itself, without a copy and as it is: the server's frames are
     * 4 MB each, the array is not written again by whoever made it, and an opaque window's pixels
     * have their alpha bits set already. No encoding sends alpha, so setting the bits again (a
     * millisecond per frame on the encoder) changed nothing on the wire.
     */
    public static Framebuffer wrap(int width, int height, int[] argb) {
        return new Framebuffer(width, height, argb, false);
    }

    private Framebuffer(int width, int height, int[] pixels, boolean setAlpha) {
        if (pixels.length != area(width, height)) throw new IllegalArgumentException(pixels.length + " pixels for " + width + "x" + height);
        this.width = width;
        this.height = height;
        this.pixels = pixels;
        if (setAlpha) for (int i = 0; i < pixels.length; i++) pixels[i] |= 0xFF000000;
    }

    /** The pixel count of a width x height framebuffer, checked against the limits before anything is allocated. */
    private static int area(int width, int height) {
        if (width < 1 || height < 1 || width > Limits.MAX_WIDTH || height > Limits.MAX_HEIGHT) {
            throw new ProtocolException("A framebuffer of " + width + "x" + height + " is outside 1x1.."
                    + Limits.MAX_WIDTH + "x" + Limits.MAX_HEIGHT);
        }
        return width * height;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The backing array; row {@code y} starts at {@code y * width()}. */
    public int[] pixels() {
        return pixels;
    }

    public int get(int x, int y) {
        return pixels[y * width + x];
    }

    public void set(int x, int y, int rgb) {
        pixels[y * width + x] = rgb | 0xFF000000;
    }

    /** Throws when {@code rect} does not lie inside this framebuffer. */
    public void check(Rect rect) {
        if (rect.x() < 0 || rect.y() < 0 || rect.width() < 1 || rect.height() < 1
                || rect.x() + rect.width() > width || rect.y() + rect.height() > height) {
            throw new ProtocolException("Rectangle " + rect + " is outside the " + width + "x" + height + " framebuffer");
        }
    }

    public void fill(Rect rect, int rgb) {
        check(rect);
        for (int row = rect.y(); row < rect.y() + rect.height(); row++) {
            int start = row * width + rect.x();
            Arrays.fill(pixels, start, start + rect.width(), rgb | 0xFF000000);
        }
    }

    /** Copies {@code rect} of {@code source} (same size as this) to {@code (toX, toY)} here. */
    public void copyFrom(Framebuffer source, Rect rect, int toX, int toY) {
        source.check(rect);
        check(new Rect(toX, toY, rect.width(), rect.height()));
        for (int row = 0; row < rect.height(); row++) {
            System.arraycopy(source.pixels, (rect.y() + row) * source.width + rect.x(), pixels, (toY + row) * width + toX, rect.width());
        }
    }

    public Framebuffer copy() {
        Framebuffer copy = new Framebuffer(width, height);
        System.arraycopy(pixels, 0, copy.pixels, 0, pixels.length);
        return copy;
    }

    public boolean samePixels(Framebuffer other) {
        return other.width == width && other.height == height && Arrays.equals(pixels, other.pixels);
    }
}
