package org.thinrich.display.protocol.encoding;

import java.util.zip.Inflater;

/**
 * What a client keeps per connection to decode: the zlib stream of ZFLAT, and the framebuffer as
 * it was before the update being applied, which copy-rect reads from.
 */
public final class DecoderState implements AutoCloseable {
    final Inflater inflater = new Inflater();
    Framebuffer beforeUpdate;

    /** Call before applying an update that has copy-rect rectangles. */
    public void beginUpdate(Framebuffer current, boolean needsCopySource) {
        beforeUpdate = needsCopySource ? current.copy() : null;
    }

    @Override
    public void close() {
        inflater.end();
    }
}
