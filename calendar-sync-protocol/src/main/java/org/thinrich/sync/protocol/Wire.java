package org.thinrich.sync.protocol;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.UUID;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.UserCalendar;

/**
 * The field types of PROTOCOL.md section 3, written and read with their limits. Every read checks
 * a length against its limit and against the bytes left before allocating anything.
 */
final class Wire {
    /** 0001-01-01 and 9999-12-31, the years iCalendar and the UI can show. */
    static final long MIN_EPOCH_SECOND = -62_135_596_800L;
    static final long MAX_EPOCH_SECOND = 253_402_300_799L;
    static final long MAX_DURATION_SECONDS = 86_400L * 366 * 10;

    private static final int FLAG_ALL_DAY = 1;
    private static final int FLAG_DELETED = 2;
    private static final int FLAG_RECURRING = 4;

    private Wire() {
    }

    // ---- integers ----

    static void writeVarInt(Output out, int value) {
        out.writeVarInt(value, true);
    }

    static void writeVarLong(Output out, long value) {
        out.writeVarLong(value, true);
    }

    static int readCount(Input in, int max, String what) {
        int n = in.readVarInt(true);
        if (n < 0 || n > max) throw new SyncProtocolException(SyncCloseCode.TOO_BIG, what + " count " + n + " is beyond the limit of " + max + ".");
        if (n > remaining(in)) throw new SyncProtocolException(what + " count " + n + " is more than the bytes left in the message.");
        return n;
    }

    static long readVersion(Input in, String what) {
        long v = in.readVarLong(true);
        if (v < 0) throw new SyncProtocolException(what + " must not be negative.");
        return v;
    }

    static void writeFixed64(Output out, long value) {
        for (int shift = 56; shift >= 0; shift -= 8) out.writeByte((byte) (value >>> shift));
    }

    static long readFixed64(Input in) {
        long value = 0;
        for (int i = 0; i < 8; i++) value = value << 8 | (in.readByte() & 0xFF);
        return value;
    }

    static void writeBoolean(Output out, boolean value) {
        out.writeByte(value ? 1 : 0);
    }

    static boolean readBoolean(Input in, String what) {
        int b = in.readByte();
        if (b != 0 && b != 1) throw new SyncProtocolException(what + " must be 0 or 1, not " + b + ".");
        return b == 1;
    }

    // ---- strings and ids ----

