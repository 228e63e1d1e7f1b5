package org.thinrich.display.protocol;

/**
 * A message that breaks the protocol: truncated, oversized, out of range or of unknown type. The
 * connection that sent it is closed with {@link #closeCode()} and this message as the reason.
 */
public class ProtocolException extends RuntimeException {
    private final int closeCode;

    public ProtocolException(String message) {
        this(CloseCode.PROTOCOL_ERROR, message);
    }

    public ProtocolException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }
}
