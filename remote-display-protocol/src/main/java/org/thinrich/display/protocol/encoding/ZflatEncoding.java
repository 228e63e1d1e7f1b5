package org.thinrich.display.protocol.encoding;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.thinrich.display.protocol.ProtocolException;
import org.thinrich.display.protocol.WireReader;

/**
 * Id 3, "zflat": lossless and made for flat UI content, in the manner of Tight and ZRLE. The
 * rectangle is written in the smallest of three forms, then through the connection's zlib stream
 * (one stream per connection, sync-flushed after each rectangle):
 * <ul>
 *   <li>mode 0, raw: R G B per pixel;</li>
 *   <li>mode 1, packed palette: n colours (2..16), then indices of 1, 2 or 4 bits, rows byte-aligned;</li>
 *   <li>mode 2, palette runs: n colours (1..255), then runs of (index, length) with the length
 *       less one written in bytes of 255 until a byte below 255, as ZRLE does.</li>
 * </ul>
 */
public final class ZflatEncoding implements PixelEncoder {
    public static final int ID = 3;
    static final int MODE_RAW = 0;
    static final int MODE_PACKED = 1;
    static final int MODE_RUNS = 2;
    private static final int MAX_PALETTE = 255;

    @Override
    public int id() {
        return ID;
    }

    @Override
    public String name() {
        return "zflat";
    }

