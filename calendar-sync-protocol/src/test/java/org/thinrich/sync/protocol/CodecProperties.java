package org.thinrich.sync.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;
import static org.thinrich.testing.Theories.byteArrays;
import static org.thinrich.testing.Theories.listsOf;
import static org.thinrich.testing.Theories.orNull;
import static org.thinrich.testing.Theories.qt;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.UserCalendar;
import org.thinrich.sync.protocol.Messages.*;
import org.thinrich.testing.Theories;

/** Every message survives the round trip; no input makes a decoder fail otherwise than with a protocol error. */
class CodecProperties {
    private static final List<String> ZONES = List.of("Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC", "Australia/Lord_Howe");

    @Test
    void clientMessagesRoundTrip() {
        qt(300).forAll(clientMessages()).checkAssert(message -> {
            byte[] wire = ClientSyncCodec.encode(message);
            assertThat(ServerSyncCodec.decode(ByteBuffer.wrap(wire))).isEqualTo(message);
        });
    }

    @Test
    void serverMessagesRoundTrip() {
        qt(300).forAll(serverMessages()).checkAssert(message -> {
            byte[] wire = ServerSyncCodec.encode(message);
            assertThat(ClientSyncCodec.decode(ByteBuffer.wrap(wire))).isEqualTo(message);
        });
    }

    @Test
    void everyTruncationIsAProtocolError() {
        qt(200).forAll(serverMessages(), integers().between(0, 10_000)).checkAssert((message, cut) -> {
            byte[] wire = ServerSyncCodec.encode(message);
            byte[] truncated = Arrays.copyOf(wire, Math.min(cut, wire.length - 1));
            assertThatThrownBy(() -> ClientSyncCodec.decode(ByteBuffer.wrap(truncated))).isInstanceOf(SyncProtocolException.class);
        });
    }

    @Test
    void randomBytesAreRefusedOrDecodedButNeverCrashTheDecoder() {
        qt(1000).forAll(byteArrays(255)).checkAssert(noise -> {
            Throwable thrown = catchThrowable(() -> ServerSyncCodec.decode(ByteBuffer.wrap(noise)));
            if (thrown != null) assertThat(thrown).isInstanceOf(SyncProtocolException.class);
            Throwable thrownByClient = catchThrowable(() -> ClientSyncCodec.decode(ByteBuffer.wrap(noise)));
            if (thrownByClient != null) assertThat(thrownByClient).isInstanceOf(SyncProtocolException.class);
        });
    }

