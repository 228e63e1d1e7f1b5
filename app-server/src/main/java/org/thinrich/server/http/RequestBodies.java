package org.thinrich.server.http;

import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;

/** Request bodies read with a limit, for the HTTP API and CalDAV alike. */
public final class RequestBodies {
    /** A refused body up to this size is read and dropped, so the client, still sending, gets the 413 rather than a cut connection. */
    private static final long DRAIN_LIMIT = 1024 * 1024;

    private RequestBodies() {
    }

    /** Reads at most {@code limit} bytes; a larger body is refused without keeping it (and without reading more than 1 MiB of it). */
    public static byte[] read(Request request, int limit) {
        long declared = request.getLength();
        try (InputStream in = Request.asInputStream(request)) {
            if (declared > limit) {
                drain(in, declared);
                throw tooLarge(limit);
            }
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                drain(in, DRAIN_LIMIT);
                throw tooLarge(limit);
            }
            return body;
        } catch (IOException e) {
            throw new HttpError(HttpStatus.BAD_REQUEST_400, "The request body could not be read: " + e.getMessage());
        }
    }

    private static void drain(InputStream in, long declared) throws IOException {
        if (declared > DRAIN_LIMIT) return; // larger: the connection is closed on the sender
        long left = DRAIN_LIMIT;
        byte[] sink = new byte[16 * 1024];
        for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) left -= n;
    }

    private static HttpError tooLarge(int limit) {
        return new HttpError(HttpStatus.PAYLOAD_TOO_LARGE_413, "The request body is larger than " + limit + " bytes.");
    }
}
