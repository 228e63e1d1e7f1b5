package org.thinrich.display.protocol;

/** Why a connection ends; sent in Close messages and as the WebSocket close status. */
public final class CloseCode {
    public static final int NORMAL = 1000;
    public static final int PROTOCOL_ERROR = 4000;
    public static final int AUTHENTICATION_FAILED = 4001;
    public static final int MESSAGE_TOO_LARGE = 4002;
    public static final int UNSUPPORTED_VERSION = 4003;
    public static final int SERVER_SHUTTING_DOWN = 4004;
    public static final int SESSION_LIMIT = 4005;
    /** The process that ran the session failed; a new connection gets a new session. */
    public static final int SESSION_LOST = 4006;

    private CloseCode() {
    }
}
