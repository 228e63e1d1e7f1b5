package org.thinrich.thin.engine;

/** The thin client could not do what was asked; the message says what the user can do about it. */
public class ThinClientException extends Exception {
    public ThinClientException(String message) {
        super(message);
    }

    public ThinClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
