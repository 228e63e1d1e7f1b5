package org.thinrich.sync.protocol;

import java.util.List;
import java.util.UUID;
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
    public sealed interface ServerMessage permits Welcome, ChangesPage, OperationResults, CalendarsChanged, Pong {
    }

    // ---- client to server ----

    /**
     * Opens a sync connection: who I am (bearer token from /api/login), which replica I am (a
     * client id that makes operation ids unique) and where it stands (null when it has nothing).
     */
    public record Hello(int protocolVersion, String bearerToken, UUID clientId, SyncToken since) implements ClientMessage {
    }

    /** Asks for the changes after {@code since}, at most {@code maxEvents} of them. */
    public record PullChanges(SyncToken since, int maxEvents) implements ClientMessage {
    }

    /** Edits made on the replica, in the order they were made. */
    public record PushOperations(List<Operation> operations) implements ClientMessage {
    }

    public record Ping(long nonce) implements ClientMessage {
    }

    /**
     * One edit. {@code opSeq} numbers a client's operations; with the client id of the hello it
     * identifies the operation, so a retried push applies it once. {@code baseVersion} is the
     * version of the event the user saw when making the edit.
     */
    public sealed interface Operation permits CreateEvent, ChangeEvent, DeleteEvent {
        long opSeq();

        String eventId();
    }

    public record CreateEvent(long opSeq, CalendarEvent event) implements Operation {
        @Override
        public String eventId() {
            return event.id();
        }
    }

    public record ChangeEvent(long opSeq, String eventId, long baseVersion, EventChanges changes) implements Operation {
    }

    public record DeleteEvent(long opSeq, String eventId, long baseVersion) implements Operation {
    }

    // ---- server to client ----

    /** The hello was accepted. {@code resyncRequired}: the client's token cannot be continued; pull from the start. */
    public record Welcome(int protocolVersion, String user, List<UserCalendar> calendars, SyncToken current,
            boolean resyncRequired) implements ServerMessage {
    }

    /**
     * Changed events (tombstones for deleted ones), oldest change first; {@code next} is the token to
     * pull from next, {@code hasMore} says whether to do so at once.
     */
    public record ChangesPage(List<CalendarEvent> events, SyncToken next, boolean hasMore) implements ServerMessage {
    }

    /** One result per pushed operation, in push order. */
    public record OperationResults(List<OperationResult> results) implements ServerMessage {
    }

    /** A data-free poke: this user's calendars changed up to {@code latest}; pull when behind it. */
    public record CalendarsChanged(SyncToken latest) implements ServerMessage {
    }

    public record Pong(long nonce) implements ServerMessage {
    }

    public sealed interface OperationResult permits Applied, Conflict, Rejected {
        long opSeq();
    }

    /** Stored as {@code newVersion}. */
    public record Applied(long opSeq, String eventId, long newVersion) implements OperationResult {
    }

    /** A part the operation changes was changed by someone else after its base version; here is the server's copy. */
    public record Conflict(long opSeq, CalendarEvent serverCopy) implements OperationResult {
    }

    /** Refused for {@code reason} (a broken rule, an unknown event); {@code serverCopy} is what stays, if anything. */
    public record Rejected(long opSeq, String reason, CalendarEvent serverCopy) implements OperationResult {
    }
}
