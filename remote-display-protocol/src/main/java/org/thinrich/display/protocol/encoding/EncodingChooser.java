package org.thinrich.display.protocol.encoding;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.thinrich.display.protocol.Messages.EncodedRect;

/**
 * The server's one place that picks an encoding per changed rectangle: one colour goes as solid
 * fill; everything else as zstd when the client takes it (all of an update's zstd rectangles in one
 * piece of the stream), else as zflat, else raw; always within what the client accepted.
 */
public final class EncodingChooser implements AutoCloseable {
    private final Set<Integer> accepted;
    private final EncoderState state = new EncoderState();

    public EncodingChooser(Set<Integer> accepted) {
        if (!accepted.contains(RawEncoding.ID)) throw new IllegalArgumentException("every client must accept raw");
        this.accepted = Set.copyOf(accepted);
    }

    public List<EncodedRect> encode(Framebuffer frame, List<Rect> rects) {
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
            if (accepted.contains(ZstdEncoding.ID)) {
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

    private static EncodedRect encoded(Rect rect, int encoding, byte[] payload) {
        return new EncodedRect(rect.x(), rect.y(), rect.width(), rect.height(), encoding, payload);
    }

    @Override
    public void close() {
        state.close();
    }
}
