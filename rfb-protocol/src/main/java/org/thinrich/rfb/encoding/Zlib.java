package org.thinrich.rfb.encoding;

import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.thinrich.rfb.Bytes;
import org.thinrich.rfb.RfbException;

/** The zlib streams ZRLE and Tight keep for a whole connection: each rectangle's data ends with a sync flush. */
final class Zlib {
    private Zlib() {
    }

    /** Compresses {@code data[0..length)} into the stream, flushed so the viewer can decode all of it now. */
    static Bytes deflate(Deflater deflater, byte[] data, int length) {
        Bytes out = new Bytes(length / 4 + 64);
        byte[] chunk = new byte[Math.max(256, Math.min(65536, length + 64))];
        deflater.setInput(data, 0, length);
        // Until all input is taken and the flush fits the chunk: a call right after setLevel() may
        // only change the parameters and return nothing.
        while (true) {
            int n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, n);
            if (n < chunk.length && deflater.needsInput()) break;
        }
        return out;
    }

    /** Inflates exactly {@code expected} bytes from the stream, fed with {@code data}. */
    static byte[] inflate(Inflater inflater, byte[] data, int expected) {
        byte[] out = new byte[expected];
        inflater.setInput(data);
        int got = 0;
        try {
            while (got < expected) {
                int n = inflater.inflate(out, got, expected - got);
                if (n == 0 && (inflater.needsInput() || inflater.finished() || inflater.needsDictionary())) break;
                got += n;
            }
        } catch (DataFormatException e) {
            throw new RfbException("Corrupt zlib data: " + e.getMessage());
        }
        if (got < expected) throw new RfbException("zlib data ended after " + got + " of " + expected + " bytes");
        return out;
    }

    /** Inflates all of {@code data} from the stream, however much it gives, up to {@code limit} bytes. */
    static byte[] inflateAll(Inflater inflater, byte[] data, int limit) {
        inflater.setInput(data);
        Bytes out = new Bytes(data.length * 4 + 64);
        byte[] chunk = new byte[65536];
        try {
            while (true) {
                int n = inflater.inflate(chunk);
                out.write(chunk, 0, n);
                if (out.size() > limit) throw new RfbException("zlib data inflates beyond " + limit + " bytes");
                if (n == 0 && (inflater.needsInput() || inflater.finished() || inflater.needsDictionary())) break;
            }
        } catch (DataFormatException e) {
            throw new RfbException("Corrupt zlib data: " + e.getMessage());
        }
        return out.toByteArray();
    }
}
