package org.thinrich.display.protocol.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.thinrich.testing.Theories.qt;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.thinrich.display.protocol.ClientCodec;
import org.thinrich.display.protocol.Limits;
import org.thinrich.display.protocol.Messages.EncodedRect;
import org.thinrich.display.protocol.Messages.FramebufferUpdate;
import org.thinrich.display.protocol.ProtocolException;
import org.thinrich.display.protocol.ServerCodec;
import org.thinrich.testing.Theories;

/** Every encoding paints back exactly the pixels it was given; the whole pipeline keeps client and server equal. */
class EncodingProperties {

    /** A UI-like picture: a background, flat boxes from a small palette, and some anti-aliasing-like noise. */
    static Framebuffer picture(long seed, int width, int height, int noise) {
        Random random = new Random(seed);
        int[] palette = {0xFFFFFF, 0xF4F4F4, 0x418FCB, 0xAACCEE, 0x333333, 0xD0525F, 0x77C04B};
        Framebuffer frame = new Framebuffer(width, height);
        frame.fill(new Rect(0, 0, width, height), palette[random.nextInt(2)]);
        for (int i = random.nextInt(8); i > 0; i--) {
            int x = random.nextInt(width);
            int y = random.nextInt(height);
            frame.fill(new Rect(x, y, 1 + random.nextInt(width - x), 1 + random.nextInt(height - y)), palette[random.nextInt(palette.length)]);
        }
        for (int i = 0; i < noise; i++) frame.set(random.nextInt(width), random.nextInt(height), random.nextInt(0x1000000));
        return frame;
    }

    @Test
    void everyPixelEncoderRoundTrips() {
        qt(300).forAll(longs().all(), integers().between(1, 70), integers().between(1, 50), noise())
                .checkAssert(EncodingProperties::roundTripsThroughEveryPixelEncoder);
    }

    private static void roundTripsThroughEveryPixelEncoder(long seed, int width, int height, int noise) {
        Framebuffer frame = picture(seed, width, height, noise);
        Rect rect = new Rect(0, 0, width, height);
        for (PixelEncoder encoder : List.of(Encodings.RAW, Encodings.SOLID, Encodings.ZFLAT, Encodings.ZSTD)) {
            try (EncoderState out = new EncoderState(); DecoderState in = new DecoderState()) {
                byte[] payload = encoder.encode(frame, rect, out);
                if (payload == null) continue; // solid does not fit a picture of several colours
                Framebuffer target = new Framebuffer(width, height);
                encoder.decode(payload, rect, target, in);
                in.endUpdate();
                assertThat(target.samePixels(frame)).as("%s of %dx%d with %d noise pixels", encoder.name(), width, height, noise).isTrue();
            }
        }
    }

    @Test
    void serverAndClientFramebuffersStayEqualOverManyUpdates() {
        qt(100).forAll(longs().all(), encodingSets()).checkAssert(EncodingProperties::framebuffersStayEqual);
    }

    private static void framebuffersStayEqual(long seed, Set<Integer> accepted) {
        Random random = new Random(seed);
        int width = 40 + random.nextInt(100);
        int height = 30 + random.nextInt(80);
        Framebuffer server = picture(seed, width, height, 0);
        Framebuffer sent = new Framebuffer(width, height);
        Framebuffer client = new Framebuffer(width, height);
        try (EncodingChooser chooser = new EncodingChooser(accepted); UpdateDecoder decoder = new UpdateDecoder()) {
            // Long enough for a run of updates without pixels: a decoder keeps its streams through any number of them.
            for (int frame = 1; frame <= 40; frame++) {
                List<Rect> changed = FrameDiff.changed(sent, server, 1 + random.nextInt(24));
                FramebufferUpdate update = new FramebufferUpdate(frame, frame, chooser.encode(server, changed));
                assertThat(update.rects()).allMatch(r -> accepted.contains(r.encoding()));
                byte[] wire = ServerCodec.encode(update);
                decoder.apply((FramebufferUpdate) ClientCodec.decode(ByteBuffer.wrap(wire), Limits.DEFAULT_MAX_SERVER_MESSAGE), client);
                assertThat(client.samePixels(server)).as("frame %d", frame).isTrue();
                sent = server.copy();
                // A quiet spell of twenty updates without pixels (inputs answered, nothing changed),
                // and elsewhere every other update changes nothing either.
                if (frame >= 10 && frame < 30 || random.nextBoolean()) continue;
                Framebuffer next = picture(random.nextLong(), width, height, random.nextInt(20));
                // Change only part of the picture, as a UI does.
                int x = random.nextInt(width);
                int y = random.nextInt(height);
                server.copyFrom(next, new Rect(x, y, 1 + random.nextInt(width - x), 1 + random.nextInt(height - y)), x, y);
            }
        }
    }

    @Test
    void diffCoversEveryChangedPixel() {
        qt(200).forAll(longs().all(), integers().between(1, 40)).checkAssert(EncodingProperties::diffCovers);
    }