    static void writeString(Output out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > SyncLimits.MAX_STRING_BYTES) {
            throw new IllegalArgumentException("A string of " + bytes.length + " bytes is beyond the limit of " + SyncLimits.MAX_STRING_BYTES + ".");
        }
        writeVarInt(out, bytes.length);
        out.writeBytes(bytes);
    }

    static String readString(Input in, String what) {
        return utf8(in, in.readVarInt(true), what);
    }

    /** Null is length 0; a string of n bytes is n + 1. */
    static void writeNullableString(Output out, String value) {
        if (value == null) {
            writeVarInt(out, 0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > SyncLimits.MAX_STRING_BYTES) throw new IllegalArgumentException("A string is beyond the limit.");
        writeVarInt(out, bytes.length + 1);
        out.writeBytes(bytes);
    }

    static String readNullableString(Input in, String what) {
        int n = in.readVarInt(true);
        return n == 0 ? null : utf8(in, n - 1, what);
    }

    private static String utf8(Input in, int length, String what) {
        if (length < 0 || length > SyncLimits.MAX_STRING_BYTES) {
            throw new SyncProtocolException(SyncCloseCode.TOO_BIG, what + " of " + length + " bytes is beyond the limit of " + SyncLimits.MAX_STRING_BYTES + ".");
        }
        if (length > remaining(in)) throw new SyncProtocolException(what + " claims " + length + " bytes but the message ends first.");
        byte[] bytes = in.readBytes(length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SyncProtocolException(what + " is not valid UTF-8.");
        }
    }

    /** Event ids that are UUIDs in their canonical form (all ids this project makes) take 17 bytes instead of 37. */
    static void writeId(Output out, String id) {
        UUID uuid = canonicalUuid(id);
        if (uuid != null) {
            writeVarInt(out, 0);
            writeUuid(out, uuid);
        } else {
            writeNullableString(out, id);
        }
    }

    static String readId(Input in, String what) {
        int n = in.readVarInt(true);
        if (n == 0) return readUuid(in).toString();
        return utf8(in, n - 1, what);
    }

    private static UUID canonicalUuid(String id) {
        if (id.length() != 36) return null;
        try {
            UUID uuid = UUID.fromString(id);
            return uuid.toString().equals(id) ? uuid : null;
        } catch (IllegalArgumentException notAUuid) {
            return null;
        }
    }

    static void writeUuid(Output out, UUID uuid) {
        writeFixed64(out, uuid.getMostSignificantBits());
        writeFixed64(out, uuid.getLeastSignificantBits());
    }

    static UUID readUuid(Input in) {
        return new UUID(readFixed64(in), readFixed64(in));
    }

    static ZoneId readZone(Input in) {
        String id = readString(in, "A time zone");
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new SyncProtocolException("Unknown time zone '" + id + "'.");
        }
    }

    // ---- tokens, calendars, events ----

    static void writeToken(Output out, SyncToken token) {
        writeFixed64(out, token.storeId());
        writeVarLong(out, token.version());
    }

    static SyncToken readToken(Input in) {
        long store = readFixed64(in);
        return new SyncToken(store, readVersion(in, "A token's version"));
    }

    static void writeCalendar(Output out, UserCalendar calendar) {
        writeString(out, calendar.id());
        writeString(out, calendar.owner());
        writeString(out, calendar.name());
        out.writeByte(calendar.colour().ordinal());
    }

    static UserCalendar readCalendar(Input in) {
        String id = readString(in, "A calendar id");
        String owner = readString(in, "A calendar owner");
        String name = readString(in, "A calendar name");
        int colour = in.readByte() & 0xFF;
        if (colour >= CalendarColour.values().length) throw new SyncProtocolException("Unknown calendar colour " + colour + ".");
        return new UserCalendar(id, owner, name, CalendarColour.values()[colour]);
    }

    static void writeEvent(Output out, CalendarEvent e) {
        writeId(out, e.id());
        writeString(out, e.calendarId());
        writeString(out, e.title());
        writeString(out, e.location());
        writeString(out, e.notes());
        out.writeVarLong(e.start().toEpochSecond(), false);
        writeVarLong(out, e.end().toEpochSecond() - e.start().toEpochSecond());
        writeString(out, e.zone().getId());
        out.writeByte((e.allDay() ? FLAG_ALL_DAY : 0) | (e.deleted() ? FLAG_DELETED : 0) | (e.recurring() ? FLAG_RECURRING : 0));
        if (e.recurring()) writeString(out, e.recurrenceRule());
        writeVarLong(out, e.version());
        writeVarLong(out, e.lastModified().toEpochMilli());
    }

    static CalendarEvent readEvent(Input in) {
        String id = readId(in, "An event id");
        String calendarId = readString(in, "A calendar id");
        String title = readString(in, "A title");
        String location = readString(in, "A location");
        String notes = readString(in, "Notes");
        long start = readEpochSecond(in);
        long duration = readDuration(in);
        ZoneId zone = readZone(in);
        int flags = in.readByte() & 0xFF;
        if ((flags & ~7) != 0) throw new SyncProtocolException("Unknown event flags " + flags + ".");
        String rule = (flags & FLAG_RECURRING) != 0 ? readString(in, "A recurrence rule") : null;
        long version = readVersion(in, "An event version");
        Instant modified = readModified(in);
        return new CalendarEvent(id, calendarId, title, location, notes, at(start, zone), at(start + duration, zone),
                (flags & FLAG_ALL_DAY) != 0, rule, version, modified, (flags & FLAG_DELETED) != 0);
    }

    static Instant readModified(Input in) {
        return modifiedAt(in.readVarLong(true));
    }

    static Instant modifiedAt(long epochMilli) {
        if (epochMilli < 0 || epochMilli > MAX_EPOCH_SECOND * 1000) throw new SyncProtocolException("A modification time is out of range.");
        return Instant.ofEpochMilli(epochMilli);
    }

    static long readEpochSecond(Input in) {
        long s = in.readVarLong(false);
        if (s < MIN_EPOCH_SECOND || s > MAX_EPOCH_SECOND) throw new SyncProtocolException("A time of " + s + " s is outside years 1 to 9999.");
        return s;
    }

    static long readDuration(Input in) {
        long d = in.readVarLong(true);
        if (d < 0 || d > MAX_DURATION_SECONDS) throw new SyncProtocolException("A duration of " + d + " s is out of range.");
        return d;
    }

    static ZonedDateTime at(long epochSecond, ZoneId zone) {
        return Instant.ofEpochSecond(epochSecond).atZone(zone);
    }

    // ---- field-level changes ----

    static final int CH_CALENDAR = 1;
    static final int CH_TITLE = 2;
    static final int CH_LOCATION = 4;
    static final int CH_NOTES = 8;
    static final int CH_TIMES = 16;
    static final int CH_RULE = 32;
    static final int CH_CLEAR_RULE = 64;

    static int mask(EventChanges c) {
        return (c.calendarId() != null ? CH_CALENDAR : 0) | (c.title() != null ? CH_TITLE : 0)
                | (c.location() != null ? CH_LOCATION : 0) | (c.notes() != null ? CH_NOTES : 0)
                | (c.times() != null ? CH_TIMES : 0) | (c.recurrenceRule() != null ? CH_RULE : 0)
                | (c.clearRecurrence() ? CH_CLEAR_RULE : 0);
    }

    static void writeChanges(Output out, EventChanges c) {
        out.writeByte(mask(c));
        if (c.calendarId() != null) writeString(out, c.calendarId());
        if (c.title() != null) writeString(out, c.title());
        if (c.location() != null) writeString(out, c.location());
        if (c.notes() != null) writeString(out, c.notes());
        if (c.times() != null) {
            out.writeVarLong(c.times().startEpochSecond(), false);
            writeVarLong(out, c.times().endEpochSecond() - c.times().startEpochSecond());
            writeBoolean(out, c.times().allDay());
            writeNullableString(out, c.times().zone());
        }
        if (c.recurrenceRule() != null) writeString(out, c.recurrenceRule());
    }

    static EventChanges readChanges(Input in) {
        int mask = in.readByte() & 0xFF;
        if ((mask & ~127) != 0) throw new SyncProtocolException("Unknown change bits " + mask + ".");
        if ((mask & CH_RULE) != 0 && (mask & CH_CLEAR_RULE) != 0) throw new SyncProtocolException("A change cannot both set and clear the recurrence.");
        String calendarId = (mask & CH_CALENDAR) != 0 ? readString(in, "A calendar id") : null;
        String title = (mask & CH_TITLE) != 0 ? readString(in, "A title") : null;
        String location = (mask & CH_LOCATION) != 0 ? readString(in, "A location") : null;
        String notes = (mask & CH_NOTES) != 0 ? readString(in, "Notes") : null;
        EventChanges.Times times = null;
        if ((mask & CH_TIMES) != 0) {
            long start = readEpochSecond(in);
            long duration = readDuration(in);
            boolean allDay = readBoolean(in, "all-day");
            String zone = readNullableString(in, "A time zone");
            checkZone(zone);
            times = new EventChanges.Times(start, start + duration, allDay, zone);
        }
        String rule = (mask & CH_RULE) != 0 ? readString(in, "A recurrence rule") : null;
        return new EventChanges(calendarId, title, location, notes, times, rule, (mask & CH_CLEAR_RULE) != 0);
    }

    /** Null and "" stand for a zone named elsewhere; anything else must be a zone this JVM knows. */
    static void checkZone(String zone) {
        if (zone == null || zone.isEmpty()) return;
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new SyncProtocolException("Unknown time zone '" + zone + "'.");
        }
    }

    static int remaining(Input in) {
        return in.limit() - in.position();
    }
}
