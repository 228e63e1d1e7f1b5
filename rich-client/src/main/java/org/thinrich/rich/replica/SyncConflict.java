package org.thinrich.rich.replica;

import java.time.Instant;
import org.thinrich.calendar.core.CalendarEvent;

/**
 * An edit the server did not take as it was, kept until the user decides.
 *
 * @param mine   the event as this replica had it (a tombstone if the user deleted it), or null
 * @param theirs the server's copy (a tombstone if deleted there), or null when the server has none
 */
public record SyncConflict(String eventId, String reason, CalendarEvent mine, CalendarEvent theirs, Instant detectedAt) {

    /** What the user can do about a conflict. */
    public enum Resolution {
        /** Make the server's copy mine again. */
        KEEP_MINE,
        /** Accept the server's copy (already shown). */
        KEEP_THEIRS,
        /** Keep the server's copy and add mine as a new event. */
        KEEP_BOTH
    }

    public String title() {
        CalendarEvent shown = mine != null ? mine : theirs;
        return shown == null ? eventId : shown.title();
    }
}
