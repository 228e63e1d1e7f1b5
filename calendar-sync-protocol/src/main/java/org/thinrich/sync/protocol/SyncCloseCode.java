package org.thinrich.sync.protocol;

/** WebSocket close codes of the sync endpoint; the close frame's reason says it in a sentence. */
public final class SyncCloseCode {
    public static final int NORMAL = 1000;
    /** A malformed, unregistered or out-of-place message. */
    public static final int PROTOCOL_ERROR = 1002;
    /** Larger than {@link SyncLimits#MAX_MESSAGE_BYTES}, or a length beyond a limit. */
    public static final int TOO_BIG = 1009;
    public static final int AUTHENTICATION_FAILED = 4001;
    public static final int VERSION_MISMATCH = 4002;
    /** The token is older than the deletions the server still remembers; reconnect, and the Welcome asks for a resync. */
    public static final int TOKEN_EXPIRED = 4003;

    private SyncCloseCode() {
    }
}
