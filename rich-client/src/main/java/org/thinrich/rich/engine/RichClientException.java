package org.thinrich.rich.engine;

/** A failure the user can act on; the message says what to do in one sentence. */
public final class RichClientException extends Exception {
    public RichClientException(String message) {
        super(message);
    }

    public RichClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
