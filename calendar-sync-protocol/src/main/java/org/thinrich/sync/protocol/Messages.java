package org.thinrich.sync.protocol;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.UserCalendar;

/**
 * Every message of the sync protocol, named for what it asks or says (after JMAP and Replicache).
 * The sealed interfaces say which way each travels; PROTOCOL.md gives the bytes.
 */
public final class Messages {
    private Messages() {
    }

    /** Travels from the rich client to the server. */
    public sealed interface ClientMessage permits Hello, PullChanges, PushOperations, Ping {
    }

    /** Travels from the server to the rich client. */
    public sealed interface ServerMessage permits Welcome, ChangesPage, OperationResults, Pong {
    }

    // ---- client to server ----

    /**
     * Opens a sync connection: who I am (bearer token from /api/login), which replica I am (a
     * client id that makes operation ids unique) and where it stands (null when it has nothing).
     */
    public record Hello(int protocolVersion, String bearerToken, UUID clientId, SyncToken since) implements ClientMessage {
    }

    /**
     * Asks for the changes after version {@code since} (of the store the Welcome named), at most
     * {@code maxEvents} of them.
     */
    public record PullChanges(long since, int maxEvents) implements ClientMessage {
    }

    /** Edits made on the replica, in the order they were made. */
    public record PushOperations(List<Operation> operations) implements ClientMessage {
    }

    /** Keeps the connection known to be alive and measures the round trip; {@code seq} comes back in the Pong. */
    public record Ping(long seq) implements ClientMessage {
    }

    /**
     * One edit. {@code opSeq} numbers a client's operations; with the client id of the hello it
     * identifies the operation, so a retried push applies it once.
     */
    public sealed interface Operation permits EventOperation, CalendarOperation {
        long opSeq();
    }

    /** An edit of one event. {@code baseVersion} is the version of the event the user saw when making the edit. */
    public sealed interface EventOperation extends Operation permits CreateEvent, ChangeEvent, DeleteEvent {
        String eventId();
    }

    /** An edit of one calendar: the last one the server applies wins (calendar changes do not conflict). */
    public sealed interface CalendarOperation extends Operation permits AddCalendar, ChangeCalendar, DeleteCalendar {
        String calendarId();
    }

    public record CreateEvent(long opSeq, CalendarEvent event) implements EventOperation {
        @Override
        public String eventId() {
            return event.id();
        }
    }

    public record ChangeEvent(long opSeq, String eventId, long baseVersion, EventChanges changes) implements EventOperation {
    }

    public record DeleteEvent(long opSeq, String eventId, long baseVersion) implements EventOperation {
    }

    /** A calendar made on the replica, under an id the replica chose. */
    public record AddCalendar(long opSeq, String calendarId, String name, CalendarColour colour) implements CalendarOperation {
    }

    /** A new name and colour for a calendar. */
    public record ChangeCalendar(long opSeq, String calendarId, String name, CalendarColour colour) implements CalendarOperation {
    }

    /** Deletes a calendar and every event in it. */
    public record DeleteCalendar(long opSeq, String calendarId) implements CalendarOperation {
    }

    // ---- server to client ----

    /**
     * The hello was accepted. {@code zone}: the zone most events are in, which pages name as "".
     * {@code resyncRequired}: the client's token cannot be continued; pull from the start.
     */
    public record Welcome(int protocolVersion, String user, String zone, List<UserCalendar> calendars, SyncToken current,
            boolean resyncRequired) implements ServerMessage {
    }

    /**
     * The changes after version {@code since}, oldest first: for each event the parts changed after
     * {@code since} (every part of one the replica cannot have), an id and a version for a deleted
     * one. {@code next} is the version to continue from, {@code hasMore} says whether to pull at
     * once. The answer to a pull, or sent unasked when the user's data changes (the client applies
     * it when {@code since} is not beyond its own version, else pulls). {@code calendars}: the
     * calendars changed after {@code since} up to {@code next}, at their newest state.
     */
    public record ChangesPage(long since, List<EventDelta> changes, long next, boolean hasMore, List<CalendarDelta> calendars)
            implements ServerMessage {
        /** A page without calendar changes. */
        public ChangesPage(long since, List<EventDelta> changes, long next, boolean hasMore) {
            this(since, changes, next, hasMore, List.of());
        }
    }

    /**
     * One result per pushed operation, in push order. {@code upTo}, when not 0: with these results
     * the replica holds every change of its user up to this version (none came from elsewhere
     * meanwhile), so it need not pull its own edits back.
     */
    public record OperationResults(List<OperationResult> results, long upTo) implements ServerMessage {
    }

    public record Pong(long seq) implements ServerMessage {
    }

    public sealed interface OperationResult permits Applied, Conflict, Rejected {
        long opSeq();
    }

    /** Stored as {@code newVersion} at {@code lastModified}. */
    public record Applied(long opSeq, long newVersion, Instant lastModified) implements OperationResult {
    }

    /** A part the operation changes was changed by someone else after its base version; here is the server's copy. */
    public record Conflict(long opSeq, CalendarEvent serverCopy) implements OperationResult {
    }

    /** Refused for {@code reason} (a broken rule, an unknown event); {@code serverCopy} is what stays, if anything. */
    public record Rejected(long opSeq, String reason, CalendarEvent serverCopy) implements OperationResult {
    }
}
