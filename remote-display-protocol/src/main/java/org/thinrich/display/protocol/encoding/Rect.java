package org.thinrich.display.protocol.encoding;

/** A rectangle of the framebuffer, in pixels. */
public record Rect(int x, int y, int width, int height) {
    public long area() {
        return (long) width * height;
    }
}
