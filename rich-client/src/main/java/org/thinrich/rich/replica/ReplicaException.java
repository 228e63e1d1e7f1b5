package org.thinrich.rich.replica;

/** The replica file could not be opened, read or written; the message says what to do. */
public final class ReplicaException extends RuntimeException {
    public ReplicaException(String message, Throwable cause) {
        super(message, cause);
    }
}
