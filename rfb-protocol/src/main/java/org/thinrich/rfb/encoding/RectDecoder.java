package org.thinrich.rfb.encoding;

import java.io.DataInputStream;
import java.io.IOException;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.Rect;
import org.thinrich.rfb.PixelFormat;

/** One RFB encoding on the viewer's side: reads a rectangle's data (after its header) into the framebuffer. */
public interface RectDecoder {
    int id();

    void decode(DataInputStream in, Rect rect, Framebuffer target, PixelFormat format) throws IOException;

    /** Reads {@code n} bytes, refusing sizes above {@code limit} before allocating them. */
    static byte[] read(DataInputStream in, int n, int limit) throws IOException {
        if (n < 0 || n > limit) throw new org.thinrich.rfb.RfbException("A rectangle's data of " + n + " bytes is above " + limit);
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
