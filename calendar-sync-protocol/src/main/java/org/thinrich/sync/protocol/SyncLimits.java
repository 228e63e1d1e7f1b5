package org.thinrich.sync.protocol;

/** Bounds every decoder checks before it allocates; both sides refuse a message beyond them. */
public final class SyncLimits {
    public static final int PROTOCOL_VERSION = 3;
    /** A whole message on the wire, compressed or not, and the inflated size of a compressed one. */
    public static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
    public static final int MAX_OPERATIONS_PER_PUSH = 256;
    public static final int MAX_EVENTS_PER_PAGE = 1000;
    public static final int MAX_RESULTS = MAX_OPERATIONS_PER_PUSH;
    public static final int MAX_CALENDARS = 256;
    /** Any one string, in UTF-8 bytes: the longest field (notes, 4000 characters) fits three times over. */
    public static final int MAX_STRING_BYTES = 16 * 1024;
    /** Bodies larger than this are sent deflated when that makes them smaller. */
    public static final int COMPRESS_ABOVE_BYTES = 512;

    private SyncLimits() {
    }
}
