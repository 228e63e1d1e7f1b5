package org.thinrich.display.protocol.encoding;

/** An encoding that can turn any rectangle of pixels into a payload (all but copy-rect). */
public interface PixelEncoder extends Encoding {
    /** The payload for {@code rect} of {@code frame}, or null when this encoding does not fit it. */
    byte[] encode(Framebuffer frame, Rect rect, EncoderState state);
}
