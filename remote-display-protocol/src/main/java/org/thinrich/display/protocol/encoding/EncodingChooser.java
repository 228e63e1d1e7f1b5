package org.thinrich.display.protocol.encoding;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.thinrich.display.protocol.Messages.EncodedRect;

/**
 * The server's one place that picks an encoding per changed rectangle: one colour goes as solid
 * fill, everything else as zflat unless raw would be smaller, all within what the client accepted.
 */
public final class EncodingChooser implements AutoCloseable {
    private final Set<Integer> accepted;
    private final EncoderState state = new EncoderState();

    public EncodingChooser(Set<Integer> accepted) {
        if (!accepted.contains(RawEncoding.ID)) throw new IllegalArgumentException("every client must accept raw");
        this.accepted = Set.copyOf(accepted);
    }

    public List<EncodedRect> encode(Framebuffer frame, List<Rect> rects) {
        List<EncodedRect> encoded = new ArrayList<>(rects.size());
        for (Rect rect : rects) encoded.add(encode(frame, rect));
        return encoded;
    }

    private EncodedRect encode(Framebuffer frame, Rect rect) {
        if (accepted.contains(SolidEncoding.ID)) {
            byte[] solid = Encodings.SOLID.encode(frame, rect, state);
            if (solid != null) return new EncodedRect(rect.x(), rect.y(), rect.width(), rect.height(), SolidEncoding.ID, solid);
        }
        if (accepted.contains(ZflatEncoding.ID)) {
            // The zlib stream is shared by all rectangles, so zflat output is always sent once made.
            byte[] flat = Encodings.ZFLAT.encode(frame, rect, state);
            return new EncodedRect(rect.x(), rect.y(), rect.width(), rect.height(), ZflatEncoding.ID, flat);
        }
        return new EncodedRect(rect.x(), rect.y(), rect.width(), rect.height(), RawEncoding.ID, Encodings.RAW.encode(frame, rect, state));
    }

    @Override
    public void close() {
        state.close();
    }
}
