package org.thinrich.display.protocol.encoding;

import com.github.luben.zstd.ZstdDecompressCtx;
import java.nio.ByteBuffer;
import java.util.zip.Inflater;

/**
 * What a client keeps per connection to decode: the zlib stream of zflat, the zstd stream of zstd
 * with the input it has not used yet, and the framebuffer as it was before the update being
 * applied, which copy-rect reads from.
 */
public final class DecoderState implements AutoCloseable {
    final Inflater inflater = new Inflater();
    Framebuffer beforeUpdate;
    ZstdDecompressCtx zstdDecoder;
    ByteBuffer zstdPending;
    ByteBuffer zstdOut;
    /** Whether a rectangle of the current update read the zstd stream. */
    boolean zstdRead;

    /** Call before applying an update that has copy-rect rectangles. */
    public void beginUpdate(Framebuffer current, boolean needsCopySource) {
        beforeUpdate = needsCopySource ? current.copy() : null;
    }

    /** Call after the last rectangle of an update. */
    public void endUpdate() {
        beforeUpdate = null;
        ZstdEncoding.endUpdate(this);
    }

    ZstdDecompressCtx zstd() {
        if (zstdDecoder == null) {
            // A stream that asks for a window above 8 MiB is refused instead of allocated.
            zstdDecoder = new ZstdDecompressCtx().setLongMax(ZstdEncoding.WINDOW_LOG);
            zstdPending = ByteBuffer.allocateDirect(ZstdEncoding.CHUNK).flip();
            zstdOut = ByteBuffer.allocateDirect(ZstdEncoding.CHUNK);
        }
        return zstdDecoder;
    }

    /** The zstd input not used yet followed by {@code payload}, ready to read. */
    ByteBuffer zstdInput(byte[] payload) {
        if (zstdPending.remaining() + payload.length > zstdPending.capacity()) {
            // Payloads are bounded by the largest server message the client accepts.
            ByteBuffer larger = ByteBuffer.allocateDirect(Math.max(zstdPending.capacity() * 2, zstdPending.remaining() + payload.length));
            larger.put(zstdPending);
            zstdPending = larger.flip();
        }
        zstdPending.compact();
        zstdPending.put(payload);
        zstdPending.flip();
        return zstdPending;
    }

    @Override
    public void close() {
        inflater.end();
        if (zstdDecoder != null) zstdDecoder.close();
    }
}
