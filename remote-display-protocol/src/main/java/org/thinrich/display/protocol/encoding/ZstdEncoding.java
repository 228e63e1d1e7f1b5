package org.thinrich.display.protocol.encoding;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.thinrich.display.protocol.ProtocolException;

/**
 * Id 4, "zstd": the rectangle's pixels as R G B, rows top to bottom, through the connection's one
 * zstd stream, whose window is 8 MiB. A window that large holds more than two full 1280x800 frames
 * of pixels, so what was sent before (a title that comes back in another week, the grid under a
 * column that stops being today, a week shown a minute ago) costs a few bytes to refer to: that is
 * what zflat's 32 KiB zlib window cannot do, and why a new week costs 11 kB here instead of 30.
 *
 * <p>All zstd rectangles of one update form one flushed piece of the stream: their payloads joined
 * in order decompress to exactly their pixels joined in order. The server puts the whole piece in
 * the first zstd rectangle's payload and leaves the others empty, which saves a flush per rectangle.
 */
public final class ZstdEncoding implements PixelEncoder {
    public static final int ID = 4;
    /** 2^23 = 8 MiB; the client refuses a stream that asks for more. */
    public static final int WINDOW_LOG = 23;
    /** zstd's level 6 (its default is 3); ThinPathBenchmark reports the bytes and encode times it gives. */
    static final int LEVEL = 6;
    /** Input and output buffers of the streams: a multiple of 3, so chunks end on whole pixels. */
    static final int CHUNK = 3 * 64 * 1024;
    private static final boolean AVAILABLE = loadNative();

    @Override
    public int id() {
        return ID;
    }

    @Override
    public String name() {
        return "zstd";
    }

    /** Whether zstd-jni's native library loads on this platform; a client offers zstd only then. */
    @Override
    public boolean available() {
        return AVAILABLE;
    }

    private static boolean loadNative() {
        try {
            com.github.luben.zstd.util.Native.load();
            return true;
        } catch (Throwable unavailable) { // UnsatisfiedLinkError and friends: no zstd on this platform
            return false;
        }
    }

    @Override
    public byte[] encode(Framebuffer frame, Rect rect, EncoderState state) {
        return encodePiece(frame, List.of(rect), state).get(0);
    }

    /** The payloads of {@code rects}, one flushed piece of the stream: all of it in the first. */
    public List<byte[]> encodePiece(Framebuffer frame, List<Rect> rects, EncoderState state) {
        ZstdCompressCtx ctx = state.zstd();
        ByteBuffer in = state.zstdIn;
        ByteArrayOutputStream piece = new ByteArrayOutputStream(4096);
        int[] pixels = frame.pixels();
        byte[] row = new byte[frame.width() * 3];
        for (Rect rect : rects) {
            frame.check(rect);
            int rowBytes = rect.width() * 3;
            for (int y = rect.y(); y < rect.y() + rect.height(); y++) {
                for (int i = y * frame.width() + rect.x(), end = i + rect.width(), o = 0; i < end; i++) {
                    int p = pixels[i];
                    row[o++] = (byte) (p >>> 16);
                    row[o++] = (byte) (p >>> 8);
                    row[o++] = (byte) p;
                }
                for (int done = 0; done < rowBytes; ) {
                    if (!in.hasRemaining()) compress(ctx, in, state.zstdOut, piece, EndDirective.CONTINUE);
                    int n = Math.min(in.remaining(), rowBytes - done);
                    in.put(row, done, n);
                    done += n;
                }
            }
        }
        compress(ctx, in, state.zstdOut, piece, EndDirective.FLUSH);
        List<byte[]> payloads = new ArrayList<>(rects.size());
        payloads.add(piece.toByteArray());
        for (int i = 1; i < rects.size(); i++) payloads.add(new byte[0]);
        return payloads;
    }

    /** Feeds what {@code in} holds to the stream; on FLUSH, until everything is out. */
    private static void compress(ZstdCompressCtx ctx, ByteBuffer in, ByteBuffer out, ByteArrayOutputStream piece, EndDirective directive) {
        in.flip();
        boolean done;
        do {
            done = ctx.compressDirectByteBufferStream(out, in, directive);
            out.flip();
            byte[] bytes = new byte[out.remaining()]; // in one call: byte by byte took 55 000 calls for a month page
            out.get(bytes);
            piece.write(bytes, 0, bytes.length);
            out.clear();
        } while (in.hasRemaining() || (directive == EndDirective.FLUSH && !done));
        in.clear();
    }

    @Override
    public void decode(byte[] payload, Rect rect, Framebuffer target, DecoderState state) {
        target.check(rect);
        ZstdDecompressCtx ctx = state.zstd();
        state.zstdRead = true;
        ByteBuffer in = state.zstdInput(payload);
        ByteBuffer out = state.zstdOut;
        int[] pixels = target.pixels();
        int x = 0;
        int y = 0;
        int partial = 0;
        int partialBytes = 0;
        long needed = rect.area() * 3;
        while (needed > 0) {
            out.clear();
            out.limit((int) Math.min(out.capacity(), needed));
            try {
                ctx.decompressDirectByteBufferStream(out, in);
            } catch (ZstdException e) {
                throw new ProtocolException("The zstd stream is corrupt: " + e.getMessage());
            }
            out.flip();
            if (!out.hasRemaining()) {
                throw new ProtocolException("The zstd stream ends " + needed + " bytes short of a " + rect.width() + "x" + rect.height() + " rectangle");
            }
            needed -= out.remaining();
            while (out.hasRemaining()) {
                partial = partial << 8 | (out.get() & 0xFF);
                if (++partialBytes < 3) continue;
                pixels[(rect.y() + y) * target.width() + rect.x() + x] = 0xFF000000 | partial;
                partial = 0;
                partialBytes = 0;
                if (++x == rect.width()) {
                    x = 0;
                    y++;
                }
            }
        }
    }

    /**
     * At the end of an update: the piece must end where its last rectangle does. Only after an
     * update that read the stream: zstd counts calls that make no progress, as this check's call
     * does, and fails the sixteenth in a row, so updates without zstd must not make that call.
     */
    static void endUpdate(DecoderState state) {
        if (state.zstdDecoder == null || !state.zstdRead) return;
        state.zstdRead = false;
        ByteBuffer in = state.zstdPending;
        ByteBuffer probe = state.zstdOut;
        probe.clear();
        probe.limit(1);
        try {
            state.zstdDecoder.decompressDirectByteBufferStream(probe, in);
        } catch (ZstdException e) {
            throw new ProtocolException("The zstd stream is corrupt: " + e.getMessage());
        }
        if (probe.position() > 0 || in.hasRemaining()) {
            throw new ProtocolException("The zstd stream of an update holds more than its rectangles' pixels");
        }
    }
}