    @Test
    void flippedBytesAreRefusedOrDecodedToAValidMessage() {
        Gen<Byte> xor = Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0);
        qt(300).forAll(clientMessages(), integers().between(0, 100_000), xor).checkAssert((message, at, flip) -> {
            byte[] wire = ClientSyncCodec.encode(message);
            wire[at % wire.length] ^= flip;
            Throwable thrown = catchThrowable(() -> ServerSyncCodec.decode(ByteBuffer.wrap(wire)));
            if (thrown != null) assertThat(thrown).isInstanceOf(SyncProtocolException.class);
        });
    }

    @Test
    void aMessageOfTheOtherSideIsRefused() {
        qt(50).forAll(serverMessages()).checkAssert(message -> {
            byte[] wire = ServerSyncCodec.encode(message);
            assertThatThrownBy(() -> ServerSyncCodec.decode(ByteBuffer.wrap(wire))).isInstanceOf(SyncProtocolException.class)
                    .hasMessageContaining("where A client message was expected");
        });
    }

    @Test
    void unregisteredTagsAreRefusedByNumber() {
        qt(100).forAll(integers().between(0, 0x7f)).checkAssert(tag -> {
            if (SyncKryo.TAGS.containsValue(tag)) return;
            // A Kryo built-in (2 = int, 3 = String, ...) or a free number: refused before anything is read.
            byte[] wire = {0x00, (byte) (int) tag, 0x05, 'h', 'e', 'l', 'l', 'o'};
            assertThatThrownBy(() -> ServerSyncCodec.decode(ByteBuffer.wrap(wire))).isInstanceOf(SyncProtocolException.class)
                    .hasMessageContaining("Unregistered message tag 0x" + Integer.toHexString(tag));
        });
    }

    @Test
    void hugeCountsAndLengthsAreRefusedWithoutAllocating() {
        qt(20).forAll(integers().between(257, Integer.MAX_VALUE)).checkAssert(claimed -> {
            // PushOperations claiming `claimed` operations; Hello claiming a token of `claimed` bytes; a deflated body of `claimed` bytes.
            byte[] push = {0x00, 0x12, (byte) (claimed | 0x80), (byte) (claimed >>> 7 | 0x80), (byte) (claimed >>> 14 | 0x80),
                    (byte) (claimed >>> 21 | 0x80), (byte) (claimed >>> 28)};
            assertThatThrownBy(() -> ServerSyncCodec.decode(ByteBuffer.wrap(push))).isInstanceOf(SyncProtocolException.class);
            byte[] deflated = {0x01, (byte) (claimed | 0x80), (byte) (claimed >>> 7 | 0x80), (byte) (claimed >>> 14 | 0x80),
                    (byte) (claimed >>> 21 | 0x80), (byte) (claimed >>> 28), 0x03, 0x00};
            Throwable thrown = catchThrowable(() -> ServerSyncCodec.decode(ByteBuffer.wrap(deflated)));
            assertThat(thrown).isInstanceOf(SyncProtocolException.class);
        });
    }

    @Test
    void anOversizedMessageIsRefusedAsTooBig() {
        qt(5).forAll(integers().between(1, 1000)).checkAssert(extra -> {
            byte[] wire = new byte[SyncLimits.MAX_MESSAGE_BYTES + extra];
            assertThatThrownBy(() -> ServerSyncCodec.decode(ByteBuffer.wrap(wire)))
                    .isInstanceOfSatisfying(SyncProtocolException.class, e -> assertThat(e.closeCode()).isEqualTo(SyncCloseCode.TOO_BIG));
        });
    }

    // ---- generators ----

    static Gen<ClientMessage> clientMessages() {
        Gen<String> userNames = strings().betweenCodePoints('0', 'z').ofLengthBetween(0, 60);
        return Theories.<ClientMessage>oneOf(
                userNames.zip(uuids(), orNull(tokens(), 30), (t, c, s) -> new Hello(2, t, c, s)),
                longs().between(0, Long.MAX_VALUE).zip(integers().between(0, 5000), PullChanges::new),
                listsOf(operations(), 20).map(PushOperations::new),
                longs().between(0, Long.MAX_VALUE).map(Ping::new));
    }

    static Gen<ServerMessage> serverMessages() {
        return Theories.<ServerMessage>oneOf(
                text(30).zip(Generate.pick(ZONES), listsOf(calendars(), 5), tokens(), (u, z, c, t) -> new Welcome(2, u, z, c, t, u.length() % 2 == 0)),
                pages(),
                listsOf(results(), 20).zip(longs().between(0, Long.MAX_VALUE), OperationResults::new),
                longs().between(0, Long.MAX_VALUE).map(Pong::new));
    }

    static Gen<Operation> operations() {
        Gen<Long> seq = longs().between(0, Long.MAX_VALUE);
        Gen<Long> version = longs().between(0, 1L << 50);
        return Theories.<Operation>oneOf(
                seq.zip(events(), CreateEvent::new),
                seq.zip(ids(), version, changes(), ChangeEvent::new),
                seq.zip(ids(), version, DeleteEvent::new),
                seq.zip(ids(), text(100), Generate.enumValues(CalendarColour.class), AddCalendar::new),
                seq.zip(ids(), text(100), Generate.enumValues(CalendarColour.class), ChangeCalendar::new),
                seq.zip(ids(), DeleteCalendar::new));
    }

    static Gen<OperationResult> results() {
        Gen<Long> seq = longs().between(0, Long.MAX_VALUE);
        return Theories.<OperationResult>oneOf(
                seq.zip(longs().between(0, 1L << 50), longs().between(0, 1L << 42).map(Instant::ofEpochMilli), Applied::new),
                seq.zip(events(), Conflict::new),
                seq.zip(text(100), orNull(events(), 50), Rejected::new));
    }

    static Gen<EventChanges> changes() {
        Gen<EventChanges.Times> times = epochSeconds().zip(longs().between(0, 86_400L * 400), booleans().all(), orNull(Generate.pick(ZONES), 60),
                (s, d, a, z) -> new EventChanges.Times(s, s + d, a, z));
        Gen<String> rules = orNull(Generate.pick(List.of("FREQ=DAILY", "FREQ=WEEKLY;COUNT=3")), 80);
        return in -> {
            String calendar = orNull(text(20), 70).generate(in);
            String title = orNull(text(50), 50).generate(in);
            String location = orNull(text(20), 70).generate(in);
            String notes = orNull(text(200), 80).generate(in);
            EventChanges.Times when = orNull(times, 40).generate(in);
            String rule = rules.generate(in);
            boolean clear = booleans().all().generate(in);
            return new EventChanges(calendar, title, location, notes, when, rule, rule == null && clear);
        };
    }

    /** Pages of whole events, partial changes and removals, versions rising from since. */
    static Gen<ChangesPage> pages() {
        return in -> {
            long since = longs().between(0, 1L << 40).generate(in);
            int n = integers().between(0, 30).generate(in);
            java.util.List<EventDelta> entries = new java.util.ArrayList<>();
            long version = since;
            for (int i = 0; i < n; i++) {
                version += longs().between(1, 1000).generate(in);
                Instant modified = Instant.ofEpochMilli(longs().between(0, 1L << 42).generate(in));
                int kind = integers().between(0, 2).generate(in);
                String id = ids().generate(in);
                if (kind == 0) entries.add(EventDelta.removal(id, version, modified));
                else if (kind == 1) entries.add(new EventDelta(id, version, modified, false, namedZone(changes().generate(in))));
                else entries.add(EventDelta.whole(events().generate(in).withId(id).stored(version, modified), ZoneId.of("Europe/Berlin")));
            }
            long next = version + longs().between(0, 100).generate(in);
            // Calendars changed within the page's span, live or removed.
            int k = next == since ? 0 : integers().between(0, 4).generate(in);
            java.util.List<CalendarDelta> calendars = new java.util.ArrayList<>();
            for (int i = 0; i < k; i++) {
                long at = longs().between(since + 1, next).generate(in);
                String id = ids().generate(in);
                calendars.add(booleans().all().generate(in) ? CalendarDelta.removal(id, at)
                        : new CalendarDelta(id, at, text(100).generate(in), Generate.enumValues(CalendarColour.class).generate(in)));
            }
            return new ChangesPage(since, entries, next, booleans().all().generate(in), calendars);
        };
    }

    /** In a page, times always name their zone ("" for the Welcome's). */
    private static EventChanges namedZone(EventChanges c) {
        if (c.times() == null || c.times().zone() != null) return c;
        EventChanges.Times t = c.times();
        return new EventChanges(c.calendarId(), c.title(), c.location(), c.notes(), new EventChanges.Times(t.startEpochSecond(),
                t.endEpochSecond(), t.allDay(), ""), c.recurrenceRule(), c.clearRecurrence());
    }

    static Gen<CalendarEvent> events() {
        return in -> {
            String id = ids().generate(in);
            String calendar = text(64).generate(in);
            String title = text(200).generate(in);
            String location = text(60).generate(in);
            String notes = text(500).generate(in);
            long start = epochSeconds().generate(in);
            ZoneId zone = ZoneId.of(Generate.pick(ZONES).generate(in));
            int flags = integers().between(0, 7).generate(in);
            return new CalendarEvent(id, calendar, title, location, notes, Instant.ofEpochSecond(start).atZone(zone),
                    Instant.ofEpochSecond(start + 3600L * (flags + 1)).atZone(zone), (flags & 1) != 0,
                    (flags & 4) != 0 ? "FREQ=WEEKLY;BYDAY=MO" : null, start & 0xFFFFFF,
                    Instant.ofEpochMilli(Math.abs(start) * 7), (flags & 2) != 0);
        };
    }

    static Gen<UserCalendar> calendars() {
        return text(64).zip(text(30), text(100), Generate.enumValues(CalendarColour.class), UserCalendar::new);
    }

    static Gen<SyncToken> tokens() {
        return longs().all().zip(longs().between(0, Long.MAX_VALUE), SyncToken::new);
    }

    static Gen<String> ids() {
        return Generate.oneOf(uuids().map(UUID::toString), text(64), Generate.constant("ics-uid@example.org"));
    }

    static Gen<UUID> uuids() {
        return longs().all().zip(longs().all(), UUID::new);
    }

    static Gen<Long> epochSeconds() {
        return longs().between(-62_135_596_800L, 253_402_300_799L - 86_400L * 500);
    }

    /**
     * Any text the UI can hold: Unicode's first plane below the surrogates, line breaks, tabs, and
     * astral characters (emoji, as surrogate pairs), but no unpaired surrogates, which UTF-8 cannot carry.
     */
    static Gen<String> text(int maxLength) {
        Gen<Integer> codePoints = Generate.frequency(List.of(
                Pair.of(20, integers().between(' ', 0xD7FF)),
                Pair.of(1, Generate.pick(List.of((int) '\n', (int) '\t', (int) 'é', 0x1F600)))));
        return in -> {
            int length = integers().between(0, maxLength).generate(in);
            StringBuilder text = new StringBuilder();
            while (text.length() < length) {
                int codePoint = codePoints.generate(in);
                // A pair that would overrun the length ends the text with a space instead.
                text.appendCodePoint(text.length() + Character.charCount(codePoint) <= length ? codePoint : ' ');
            }
            return text.toString();
        };
    }
}
