package org.thinrich.rfb;

/** A peer broke RFB or asked for what this end refuses; the message is the reason given when closing. */
public final class RfbException extends RuntimeException {
    public RfbException(String message) {
        super(message);
    }
}
