package org.thinrich.server.store;

/**
 * A conditional write (CalDAV's If-Match / If-None-Match) found the event other than the writer
 * expected, and changed nothing.
 */
public final class PreconditionFailed extends RuntimeException {
    public enum Reason {
        /** The event exists, where the writer expected none (If-None-Match: *). */
        EXISTS,
        /** The event is not at the version the writer read (If-Match), or is gone. */
        CHANGED,
        /** The event's id is taken by an event in another of the owner's calendars. */
        IN_OTHER_CALENDAR
    }

    private final Reason reason;

    public PreconditionFailed(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
