package org.thinrich.sync.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.UserCalendar;
import org.thinrich.sync.protocol.Messages.*;

/** Every message survives the round trip; no input makes a decoder fail otherwise than with a protocol error. */
class CodecProperties {
    private static final List<String> ZONES = List.of("Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC", "Australia/Lord_Howe");

    @Property(tries = 300)
    void clientMessagesRoundTrip(@ForAll("clientMessages") ClientMessage message) {
        byte[] wire = ClientSyncCodec.encode(message);
        assertThat(ServerSyncCodec.decode(ByteBuffer.wrap(wire))).isEqualTo(message);
    }

    @Property(tries = 300)
    void serverMessagesRoundTrip(@ForAll("serverMessages") ServerMessage message) {
        byte[] wire = ServerSyncCodec.encode(message);
        assertThat(ClientSyncCodec.decode(ByteBuffer.wrap(wire))).isEqualTo(message);
    }

    @Property(tries = 200)
    void everyTruncationIsAProtocolError(@ForAll("serverMessages") ServerMessage message, @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        byte[] wire = ServerSyncCodec.encode(message);
        byte[] truncated = Arrays.copyOf(wire, Math.min(cut, wire.length - 1));
        assertThatThrownBy(() -> ClientSyncCodec.decode(ByteBuffer.wrap(truncated))).isInstanceOf(SyncProtocolException.class);
    }

    @Property(tries = 1000)
    void randomBytesAreRefusedOrDecodedButNeverCrashTheDecoder(@ForAll byte[] noise) {
        Throwable thrown = catchThrowable(() -> ServerSyncCodec.decode(ByteBuffer.wrap(noise)));
        if (thrown != null) assertThat(thrown).isInstanceOf(SyncProtocolException.class);
        Throwable thrownByClient = catchThrowable(() -> ClientSyncCodec.decode(ByteBuffer.wrap(noise)));
        if (thrownByClient != null) assertThat(thrownByClient).isInstanceOf(SyncProtocolException.class);
    }

    @Property(tries = 300)
    void flippedBytesAreRefusedOrDecodedToAValidMessage(@ForAll("clientMessages") ClientMessage message,
            @ForAll @IntRange(min = 0, max = 100_000) int at, @ForAll byte xor) {
        byte[] wire = ClientSyncCodec.encode(message);
        wire[at % wire.length] ^= xor;
        Throwable thrown = catchThrowable(() -> ServerSyncCodec.decode(ByteBuffer.wrap(wire)));
        if (thrown != null) assertThat(thrown).isInstanceOf(SyncProtocolException.class);
    }

    @Property(tries = 50)
    void aMessageOfTheOtherSideIsRefused(@ForAll("serverMessages") ServerMessage message) {
        byte[] wire = ServerSyncCodec.encode(message);
        assertThatThrownBy(() -> ServerSyncCodec.decode(ByteBuffer.wrap(wire))).isInstanceOf(SyncProtocolException.class)
                .hasMessageContaining("where A client message was expected");
    }

    @Property(tries = 100)
    void unregisteredTagsAreRefusedByNumber(@ForAll @IntRange(min = 0, max = 0x7f) int tag) {
        if (SyncKryo.TAGS.containsValue(tag)) return;
        // A Kryo built-in (2 = int, 3 = String, ...) or a free number: refused before anything is read.
        byte[] wire = {0x00, (byte) tag, 0x05, 'h', 'e', 'l', 'l', 'o'};
        assertThatThrownBy(() -> ServerSyncCodec.decode(ByteBuffer.wrap(wire))).isInstanceOf(SyncProtocolException.class)
                .hasMessageContaining("Unregistered message tag 0x" + Integer.toHexString(tag));
    }

    @Property(tries = 20)
    void hugeCountsAndLengthsAreRefusedWithoutAllocating(@ForAll @IntRange(min = 257, max = Integer.MAX_VALUE) int claimed) {
        // PushOperations claiming `claimed` operations; Hello claiming a token of `claimed` bytes; a deflated body of `claimed` bytes.
        byte[] push = {0x00, 0x12, (byte) (claimed | 0x80), (byte) (claimed >>> 7 | 0x80), (byte) (claimed >>> 14 | 0x80),
                (byte) (claimed >>> 21 | 0x80), (byte) (claimed >>> 28)};
        assertThatThrownBy(() -> ServerSyncCodec.decode(ByteBuffer.wrap(push))).isInstanceOf(SyncProtocolException.class);
        byte[] deflated = {0x01, (byte) (claimed | 0x80), (byte) (claimed >>> 7 | 0x80), (byte) (claimed >>> 14 | 0x80),
                (byte) (claimed >>> 21 | 0x80), (byte) (claimed >>> 28), 0x03, 0x00};
        Throwable thrown = catchThrowable(() -> ServerSyncCodec.decode(ByteBuffer.wrap(deflated)));
        assertThat(thrown).isInstanceOf(SyncProtocolException.class);
    }

