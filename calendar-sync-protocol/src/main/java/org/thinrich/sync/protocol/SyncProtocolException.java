package org.thinrich.sync.protocol;

/** A message that breaks the protocol; the connection that sent it is closed with this reason. */
public final class SyncProtocolException extends RuntimeException {
    private final int closeCode;

    public SyncProtocolException(String message) {
        this(SyncCloseCode.PROTOCOL_ERROR, message);
    }

    public SyncProtocolException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }
}
