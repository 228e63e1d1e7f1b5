package org.thinrich.rfb.encoding;

import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.Rect;
import org.thinrich.rfb.Bytes;
import org.thinrich.rfb.PixelFormat;

/**
 * One RFB encoding on the server's side. An instance belongs to one connection: ZRLE's and
 * Tight's zlib streams run for the whole connection, as the viewer's inflaters do.
 */
public interface RectEncoder {
    int id();

    /**
     * Appends rectangles (each with its 12-byte header) that cover {@code area} of {@code frame};
     * returns how many. Tight splits large areas, the others send one rectangle.
     */
    int encode(Framebuffer frame, Rect area, PixelFormat format, Bytes out);

    /** Writes a rectangle header: position, size, encoding. */
    static void header(Bytes out, int x, int y, int width, int height, int encoding) {
        out.u16(x).u16(y).u16(width).u16(height).s32(encoding);
    }
}