    @Override
    public byte[] encode(Framebuffer frame, Rect rect, EncoderState state) {
        byte[] inner = flatten(frame, rect);
        Deflater deflater = state.deflater;
        deflater.setInput(inner);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, inner.length / 4));
        byte[] chunk = new byte[8192];
        int n;
        do {
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, n);
        } while (n == chunk.length || !deflater.needsInput());
        return out.toByteArray();
    }

    /** The rectangle in its smallest uncompressed form (mode byte first). */
    static byte[] flatten(Framebuffer frame, Rect rect) {
        int[] pixels = frame.pixels();
        int stride = frame.width();
        int[] palette = new int[MAX_PALETTE];
        int colours = 0;
        int runs = 0;
        long runBytes = 0;
        int previous = 0;
        int runLength = 0;
        boolean fitsPalette = true;
        for (int row = rect.y(); row < rect.y() + rect.height(); row++) {
            for (int i = row * stride + rect.x(), end = i + rect.width(); i < end; i++) {
                int p = pixels[i] & 0xFFFFFF;
                if (fitsPalette && indexOf(palette, colours, p) < 0) {
                    if (colours == MAX_PALETTE) fitsPalette = false;
                    else palette[colours++] = p;
                }
                if (runLength > 0 && p == previous) {
                    runLength++;
                } else {
                    if (runLength > 0) {
                        runs++;
                        runBytes += 1 + (runLength - 1) / 255 + 1;
                    }
                    previous = p;
                    runLength = 1;
                }
            }
        }
        runs++;
        runBytes += 1 + (runLength - 1) / 255 + 1;
        long area = rect.area();
        long rawSize = 1 + area * 3;
        long packedSize = Long.MAX_VALUE;
        int bits = 0;
        if (fitsPalette && colours >= 2 && colours <= 16) {
            bits = colours <= 2 ? 1 : colours <= 4 ? 2 : 4;
            packedSize = 2 + 3L * colours + (long) rect.height() * ((rect.width() * bits + 7) / 8);
        }
        long runsSize = fitsPalette ? 2 + 3L * colours + runBytes : Long.MAX_VALUE;
        if (runsSize <= packedSize && runsSize < rawSize) return runs(frame, rect, palette, colours, (int) runsSize);
        if (packedSize < rawSize) return packed(frame, rect, palette, colours, bits, (int) packedSize);
        byte[] raw = new byte[(int) rawSize];
        raw[0] = MODE_RAW;
        int o = 1;
        for (int row = rect.y(); row < rect.y() + rect.height(); row++) {
            for (int i = row * stride + rect.x(), end = i + rect.width(); i < end; i++) {
                int p = pixels[i];
                raw[o++] = (byte) (p >>> 16);
                raw[o++] = (byte) (p >>> 8);
                raw[o++] = (byte) p;
            }
        }
        return raw;
    }

    private static byte[] packed(Framebuffer frame, Rect rect, int[] palette, int colours, int bits, int size) {
        byte[] out = new byte[size];
        int o = header(out, MODE_PACKED, palette, colours);
        int[] pixels = frame.pixels();
        int rowBytes = (rect.width() * bits + 7) / 8;
        for (int row = rect.y(); row < rect.y() + rect.height(); row++, o += rowBytes) {
            int bit = 0;
            for (int i = row * frame.width() + rect.x(), end = i + rect.width(); i < end; i++, bit += bits) {
                int index = indexOf(palette, colours, pixels[i] & 0xFFFFFF);
                out[o + (bit >>> 3)] |= (byte) (index << (8 - bits - (bit & 7)));
            }
        }
        return out;
    }

    private static byte[] runs(Framebuffer frame, Rect rect, int[] palette, int colours, int size) {
        byte[] out = new byte[size];
        int o = header(out, MODE_RUNS, palette, colours);
        int[] pixels = frame.pixels();
        int previous = -1;
        int runLength = 0;
        for (int row = rect.y(); row < rect.y() + rect.height(); row++) {
            for (int i = row * frame.width() + rect.x(), end = i + rect.width(); i < end; i++) {
                int p = pixels[i] & 0xFFFFFF;
                if (runLength > 0 && p == previous) {
                    runLength++;
                } else {
                    if (runLength > 0) o = writeRun(out, o, indexOf(palette, colours, previous), runLength);
                    previous = p;
                    runLength = 1;
                }
            }
        }
        writeRun(out, o, indexOf(palette, colours, previous), runLength);
        return out;
    }

    private static int header(byte[] out, int mode, int[] palette, int colours) {
        out[0] = (byte) mode;
        out[1] = (byte) colours;
        int o = 2;
        for (int c = 0; c < colours; c++) {
            out[o++] = (byte) (palette[c] >>> 16);
            out[o++] = (byte) (palette[c] >>> 8);
            out[o++] = (byte) palette[c];
        }
        return o;
    }

    private static int writeRun(byte[] out, int o, int index, int length) {
        out[o++] = (byte) index;
        int rest = length - 1;
        while (rest >= 255) {
            out[o++] = (byte) 255;
            rest -= 255;
        }
        out[o++] = (byte) rest;
        return o;
    }

    private static int indexOf(int[] palette, int colours, int colour) {
        // Small palettes: a linear scan beats hashing, and the most recent colour is usually first hit.
        for (int c = 0; c < colours; c++) if (palette[c] == colour) return c;
        return -1;
    }

    @Override
    public void decode(byte[] payload, Rect rect, Framebuffer target, DecoderState state) {
        target.check(rect);
        long area = rect.area();
        // No form of a rectangle is larger than this; more output means a broken or hostile stream.
        int limit = Math.toIntExact(2 + 3L * MAX_PALETTE + area * 3 + 1);
        byte[] inner = inflate(payload, state, limit);
        WireReader in = new WireReader(inner);
        int mode = in.u8("zflat mode");
        int[] pixels = target.pixels();
        int stride = target.width();
        switch (mode) {
            case MODE_RAW -> {
                if (in.remaining() != area * 3) throw new ProtocolException("A zflat raw rectangle has " + in.remaining() + " bytes, not " + area * 3);
                int b = 1;
                for (int row = rect.y(); row < rect.y() + rect.height(); row++) {
                    for (int i = row * stride + rect.x(), end = i + rect.width(); i < end; i++, b += 3) {
                        pixels[i] = 0xFF000000 | (inner[b] & 0xFF) << 16 | (inner[b + 1] & 0xFF) << 8 | (inner[b + 2] & 0xFF);
                    }
                }
                return;
            }
            case MODE_PACKED -> {
                int colours = in.u8("palette size");
                if (colours < 2 || colours > 16) throw new ProtocolException("A packed palette has 2..16 colours, not " + colours);
                int[] palette = readPalette(in, colours);
                int bits = colours <= 2 ? 1 : colours <= 4 ? 2 : 4;
                int rowBytes = (rect.width() * bits + 7) / 8;
                if (in.remaining() != (long) rowBytes * rect.height()) throw new ProtocolException("A packed rectangle has the wrong length");
                byte[] rowData = new byte[rowBytes];
                for (int row = rect.y(); row < rect.y() + rect.height(); row++) {
                    in.bytes(rowBytes, "packed row").get(rowData);
                    int bit = 0;
                    for (int i = row * stride + rect.x(), end = i + rect.width(); i < end; i++, bit += bits) {
                        int index = (rowData[bit >>> 3] >>> (8 - bits - (bit & 7))) & ((1 << bits) - 1);
                        if (index >= colours) throw new ProtocolException("Palette index " + index + " of " + colours);
                        pixels[i] = palette[index];
                    }
                }
            }
            case MODE_RUNS -> {
                int colours = in.u8("palette size");
                if (colours < 1) throw new ProtocolException("A run palette needs at least one colour");
                int[] palette = readPalette(in, colours);
                long left = 0;
                int colour = 0;
                for (int row = rect.y(); row < rect.y() + rect.height(); row++) {
                    for (int i = row * stride + rect.x(), end = i + rect.width(); i < end; i++) {
                        if (left == 0) {
                            int index = in.u8("run colour");
                            if (index >= colours) throw new ProtocolException("Palette index " + index + " of " + colours);
                            colour = palette[index];
                            left = 1;
                            int b;
                            do {
                                b = in.u8("run length");
                                left += b;
                            } while (b == 255);
                        }
                        pixels[i] = colour;
                        left--;
                    }
                }
                if (left != 0) throw new ProtocolException("A run goes past the end of its rectangle");
            }
            default -> throw new ProtocolException("Unknown zflat mode " + mode);
        }
        in.end("A zflat rectangle");
    }

    private static int[] readPalette(WireReader in, int colours) {
        int[] palette = new int[colours];
        for (int c = 0; c < colours; c++) palette[c] = 0xFF000000 | in.u8("r") << 16 | in.u8("g") << 8 | in.u8("b");
        return palette;
    }

    private static byte[] inflate(byte[] payload, DecoderState state, int limit) {
        var inflater = state.inflater;
        inflater.setInput(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, Math.max(256, payload.length * 4)));
        byte[] chunk = new byte[Math.min(limit + 1, 16384)];
        try {
            while (true) {
                int n = inflater.inflate(chunk);
                if (n > 0) {
                    out.write(chunk, 0, n);
                    if (out.size() > limit) throw new ProtocolException("A zflat rectangle inflates past its largest possible size");
                } else if (inflater.needsInput() || inflater.finished()) {
                    break;
                } else if (inflater.needsDictionary()) {
                    throw new ProtocolException("The zflat stream asks for a dictionary");
                }
            }
        } catch (DataFormatException e) {
            throw new ProtocolException("The zflat stream is corrupt: " + e.getMessage());
        }
        return out.toByteArray();
    }
}
