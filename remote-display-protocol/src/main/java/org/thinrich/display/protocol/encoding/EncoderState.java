package org.thinrich.display.protocol.encoding;

import java.util.zip.Deflater;

/**
 * What a server keeps per connection to encode: the one zlib stream of the ZFLAT encoding. A
 * stream for the whole connection, as in ZRLE, lets later rectangles refer back to the glyphs and
 * borders of earlier ones.
 */
public final class EncoderState implements AutoCloseable {
    final Deflater deflater;

    public EncoderState(int level) {
        deflater = new Deflater(level);
    }

    public EncoderState() {
        this(9);
    }

    @Override
    public void close() {
        deflater.end();
    }
}
