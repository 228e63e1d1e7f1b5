package org.thinrich.display.protocol.encoding;

/**
 * One rectangle encoding: its wire id and how to paint a rectangle from its payload. Decoders
 * check every length and coordinate before they allocate or write.
 */
public interface Encoding {
    int id();

    String name();

    /** Whether this encoding works on this machine (zstd needs its native library). */
    default boolean available() {
        return true;
    }

    /** Paints {@code rect} of {@code target} from {@code payload}. */
    void decode(byte[] payload, Rect rect, Framebuffer target, DecoderState state);
}
