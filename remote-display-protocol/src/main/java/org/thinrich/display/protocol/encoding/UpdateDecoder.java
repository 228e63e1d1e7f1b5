package org.thinrich.display.protocol.encoding;

import org.thinrich.display.protocol.Messages.EncodedRect;
import org.thinrich.display.protocol.Messages.FramebufferUpdate;

/** The client's one place that paints an update into its framebuffer, rectangle by rectangle. */
public final class UpdateDecoder implements AutoCloseable {
    private final DecoderState state = new DecoderState();
    private final EncodingStats stats = new EncodingStats();

    public void apply(FramebufferUpdate update, Framebuffer target) {
        boolean copies = update.rects().stream().anyMatch(r -> r.encoding() == CopyRectEncoding.ID);
        state.beginUpdate(target, copies);
        for (EncodedRect rect : update.rects()) {
            Encodings.byId(rect.encoding()).decode(rect.payload(), new Rect(rect.x(), rect.y(), rect.width(), rect.height()), target, state);
            stats.count(rect);
        }
        state.endUpdate();
    }

    public EncodingStats stats() {
        return stats;
    }

    @Override
    public void close() {
        state.close();
    }
}
