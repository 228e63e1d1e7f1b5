package org.thinrich.server.http;

/** A request the server answers with an error status and one sentence saying what to do. */
public class HttpError extends RuntimeException {
    private final int status;

    public HttpError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
