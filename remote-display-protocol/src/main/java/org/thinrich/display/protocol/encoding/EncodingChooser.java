package org.thinrich.display.protocol.encoding;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.thinrich.display.protocol.Messages.EncodedRect;

/**
 * The server's one place that picks an encoding per changed rectangle: one colour goes as solid
 * fill; a large photo-like rectangle (many colours) as jpeg if the client asked for lossy frames;
 * everything else as zstd when the client takes it (all of an update's zstd rectangles in one
 * piece of the stream), else as zflat, else raw; always within what the client accepted.
 */
public final class EncodingChooser implements AutoCloseable {
    private final Set<Integer> accepted;
    private final EncoderState state = new EncoderState();

    public EncodingChooser(Set<Integer> accepted) {
        if (!accepted.contains(RawEncoding.ID)) throw new IllegalArgumentException("every client must accept raw");
        this.accepted = Set.copyOf(accepted);
    }

    /** Lossy only where worth it: at least 64x64 pixels, and more colours than a palette holds. */
    static final int JPEG_MIN_AREA = 64 * 64;
    static final int JPEG_MIN_COLOURS = 256;

    public List<EncodedRect> encode(Framebuffer frame, List<Rect> rects) {
        return encode(frame, rects, accepted.contains(JpegEncoding.ID));
    }

    /** As {@link #encode} but never lossy: what the server sends when it refreshes jpeg regions. */
    public List<EncodedRect> encodeLossless(Framebuffer frame, List<Rect> rects) {
        return encode(frame, rects, false);
    }

    private List<EncodedRect> encode(Framebuffer frame, List<Rect> rects, boolean mayBeLossy) {
        EncodedRect[] encoded = new EncodedRect[rects.size()];
        List<Integer> forZstd = new ArrayList<>();
        for (int i = 0; i < rects.size(); i++) {
            Rect rect = rects.get(i);
            if (accepted.contains(SolidEncoding.ID)) {
                byte[] solid = Encodings.SOLID.encode(frame, rect, state);
                if (solid != null) {
                    encoded[i] = encoded(rect, SolidEncoding.ID, solid);
                    continue;
                }
            }
            if (mayBeLossy && rect.area() >= JPEG_MIN_AREA && coloursAtLeast(frame, rect, JPEG_MIN_COLOURS)) {
                encoded[i] = encoded(rect, JpegEncoding.ID, Encodings.JPEG.encode(frame, rect, state));
            } else if (accepted.contains(ZstdEncoding.ID)) {
                forZstd.add(i);
            } else if (accepted.contains(ZflatEncoding.ID)) {
                // The zlib stream is shared by all rectangles, so zflat output is always sent once made.
                encoded[i] = encoded(rect, ZflatEncoding.ID, Encodings.ZFLAT.encode(frame, rect, state));
            } else {
                encoded[i] = encoded(rect, RawEncoding.ID, Encodings.RAW.encode(frame, rect, state));
            }
        }
        if (!forZstd.isEmpty()) {
            List<byte[]> payloads = Encodings.ZSTD.encodePiece(frame, forZstd.stream().map(rects::get).toList(), state);
            for (int k = 0; k < forZstd.size(); k++) {
                int i = forZstd.get(k);
                encoded[i] = encoded(rects.get(i), ZstdEncoding.ID, payloads.get(k));
            }
        }
        return List.of(encoded);
    }

    /** Whether {@code rect} has at least {@code wanted} colours; stops counting there. */
    static boolean coloursAtLeast(Framebuffer frame, Rect rect, int wanted) {
        int[] table = new int[Integer.highestOneBit(Math.max(8, wanted)) * 4]; // open addressing, colours stored +1 so 0 means empty
        int count = 0;
        int[] pixels = frame.pixels();
        for (int y = rect.y(); y < rect.y() + rect.height(); y++) {
            for (int i = y * frame.width() + rect.x(), end = i + rect.width(); i < end; i++) {
                int key = (pixels[i] & 0xFFFFFF) + 1;
                int slot = (key * 0x9E3779B1 >>> 16) & (table.length - 1);
                while (table[slot] != 0 && table[slot] != key) slot = (slot + 1) & (table.length - 1);
                if (table[slot] == 0) {
                    table[slot] = key;
                    if (++count >= wanted) return true;
                }
            }
        }
        return false;
    }

    private static EncodedRect encoded(Rect rect, int encoding, byte[] payload) {
        return new EncodedRect(rect.x(), rect.y(), rect.width(), rect.height(), encoding, payload);
    }

    @Override
    public void close() {
        state.close();
    }
}
