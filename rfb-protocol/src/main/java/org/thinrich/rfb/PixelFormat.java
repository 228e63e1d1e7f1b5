package org.thinrich.rfb;

import java.nio.ByteBuffer;

/**
 * How a pixel is laid out on the wire (RFC 6143 7.4). Only true-colour formats: a colour map would
 * need SetColourMapEntries, which no viewer of this decade asks for.
 */
public record PixelFormat(int bitsPerPixel, int depth, boolean bigEndian, boolean trueColour, int redMax, int greenMax, int blueMax,
                          int redShift, int greenShift, int blueShift) {
    /** 32 bits, 8 per channel, little-endian: what a server offers and most viewers keep. */
    public static final PixelFormat DEFAULT = new PixelFormat(32, 24, false, true, 255, 255, 255, 16, 8, 0);

    public PixelFormat {
        if (bitsPerPixel != 8 && bitsPerPixel != 16 && bitsPerPixel != 32) throw new RfbException("Pixels of " + bitsPerPixel + " bits are not RFB's");
        if (!trueColour) throw new RfbException("Colour-map pixel formats are not supported; ask for true colour");
        checkChannel(redMax, redShift, bitsPerPixel);
        checkChannel(greenMax, greenShift, bitsPerPixel);
        checkChannel(blueMax, blueShift, bitsPerPixel);
    }

    private static void checkChannel(int max, int shift, int bits) {
        if (max < 1 || max > 0xFFFF || Integer.bitCount(max + 1) != 1 || shift < 0 || shift >= bits
                || ((long) max << shift) >= (1L << bits)) {
            throw new RfbException("A colour channel with max " + max + " at shift " + shift + " does not fit " + bits + "-bit pixels");
        }
    }

    public int bytesPerPixel() {
        return bitsPerPixel / 8;
    }

    /** Reads the 16 bytes of a PIXEL_FORMAT. */
    public static PixelFormat read(ByteBuffer in) {
        int bpp = in.get() & 0xFF;
        int depth = in.get() & 0xFF;
        boolean big = in.get() != 0;
        boolean tc = in.get() != 0;
        int rm = in.getShort() & 0xFFFF;
        int gm = in.getShort() & 0xFFFF;
        int bm = in.getShort() & 0xFFFF;
        int rs = in.get() & 0xFF;
        int gs = in.get() & 0xFF;
        int bs = in.get() & 0xFF;
        in.position(in.position() + 3);
        return new PixelFormat(bpp, depth, big, tc, rm, gm, bm, rs, gs, bs);
    }

    public void write(Bytes out) {
        out.u8(bitsPerPixel).u8(depth).u8(bigEndian ? 1 : 0).u8(trueColour ? 1 : 0).u16(redMax).u16(greenMax).u16(blueMax)
                .u8(redShift).u8(greenShift).u8(blueShift).u8(0).u8(0).u8(0);
    }

    /** The pixel value of 0xRRGGBB. */
    public int pack(int rgb) {
        return scale((rgb >>> 16) & 0xFF, redMax) << redShift | scale((rgb >>> 8) & 0xFF, greenMax) << greenShift
                | scale(rgb & 0xFF, blueMax) << blueShift;
    }

    /** 0xFFRRGGBB of a pixel value. */
    public int unpack(int pixel) {
        return 0xFF000000 | unscale((pixel >>> redShift) & redMax, redMax) << 16 | unscale((pixel >>> greenShift) & greenMax, greenMax) << 8
                | unscale((pixel >>> blueShift) & blueMax, blueMax);
    }

    private static int scale(int v, int max) {
        return max == 255 ? v : (v * max + 127) / 255;
    }

    private static int unscale(int v, int max) {
        return max == 255 ? v : (v * 255 + max / 2) / max;
    }

    /** Writes a whole pixel, bytesPerPixel bytes in this format's byte order. */
    public void writePixel(Bytes out, int rgb) {
        int p = pack(rgb);
        switch (bitsPerPixel) {
            case 8 -> out.u8(p);
            case 16 -> {
                if (bigEndian) out.u8(p >>> 8).u8(p);
                else out.u8(p).u8(p >>> 8);
            }
            default -> {
                if (bigEndian) out.u8(p >>> 24).u8(p >>> 16).u8(p >>> 8).u8(p);
                else out.u8(p).u8(p >>> 8).u8(p >>> 16).u8(p >>> 24);
            }
        }
    }

    public int readPixel(ByteBuffer in) {
        int p = switch (bitsPerPixel) {
            case 8 -> in.get() & 0xFF;
            case 16 -> {
                int a = in.get() & 0xFF;
                int b = in.get() & 0xFF;
                yield bigEndian ? a << 8 | b : b << 8 | a;
            }
            default -> {
                int a = in.get() & 0xFF;
                int b = in.get() & 0xFF;
                int c = in.get() & 0xFF;
                int d = in.get() & 0xFF;
                yield bigEndian ? a << 24 | b << 16 | c << 8 | d : d << 24 | c << 16 | b << 8 | a;
            }
        };
        return unpack(p);
    }

    private int colourMask() {
        return redMax << redShift | greenMax << greenShift | blueMax << blueShift;
    }

    /**
     * ZRLE's CPIXEL: 3 bytes when a 32-bit pixel's colour fits in its low or its high three bytes
     * (RFC 6143 7.7.6), else the whole pixel.
     */
    public int compactPixelBytes() {
        if (bitsPerPixel == 32 && depth <= 24) {
            int mask = colourMask();
            if ((mask & 0xFF000000) == 0 || (mask & 0xFF) == 0) return 3;
        }
        return bytesPerPixel();
    }

    /** Writes a CPIXEL. */
    public void writeCompactPixel(Bytes out, int rgb) {
        if (compactPixelBytes() != 3) {
            writePixel(out, rgb);
            return;
        }
        int p = pack(rgb);
        boolean low = (colourMask() & 0xFF000000) == 0;
        if (low == !bigEndian) { // the three bytes that carry colour come first in this byte order
            if (bigEndian) out.u8(p >>> 24).u8(p >>> 16).u8(p >>> 8);
            else out.u8(p).u8(p >>> 8).u8(p >>> 16);
        } else {
            if (bigEndian) out.u8(p >>> 16).u8(p >>> 8).u8(p);
            else out.u8(p >>> 8).u8(p >>> 16).u8(p >>> 24);
        }
    }

    public int readCompactPixel(ByteBuffer in) {
        if (compactPixelBytes() != 3) return readPixel(in);
        int a = in.get() & 0xFF;
        int b = in.get() & 0xFF;
        int c = in.get() & 0xFF;
        boolean low = (colourMask() & 0xFF000000) == 0;
        int p;
        if (low == !bigEndian) p = bigEndian ? a << 24 | b << 16 | c << 8 : c << 16 | b << 8 | a;
        else p = bigEndian ? a << 16 | b << 8 | c : c << 24 | b << 16 | a << 8;
        return unpack(p);
    }

    /** Tight's TPIXEL: R, G, B bytes when the format is 32-bit with 8 bits a channel, else the whole pixel. */
    public boolean tightRgb() {
        return bitsPerPixel == 32 && depth == 24 && redMax == 255 && greenMax == 255 && blueMax == 255;
    }

    public int tightPixelBytes() {
        return tightRgb() ? 3 : bytesPerPixel();
    }

    public void writeTightPixel(Bytes out, int rgb) {
        if (tightRgb()) out.u8(rgb >>> 16).u8(rgb >>> 8).u8(rgb);
        else writePixel(out, rgb);
    }

    public int readTightPixel(ByteBuffer in) {
        if (!tightRgb()) return readPixel(in);
        return 0xFF000000 | (in.get() & 0xFF) << 16 | (in.get() & 0xFF) << 8 | (in.get() & 0xFF);
    }
}
