package org.thinrich.display.protocol.encoding;

import com.github.luben.zstd.ZstdCompressCtx;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * What a server keeps per connection to encode: the zlib stream of zflat and the zstd stream of
 * zstd. A stream for the whole connection, as in ZRLE, lets later rectangles refer back to the
 * glyphs and borders of earlier ones. The zstd stream is made on first use; with its 8 MiB window
 * and buffers it is what a session costs most in memory (about 10 MiB).
 */
public final class EncoderState implements AutoCloseable {
    final Deflater deflater;
    private ZstdCompressCtx zstd;
    ByteBuffer zstdIn;
    ByteBuffer zstdOut;

    public EncoderState(int level) {
        deflater = new Deflater(level);
    }

    public EncoderState() {
        this(9);
    }

    ZstdCompressCtx zstd() {
        if (zstd == null) {
            zstd = new ZstdCompressCtx().setLevel(ZstdEncoding.LEVEL).setWindowLog(ZstdEncoding.WINDOW_LOG).setChecksum(false);
            zstdIn = ByteBuffer.allocateDirect(ZstdEncoding.CHUNK);
            zstdOut = ByteBuffer.allocateDirect(ZstdEncoding.CHUNK);
        }
        return zstd;
    }

    @Override
    public void close() {
        deflater.end();
        if (zstd != null) zstd.close();
    }
}
