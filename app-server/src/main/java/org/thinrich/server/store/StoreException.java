package org.thinrich.server.store;

/** The store could not do its work (disk, database); the message says what to check. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
