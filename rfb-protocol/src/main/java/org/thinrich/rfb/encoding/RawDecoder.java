package org.thinrich.rfb.encoding;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.Rect;
import org.thinrich.rfb.PixelFormat;
import org.thinrich.rfb.Rfb;

public final class RawDecoder implements RectDecoder {
    @Override
    public int id() {
        return Rfb.RAW;
    }

    @Override
    public void decode(DataInputStream in, Rect rect, Framebuffer target, PixelFormat format) throws IOException {
        target.check(rect);
        ByteBuffer data = ByteBuffer.wrap(RectDecoder.read(in, rect.width() * rect.height() * format.bytesPerPixel(), Integer.MAX_VALUE));
        int[] px = target.pixels();
        for (int y = rect.y(); y < rect.y() + rect.height(); y++) {
            for (int x = rect.x(); x < rect.x() + rect.width(); x++) px[y * target.width() + x] = format.readPixel(data);
        }
    }
}
