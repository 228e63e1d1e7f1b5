package org.thinrich.display.protocol.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.thinrich.display.protocol.Messages.EncodedRect;
import org.thinrich.display.protocol.Messages.FramebufferUpdate;
import org.thinrich.display.protocol.ProtocolException;

/** The zstd encoding's stream rules: one piece per update, history across updates, and what a decoder refuses. */
class ZstdEncodingTest {

    @Test
    void allRectanglesOfAnUpdateTravelInTheFirstPayload() {
        Framebuffer frame = EncodingProperties.picture(3, 120, 80, 300);
        List<Rect> rects = List.of(new Rect(0, 0, 60, 40), new Rect(60, 0, 60, 40), new Rect(0, 40, 120, 40));
        try (EncoderState out = new EncoderState(); UpdateDecoder decoder = new UpdateDecoder()) {
            List<byte[]> payloads = Encodings.ZSTD.encodePiece(frame, rects, out);
            assertThat(payloads.get(0)).isNotEmpty();
            assertThat(payloads.subList(1, 3)).allMatch(p -> p.length == 0);
            Framebuffer client = new Framebuffer(120, 80);
            decoder.apply(update(1, rects, payloads), client);
            assertThat(client.samePixels(frame)).isTrue();
        }
    }

    /**
     * An update without zstd rectangles (an input answered with no pixel changed, a solid fill)
     * must leave the stream alone. The end-of-update check asked zstd for one more byte every
     * time, and zstd counts calls that make no progress: the sixteenth in a row failed as a corrupt
     * stream (a drag under load closed thin sessions this way).
     */
    @Test
    void manyUpdatesWithoutZstdBetweenTwoWithItDecode() {
        Framebuffer frame = EncodingProperties.picture(7, 64, 48, 300);
        Rect left = new Rect(0, 0, 32, 48);
        Rect right = new Rect(32, 0, 32, 48);
        try (EncoderState out = new EncoderState(); UpdateDecoder decoder = new UpdateDecoder()) {
            Framebuffer client = new Framebuffer(64, 48);
            decoder.apply(update(1, List.of(left), Encodings.ZSTD.encodePiece(frame, List.of(left), out)), client);
            for (int frameNumber = 2; frameNumber < 50; frameNumber++) {
                decoder.apply(new FramebufferUpdate(frameNumber, frameNumber, List.of()), client);
            }
            decoder.apply(update(50, List.of(right), Encodings.ZSTD.encodePiece(frame, List.of(right), out)), client);
            assertThat(client.samePixels(frame)).isTrue();
        }
    }

    @Test
    void pixelsSentBeforeCostFewBytesAgain() {
        // The same busy picture twice: the second time the 8 MiB window still holds the first.
        Framebuffer frame = EncodingProperties.picture(5, 400, 300, 40_000);
        Rect all = new Rect(0, 0, 400, 300);
        try (EncoderState out = new EncoderState(); UpdateDecoder decoder = new UpdateDecoder()) {
            byte[] first = Encodings.ZSTD.encode(frame, all, out);
            byte[] again = Encodings.ZSTD.encode(frame, all, out);
            assertThat(again.length).as("second time, against %d bytes the first time", first.length).isLessThan(first.length / 20);
            Framebuffer client = new Framebuffer(400, 300);
            decoder.apply(update(1, List.of(all), List.of(first)), client);
            client.fill(all, 0);
            decoder.apply(update(2, List.of(all), List.of(again)), client);
            assertThat(client.samePixels(frame)).isTrue();
        }
    }

    @Test
    void aStreamAskingForAWindowAbove8MiBIsRefused() {
        byte[] pixels = new byte[16 * 16 * 3];
        byte[] piece = compress(pixels, 25);
        try (UpdateDecoder decoder = new UpdateDecoder()) {
            assertThatThrownBy(() -> decoder.apply(update(1, List.of(new Rect(0, 0, 16, 16)), List.of(piece)), new Framebuffer(16, 16)))
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("zstd");
        }
    }

    @Test
    void moreDataThanTheRectanglesHoldIsRefused() {
        Framebuffer frame = EncodingProperties.picture(9, 32, 32, 50);
        try (EncoderState out = new EncoderState(); UpdateDecoder decoder = new UpdateDecoder()) {
            byte[] piece = Encodings.ZSTD.encode(frame, new Rect(0, 0, 32, 32), out);
            // The piece is for 32x32 pixels; an update that claims only 32x16 of them leaves data over.
            assertThatThrownBy(() -> decoder.apply(update(1, List.of(new Rect(0, 0, 32, 16)), List.of(piece)), new Framebuffer(32, 32)))
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("more than its rectangles");
        }
    }

    @Test
    void aTruncatedPieceIsRefused() {
        Framebuffer frame = EncodingProperties.picture(11, 64, 64, 2_000);
        Random random = new Random(11);
        try (EncoderState out = new EncoderState()) {
            byte[] piece = Encodings.ZSTD.encode(frame, new Rect(0, 0, 64, 64), out);
            for (int i = 0; i < 20; i++) {
                byte[] cut = Arrays.copyOf(piece, random.nextInt(piece.length));
                try (UpdateDecoder decoder = new UpdateDecoder()) {
                    assertThatThrownBy(() -> decoder.apply(update(1, List.of(new Rect(0, 0, 64, 64)), List.of(cut)), new Framebuffer(64, 64)))
                            .as("cut at %d of %d", cut.length, piece.length).isInstanceOf(ProtocolException.class);
                }
            }
        }
    }

    private static FramebufferUpdate update(int frame, List<Rect> rects, List<byte[]> payloads) {
        List<EncodedRect> encoded = new java.util.ArrayList<>();
        for (int i = 0; i < rects.size(); i++) {
            Rect r = rects.get(i);
            encoded.add(new EncodedRect(r.x(), r.y(), r.width(), r.height(), ZstdEncoding.ID, payloads.get(i)));
        }
        return new FramebufferUpdate(frame, 0, encoded);
    }

    private static byte[] compress(byte[] data, int windowLog) {
        try (ZstdCompressCtx ctx = new ZstdCompressCtx().setWindowLog(windowLog)) {
            ByteBuffer in = ByteBuffer.allocateDirect(data.length).put(data).flip();
            ByteBuffer out = ByteBuffer.allocateDirect(data.length + 1024);
            while (!ctx.compressDirectByteBufferStream(out, in, EndDirective.FLUSH)) {
                // a small input fits one call; the loop only guards against a partial flush
            }
            out.flip();
            byte[] bytes = new byte[out.remaining()];
            out.get(bytes);
            return bytes;
        }
    }
}
