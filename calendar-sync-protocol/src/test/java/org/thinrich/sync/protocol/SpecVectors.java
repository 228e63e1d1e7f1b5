package org.thinrich.sync.protocol;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventField;
import org.thinrich.calendar.core.UserCalendar;
import org.thinrich.sync.protocol.Messages.*;

/**
 * The messages of PROTOCOL.md's test vectors. Run main to print them in the spec's format after a
 * deliberate change to the wire format; ProtocolSpecTest checks the spec against the codec.
 */
final class SpecVectors {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final long STORE = 0x0102030405060708L;
    static final String EVENT_ID = "6f1c2e3a-0b4d-4e5f-8a9b-0c1d2e3f4a5b";

    static CalendarEvent standUp() {
        ZonedDateTime start = ZonedDateTime.of(2026, 11, 23, 9, 0, 0, 0, BERLIN);
        return new CalendarEvent(EVENT_ID, "alice-work", "Stand-up", "Room 1", "", start, start.plusMinutes(15), false,
                null, 42, Instant.ofEpochMilli(1_795_000_000_000L), false);
    }

    static List<Object> messages() {
        List<Object> all = new ArrayList<>();
        all.add(new Hello(SyncLimits.PROTOCOL_VERSION, "tok", UUID.fromString("00112233-4455-6677-8899-aabbccddeeff"), new SyncToken(STORE, 42)));
        all.add(new PullChanges(42, 500));
        long moved = ZonedDateTime.of(2026, 11, 23, 10, 0, 0, 0, BERLIN).toEpochSecond();
        all.add(new PushOperations(List.of(new ChangeEvent(7, EVENT_ID, 42,
                new EventChanges(null, null, null, null, new EventChanges.Times(moved, moved + 900, false, null), null, false)))));
        all.add(new PushOperations(List.of(new ChangeEvent(8, EVENT_ID, 43, new EventChanges(null, "Daily", null, null, null, null, false)),
                new DeleteEvent(9, "ics-uid@example.org", 44))));
        all.add(new PushOperations(List.of(new CreateEvent(10, standUp().stored(0, Instant.EPOCH)))));
        all.add(new Ping(3));
        all.add(new Welcome(SyncLimits.PROTOCOL_VERSION, "alice", "Europe/Berlin", List.of(new UserCalendar("alice-work", "alice", "Work", CalendarColour.BLUE)),
                new SyncToken(STORE, 57), false));
        // Another client's move, as an idle client receives it unasked: the times, nothing else.
        CalendarEvent later = standUp().withTimes(standUp().start().plusHours(1), standUp().end().plusHours(1), false)
                .stored(58, Instant.ofEpochMilli(1_795_000_120_000L));
        all.add(new ChangesPage(57, List.of(EventDelta.of(later, java.util.EnumSet.of(EventField.TIMES), BERLIN)), 58, false));
        all.add(new ChangesPage(58, List.of(EventDelta.of(later.withTitle("Daily").stored(59, later.lastModified().plusSeconds(60)),
                java.util.EnumSet.of(EventField.TITLE), BERLIN)), 59, false));
        all.add(new ChangesPage(59, List.of(EventDelta.removal(EVENT_ID, 60, Instant.ofEpochMilli(1_795_000_240_000L))), 60, false));
        all.add(new ChangesPage(0, List.of(EventDelta.whole(standUp(), BERLIN), EventDelta.removal("ics-uid@example.org", 43,
                Instant.ofEpochMilli(1_795_000_060_000L))), 57, false));
        // Calendar operations: one made on the replica, renamed and recoloured, deleted with its events.
        all.add(new PushOperations(List.of(new AddCalendar(12, "5b0c7d1e-2f3a-4b5c-8d6e-7f8091a2b3c4", "Family", CalendarColour.GREEN),
                new ChangeCalendar(13, "alice-work", "Office", CalendarColour.RED), new DeleteCalendar(14, "alice-old"))));
        // Another client added a calendar and deleted one, whose event went with it.
        all.add(new ChangesPage(61, List.of(EventDelta.removal(EVENT_ID, 63, Instant.ofEpochMilli(1_795_000_360_000L))), 64, false,
                List.of(new CalendarDelta("5b0c7d1e-2f3a-4b5c-8d6e-7f8091a2b3c4", 62, "Family", CalendarColour.GREEN),
                        CalendarDelta.removal("alice-old", 64))));
        all.add(new OperationResults(List.of(new Applied(7, 58, Instant.ofEpochMilli(1_795_000_120_000L)), new Conflict(8, standUp()),
                new Rejected(9, "Unknown event.", null)), 0));
        all.add(new OperationResults(List.of(new Applied(11, 61, Instant.ofEpochMilli(1_795_000_300_000L))), 61));
        all.add(new Pong(3));
        List<EventDelta> week = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            CalendarEvent e = standUp().withId(new UUID(0x6f1c2e3a0b4d4e5fL, 0x8a9b0c1d2e3f0000L + i).toString());
            week.add(EventDelta.whole(e.withTimes(e.start().plusDays(i), e.end().plusDays(i), false).stored(100 + i, e.lastModified()), BERLIN));
        }
        all.add(new ChangesPage(0, week, 111, true));
        return all;
    }

    public static void main(String[] args) {
        for (Object m : messages()) {
            boolean client = m instanceof ClientMessage;
            byte[] bytes = client ? ClientSyncCodec.encode((ClientMessage) m) : ServerSyncCodec.encode((ServerMessage) m);
            System.out.println("vector: " + (client ? "client" : "server") + " " + ProtocolSpecTest.describe(m));
            System.out.println("```");
            String hex = HexFormat.of().formatHex(bytes);
            for (int i = 0; i < hex.length(); i += 64) {
                String line = hex.substring(i, Math.min(hex.length(), i + 64));
                System.out.println(line.replaceAll("(..)(?!$)", "$1 "));
            }
            System.out.println("```");
            System.out.println();
        }
    }
}
