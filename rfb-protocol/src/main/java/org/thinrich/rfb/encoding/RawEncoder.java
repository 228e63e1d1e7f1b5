package org.thinrich.rfb.encoding;

import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.Rect;
import org.thinrich.rfb.Bytes;
import org.thinrich.rfb.PixelFormat;
import org.thinrich.rfb.Rfb;

/** Raw (0): every pixel in the client's format, row by row. Every viewer takes it. */
public final class RawEncoder implements RectEncoder {
    @Override
    public int id() {
        return Rfb.RAW;
    }

    @Override
    public int encode(Framebuffer frame, Rect area, PixelFormat format, Bytes out) {
        RectEncoder.header(out, area.x(), area.y(), area.width(), area.height(), Rfb.RAW);
        int[] px = frame.pixels();
        for (int y = area.y(); y < area.y() + area.height(); y++) {
            int row = y * frame.width();
            for (int x = area.x(); x < area.x() + area.width(); x++) format.writePixel(out, px[row + x]);
        }
        return 1;
    }
}
