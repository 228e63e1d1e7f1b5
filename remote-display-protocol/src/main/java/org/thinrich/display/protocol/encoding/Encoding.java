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

    /** Whether the client's pixels may differ from the server's (offered only when asked for). */
    default boolean lossy() {
        return false;
    }

    /** Paints {@code rect} of {@code target} from {@code payload}. */
    void decode(byte[] payload, Rect rect, Framebuffer target, DecoderState state);
}