    @Property(tries = 5)
    void anOversizedMessageIsRefusedAsTooBig(@ForAll @IntRange(min = 1, max = 1000) int extra) {
        byte[] wire = new byte[SyncLimits.MAX_MESSAGE_BYTES + extra];
        assertThatThrownBy(() -> ServerSyncCodec.decode(ByteBuffer.wrap(wire)))
                .isInstanceOfSatisfying(SyncProtocolException.class, e -> assertThat(e.closeCode()).isEqualTo(SyncCloseCode.TOO_BIG));
    }

    // ---- generators ----

    @Provide
    Arbitrary<ClientMessage> clientMessages() {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.strings().alpha().numeric().ofMaxLength(60), uuids(), tokens().injectNull(0.3))
                        .as((t, c, s) -> new Hello(1, t, c, s)),
                Combinators.combine(tokens(), Arbitraries.integers().between(0, 5000)).as(PullChanges::new),
                operations().list().ofMaxSize(20).map(PushOperations::new),
                Arbitraries.longs().map(Ping::new));
    }

    @Provide
    Arbitrary<ServerMessage> serverMessages() {
        return Arbitraries.oneOf(
                Combinators.combine(text(30), calendars().list().ofMaxSize(5), tokens(), Arbitraries.of(true, false))
                        .as((u, c, t, r) -> new Welcome(1, u, c, t, r)),
                Combinators.combine(events().list().ofMaxSize(30), tokens(), Arbitraries.of(true, false)).as(ChangesPage::new),
                results().list().ofMaxSize(20).map(OperationResults::new),
                tokens().map(CalendarsChanged::new),
                Arbitraries.longs().map(Pong::new));
    }

    Arbitrary<Operation> operations() {
        Arbitrary<Long> seq = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<Long> version = Arbitraries.longs().between(0, 1L << 50);
        return Arbitraries.oneOf(
                Combinators.combine(seq, events()).as(CreateEvent::new),
                Combinators.combine(seq, ids(), version, changes()).as(ChangeEvent::new),
                Combinators.combine(seq, ids(), version).as(DeleteEvent::new));
    }

    Arbitrary<OperationResult> results() {
        Arbitrary<Long> seq = Arbitraries.longs().between(0, Long.MAX_VALUE);
        return Arbitraries.oneOf(
                Combinators.combine(seq, ids(), Arbitraries.longs().between(0, 1L << 50)).as(Applied::new),
                Combinators.combine(seq, events()).as(Conflict::new),
                Combinators.combine(seq, text(100), events().injectNull(0.5)).as(Rejected::new));
    }

    Arbitrary<EventChanges> changes() {
        Arbitrary<EventChanges.Times> times = Combinators.combine(epochSeconds(), Arbitraries.longs().between(0, 86_400L * 400),
                Arbitraries.of(true, false), Arbitraries.of(ZONES).injectNull(0.6))
                .as((s, d, a, z) -> new EventChanges.Times(s, s + d, a, z));
        return Combinators.combine(text(20).injectNull(0.7), text(50).injectNull(0.5), text(20).injectNull(0.7),
                text(200).injectNull(0.8), times.injectNull(0.4), Arbitraries.of("FREQ=DAILY", "FREQ=WEEKLY;COUNT=3").injectNull(0.8),
                Arbitraries.of(true, false))
                .as((c, t, l, n, tm, r, clear) -> new EventChanges(c, t, l, n, tm, r, r == null && clear));
    }

    Arbitrary<CalendarEvent> events() {
        return Combinators.combine(ids(), text(64), text(200), text(60), text(500), epochSeconds(), Arbitraries.of(ZONES),
                Arbitraries.integers().between(0, 7))
                .as((id, cal, title, loc, notes, start, zone, flags) -> {
                    ZoneId z = ZoneId.of(zone);
                    return new CalendarEvent(id, cal, title, loc, notes, Instant.ofEpochSecond(start).atZone(z),
                            Instant.ofEpochSecond(start + 3600L * (flags + 1)).atZone(z), (flags & 1) != 0,
                            (flags & 4) != 0 ? "FREQ=WEEKLY;BYDAY=MO" : null, start & 0xFFFFFF,
                            Instant.ofEpochMilli(Math.abs(start) * 7), (flags & 2) != 0);
                });
    }

    Arbitrary<UserCalendar> calendars() {
        return Combinators.combine(text(64), text(30), text(100), Arbitraries.of(CalendarColour.class)).as(UserCalendar::new);
    }

    Arbitrary<SyncToken> tokens() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs().between(0, Long.MAX_VALUE)).as(SyncToken::new);
    }

    Arbitrary<String> ids() {
        return Arbitraries.oneOf(uuids().map(UUID::toString), text(64), Arbitraries.just("ics-uid@example.org"));
    }

    Arbitrary<UUID> uuids() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
    }

    Arbitrary<Long> epochSeconds() {
        return Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L - 86_400L * 500);
    }

    /** Any text the UI can hold, astral characters too, but no unpaired surrogates, which UTF-8 cannot carry. */
    static Arbitrary<String> text(int maxLength) {
        return Arbitraries.strings().withCharRange(' ', '\uD7FF').withChars("\n\té€").ofMaxLength(maxLength)
                .map(s -> s.replace("€€", "😀"));
    }
}
