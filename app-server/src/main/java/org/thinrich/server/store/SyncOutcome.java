package org.thinrich.server.store;

import org.thinrich.calendar.core.CalendarEvent;

/** What became of one operation a rich client pushed. */
public sealed interface SyncOutcome {
    /** Stored (now, or by an earlier delivery of the same operation) as {@code newVersion} at {@code lastModified}. */
    record Applied(String eventId, long newVersion, java.time.Instant lastModified) implements SyncOutcome {
    }

    /** A part the operation changes was changed after its base version. */
    record Conflict(CalendarEvent serverCopy) implements SyncOutcome {
    }

    /** Refused for a reason a person can read; {@code serverCopy} is what stays, or null. */
    record Rejected(String reason, CalendarEvent serverCopy) implements SyncOutcome {
    }
}
