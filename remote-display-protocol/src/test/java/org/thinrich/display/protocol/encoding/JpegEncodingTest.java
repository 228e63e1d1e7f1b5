package org.thinrich.display.protocol.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.thinrich.display.protocol.Messages.EncodedRect;
import org.thinrich.display.protocol.ProtocolException;

/** The optional lossy encoding: chosen only for photo-like regions of clients that ask, close to the original, checked on decode. */
class JpegEncodingTest {

    /** A photo-like picture: smooth colour gradients with sensor-like noise, thousands of colours. */
    static Framebuffer photo(int width, int height, long seed) {
        Random random = new Random(seed);
        Framebuffer frame = new Framebuffer(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = clamp(x * 255 / width + random.nextInt(9) - 4);
                int g = clamp(y * 255 / height + random.nextInt(9) - 4);
                int b = clamp((x + y) * 127 / (width + height) + 64 + random.nextInt(9) - 4);
                frame.set(x, y, r << 16 | g << 8 | b);
            }
        }
        return frame;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    @Test
    void photoLikeRegionsGoAsJpegOnlyToClientsThatAskAndOnlyThere() {
        Framebuffer frame = EncodingProperties.picture(1, 400, 200, 0); // flat UI boxes
        Framebuffer photo = photo(200, 200, 2);
        frame.copyFrom(photo, new Rect(0, 0, 200, 200), 200, 0);
        List<Rect> rects = List.of(new Rect(0, 0, 200, 200), new Rect(200, 0, 200, 200));
        try (EncodingChooser lossy = new EncodingChooser(Set.of(0, 2, 4, 5)); EncodingChooser lossless = new EncodingChooser(Set.of(0, 2, 4))) {
            List<EncodedRect> asked = lossy.encode(frame, rects);
            assertThat(asked.get(0).encoding()).as("flat UI region").isNotEqualTo(JpegEncoding.ID);
            assertThat(asked.get(1).encoding()).as("photo region").isEqualTo(JpegEncoding.ID);
            assertThat(lossy.encodeLossless(frame, rects)).noneMatch(r -> r.encoding() == JpegEncoding.ID);
            assertThat(lossless.encode(frame, rects)).noneMatch(r -> r.encoding() == JpegEncoding.ID);
        }
    }

    @Test
    void jpegIsCloseToTheOriginalAndFarSmallerThanLosslessForPhotos() {
        Framebuffer photo = photo(256, 256, 3);
        Rect all = new Rect(0, 0, 256, 256);
        try (EncoderState out = new EncoderState(); DecoderState in = new DecoderState()) {
            byte[] jpeg = Encodings.JPEG.encode(photo, all, out);
            byte[] zstd = Encodings.ZSTD.encode(photo, all, out);
            assertThat(jpeg.length).as("jpeg bytes against %d of zstd", zstd.length).isLessThan(zstd.length / 3);
            Framebuffer client = new Framebuffer(256, 256);
            Encodings.JPEG.decode(jpeg, all, client, in);
            long error = 0;
            for (int i = 0; i < photo.pixels().length; i++) {
                int a = photo.pixels()[i];
                int b = client.pixels()[i];
                for (int shift = 0; shift <= 16; shift += 8) error += Math.abs((a >> shift & 0xFF) - (b >> shift & 0xFF));
            }
            assertThat(error / (256.0 * 256 * 3)).as("mean error per channel").isLessThan(6.0);
        }
    }

    @Test
    void aJpegOfAnotherSizeOrCutShortIsRefused() {
        Framebuffer photo = photo(64, 64, 4);
        try (EncoderState out = new EncoderState(); DecoderState in = new DecoderState()) {
            byte[] jpeg = Encodings.JPEG.encode(photo, new Rect(0, 0, 64, 64), out);
            assertThatThrownBy(() -> Encodings.JPEG.decode(jpeg, new Rect(0, 0, 32, 64), new Framebuffer(64, 64), in))
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("holds a 64x64 image");
            byte[] cut = Arrays.copyOf(jpeg, 40);
            assertThatThrownBy(() -> Encodings.JPEG.decode(cut, new Rect(0, 0, 64, 64), new Framebuffer(64, 64), in))
                    .isInstanceOf(ProtocolException.class);
        }
    }
}
