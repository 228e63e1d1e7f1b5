package org.thinrich.rfb.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.Rect;
import org.thinrich.rfb.Bytes;
import org.thinrich.rfb.PixelFormat;
import org.thinrich.rfb.Rfb;
import org.thinrich.testing.Theories;

/**
 * Every encoding, for every screen and pixel format a viewer may ask for: what the viewer decodes
 * is what the server had, up to the format's colour depth, rectangle after rectangle on one
 * connection's zlib streams.
 */
class EncodingProperties {
    static final List<PixelFormat> FORMATS = List.of(PixelFormat.DEFAULT,
            new PixelFormat(32, 24, true, true, 255, 255, 255, 16, 8, 0),
            new PixelFormat(32, 24, false, true, 255, 255, 255, 24, 16, 8),
            new PixelFormat(16, 16, false, true, 31, 63, 31, 11, 5, 0),
            new PixelFormat(8, 8, false, true, 7, 7, 3, 0, 3, 6));

    @Test
    void whatTheViewerDecodesIsWhatTheServerHad() {
        Theories.qt(200).forAll(longs().all(), integers().between(0, FORMATS.size() - 1), integers().between(0, 2))
                .checkAssert((seed, formatIndex, encoderIndex) -> {
                    PixelFormat format = FORMATS.get(formatIndex);
                    RectEncoder encoder = List.<RectEncoder>of(new RawEncoder(), new ZrleEncoder(2), new TightEncoder(2)).get(encoderIndex);
                    RectDecoder decoder = List.<RectDecoder>of(new RawDecoder(), new ZrleDecoder(), new TightDecoder()).get(encoderIndex);
                    Random random = new Random(seed);
                    int w = 1 + random.nextInt(random.nextBoolean() ? 40 : 300);
                    int h = 1 + random.nextInt(random.nextBoolean() ? 40 : 200);
                    Framebuffer viewer = new Framebuffer(w, h);
                    Framebuffer server = new Framebuffer(w, h);
                    for (int round = 0; round < 3; round++) {
                        Rect area = paint(server, random);
                        Bytes wire = new Bytes();
                        int rects = encoder.encode(server, area, format, wire);
                        decode(wire.toByteArray(), rects, decoder, viewer, format);
                        for (int y = area.y(); y < area.y() + area.height(); y++) {
                            for (int x = area.x(); x < area.x() + area.width(); x++) {
                                int expected = format.unpack(format.pack(server.get(x, y)));
                                assertThat(viewer.get(x, y)).as("pixel %d,%d of %s", x, y, area).isEqualTo(expected);
                            }
                        }
                    }
                });
    }

    /** Paints something a UI draws (fills, text-like strokes, a photo-like patch) and returns a changed area. */
    static Rect paint(Framebuffer fb, Random random) {
        int[] palette = new int[1 + random.nextInt(random.nextInt(3) == 0 ? 300 : 6)];
        for (int i = 0; i < palette.length; i++) palette[i] = random.nextInt(0x1000000);
        int x0 = random.nextInt(fb.width());
        int y0 = random.nextInt(fb.height());
        int w = 1 + random.nextInt(fb.width() - x0);
        int h = 1 + random.nextInt(fb.height() - y0);
        int background = palette[0];
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                int c = random.nextInt(10) < 7 ? background : palette[random.nextInt(palette.length)];
                fb.set(x, y, c);
            }
        }
        return new Rect(x0, y0, w, h);
    }

    static void decode(byte[] wire, int rects, RectDecoder decoder, Framebuffer target, PixelFormat format) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(wire));
            for (int i = 0; i < rects; i++) {
                Rect r = new Rect(in.readUnsignedShort(), in.readUnsignedShort(), in.readUnsignedShort(), in.readUnsignedShort());
                assertThat(in.readInt()).isEqualTo(decoder.id());
                decoder.decode(in, r, target, format);
            }
            assertThat(in.available()).as("bytes left after %d rectangles", rects).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void tightSplitsWideAndLargeAreasAsViewersRequire() {
        Framebuffer fb = new Framebuffer(3000, 100);
        Random random = new Random(1);
        for (int i = 0; i < fb.pixels().length; i++) fb.pixels()[i] = 0xFF000000 | random.nextInt(0x1000000);
        Bytes wire = new Bytes();
        int rects = new TightEncoder(1).encode(fb, new Rect(0, 0, 3000, 100), PixelFormat.DEFAULT, wire);
        byte[] b = wire.toByteArray();
        assertThat(rects).isGreaterThan(4);
        Framebuffer viewer = new Framebuffer(3000, 100);
        decode(b, rects, new TightDecoder(), viewer, PixelFormat.DEFAULT);
        assertThat(viewer.samePixels(fb)).isTrue();
    }

    @Test
    void aSolidTileCostsAFewBytes() {
        Framebuffer fb = new Framebuffer(64, 64);
        java.util.Arrays.fill(fb.pixels(), 0xFFFFFFFF);
        Bytes tight = new Bytes();
        new TightEncoder(2).encode(fb, new Rect(0, 0, 64, 64), PixelFormat.DEFAULT, tight);
        assertThat(tight.size()).isEqualTo(12 + 1 + 3);
        Bytes zrle = new Bytes();
        new ZrleEncoder(2).encode(fb, new Rect(0, 0, 64, 64), PixelFormat.DEFAULT, zrle);
        assertThat(zrle.size()).isLessThan(12 + 4 + 16);
        assertThat(Rfb.encodingName(Rfb.ZRLE)).isEqualTo("zrle");
    }
}
