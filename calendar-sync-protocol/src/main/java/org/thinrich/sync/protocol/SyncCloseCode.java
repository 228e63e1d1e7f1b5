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

    private SyncCloseCode() {
    }
}
