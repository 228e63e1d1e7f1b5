package org.thinrich.rfb.encoding;

import java.io.DataInputStream;
import java.io.IOException;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.Rect;
import org.thinrich.rfb.PixelFormat;
import org.thinrich.rfb.Rfb;

/** CopyRect (1): the rectangle comes from elsewhere in the viewer's own framebuffer. */
public final class CopyRectDecoder implements RectDecoder {
    @Override
    public int id() {
        return Rfb.COPY_RECT;
    }

    @Override
    public void decode(DataInputStream in, Rect rect, Framebuffer target, PixelFormat format) throws IOException {
        int sx = in.readUnsignedShort();
        int sy = in.readUnsignedShort();
        target.check(rect);
        Rect source = new Rect(sx, sy, rect.width(), rect.height());
        target.check(source);
        target.copyFrom(target.copy(), source, rect.x(), rect.y());
    }
}