    private static void diffCovers(long seed, int tile) {
        Framebuffer before = picture(seed, 97, 61, 5);
        Framebuffer after = before.copy();
        Random random = new Random(~seed);
        for (int i = random.nextInt(30); i > 0; i--) after.set(random.nextInt(97), random.nextInt(61), random.nextInt(0x1000000));
        Framebuffer patched = before.copy();
        for (Rect r : FrameDiff.changed(before, after, tile)) {
            after.check(r);
            patched.copyFrom(after, r, r.x(), r.y());
            // ... and nothing more: every tile of a rectangle has a changed pixel.
            for (int ty = r.y(); ty < r.y() + r.height(); ty += tile) {
                for (int tx = r.x(); tx < r.x() + r.width(); tx += tile) {
                    assertThat(anyDiffers(before, after, tx, ty, Math.min(tile, 97 - tx), Math.min(tile, 61 - ty)))
                            .as("tile at %d,%d of %s", tx, ty, r).isTrue();
                }
            }
        }
        assertThat(patched.samePixels(after)).isTrue();
    }

    @Test
    void flippedBytesInAStreamOrImageArePaintedOrRefused() {
        qt(200).forAll(longs().all(), Generate.pick(List.of(ZflatEncoding.ID, ZstdEncoding.ID, JpegEncoding.ID)))
                .checkAssert(EncodingProperties::flippedBytesArePaintedOrRefused);
    }

    private static void flippedBytesArePaintedOrRefused(long seed, int encoding) {
        Random random = new Random(seed);
        Framebuffer frame = encoding == JpegEncoding.ID ? JpegEncodingTest.photo(64, 48, seed) : picture(seed, 64, 48, 300);
        Rect rect = new Rect(0, 0, 64, 48);
        byte[] payload;
        try (EncoderState out = new EncoderState()) {
            payload = ((PixelEncoder) Encodings.byId(encoding)).encode(frame, rect, out);
        }
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) payload[random.nextInt(payload.length)] ^= (byte) (1 + random.nextInt(255));
        try (UpdateDecoder decoder = new UpdateDecoder()) {
            decoder.apply(new FramebufferUpdate(1, 0, List.of(new EncodedRect(0, 0, 64, 48, encoding, payload))), new Framebuffer(64, 48));
        } catch (ProtocolException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    private static boolean anyDiffers(Framebuffer a, Framebuffer b, int x, int y, int w, int h) {
        for (int row = y; row < y + h; row++) {
            for (int col = x; col < x + w; col++) if (a.get(col, row) != b.get(col, row)) return true;
        }
        return false;
    }

    @Test
    void randomPayloadsArePaintedOrRefused() {
        qt(1000).forAll(Generate.pick(Encodings.allIds()), Theories.byteArrays(255), integers().between(1, 64), integers().between(1, 64))
                .checkAssert(EncodingProperties::randomPayloadIsPaintedOrRefused);
    }

    private static void randomPayloadIsPaintedOrRefused(int encoding, byte[] payload, int width, int height) {
        Framebuffer target = new Framebuffer(64, 64);
        try (DecoderState state = new DecoderState()) {
            state.beginUpdate(target, true);
            Encodings.byId(encoding).decode(payload, new Rect(0, 0, width, height), target, state);
        } catch (ProtocolException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @Test
    void copyRectReadsTheFrameAsItWasBeforeTheUpdate() {
        Framebuffer client = new Framebuffer(32, 16);
        client.fill(new Rect(0, 0, 16, 16), 0x112233);
        client.fill(new Rect(16, 0, 16, 16), 0x445566);
        // Swap the halves: the second copy must read the left half as it was, not as the first copy left it.
        FramebufferUpdate swap = new FramebufferUpdate(1, 0, List.of(
                new EncodedRect(0, 0, 16, 16, CopyRectEncoding.ID, CopyRectEncoding.payload(16, 0)),
                new EncodedRect(16, 0, 16, 16, CopyRectEncoding.ID, CopyRectEncoding.payload(0, 0))));
        try (UpdateDecoder decoder = new UpdateDecoder()) {
            decoder.apply(swap, client);
        }
        assertThat(client.get(0, 0) & 0xFFFFFF).isEqualTo(0x445566);
        assertThat(client.get(31, 15) & 0xFFFFFF).isEqualTo(0x112233);
    }

    @Test
    void rectangleOutsideTheFramebufferIsRefused() {
        FramebufferUpdate outside = new FramebufferUpdate(1, 0, List.of(
                new EncodedRect(30, 0, 16, 16, SolidEncoding.ID, new byte[] {1, 2, 3})));
        try (UpdateDecoder decoder = new UpdateDecoder()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.apply(outside, new Framebuffer(32, 16)))
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("outside the 32x16 framebuffer");
        }
    }

    @Test
    void flatContentCompressesWell() {
        Framebuffer frame = picture(7, 256, 256, 0);
        try (EncoderState state = new EncoderState()) {
            byte[] flat = Encodings.ZFLAT.encode(frame, new Rect(0, 0, 256, 256), state);
            assertThat(flat.length).as("zflat bytes for 196608 raw bytes").isLessThan(2_000);
        }
    }

    /** No noise, a little (anti-aliased edges), or a lot (a photo-like patch). */
    private static Gen<Integer> noise() {
        return Generate.oneOf(Generate.constant(0), integers().between(1, 20), integers().between(200, 3000));
    }

    private static Gen<Set<Integer>> encodingSets() {
        return Generate.pick(List.of(Set.of(0), Set.of(0, 2), Set.of(0, 3), Set.of(0, 4), Set.of(0, 2, 4), Set.of(0, 1, 2, 3), Set.of(0, 1, 2, 3, 4)));
    }
}
