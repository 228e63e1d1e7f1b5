package org.thinrich.sync.protocol;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.sync.protocol.Messages.AddCalendar;
import org.thinrich.sync.protocol.Messages.Applied;
import org.thinrich.sync.protocol.Messages.ChangeCalendar;
import org.thinrich.sync.protocol.Messages.DeleteCalendar;
import org.thinrich.sync.protocol.Messages.ChangeEvent;
import org.thinrich.sync.protocol.Messages.ChangesPage;
import org.thinrich.sync.protocol.Messages.Conflict;
import org.thinrich.sync.protocol.Messages.CreateEvent;
import org.thinrich.sync.protocol.Messages.DeleteEvent;
import org.thinrich.sync.protocol.Messages.Hello;
import org.thinrich.sync.protocol.Messages.Operation;
import org.thinrich.sync.protocol.Messages.OperationResult;
import org.thinrich.sync.protocol.Messages.OperationResults;
import org.thinrich.sync.protocol.Messages.Ping;
import org.thinrich.sync.protocol.Messages.Pong;
import org.thinrich.sync.protocol.Messages.PullChanges;
import org.thinrich.sync.protocol.Messages.PushOperations;
import org.thinrich.sync.protocol.Messages.Rejected;
import org.thinrich.sync.protocol.Messages.Welcome;
import org.thinrich.calendar.core.UserCalendar;

/**
 * The one table of message types and their wire tags (PROTOCOL.md section 2). Kryo writes a
 * registered type as varint(id + 2); registration is required, so no class name ever travels and
 * an unknown tag is refused. Each type has a hand-written serializer whose field order is the spec's.
 */
final class SyncKryo {
    /** Wire tag by type. The Kryo registration id is the tag minus 2. */
    static final Map<Class<?>, Integer> TAGS = Map.ofEntries(
            Map.entry(Hello.class, 0x10), Map.entry(PullChanges.class, 0x11),
            Map.entry(PushOperations.class, 0x12), Map.entry(Ping.class, 0x13),
            Map.entry(Welcome.class, 0x20), Map.entry(ChangesPage.class, 0x21),
            Map.entry(OperationResults.class, 0x22), Map.entry(Pong.class, 0x24),
            Map.entry(CreateEvent.class, 0x30), Map.entry(ChangeEvent.class, 0x31), Map.entry(DeleteEvent.class, 0x32),
            Map.entry(AddCalendar.class, 0x33), Map.entry(ChangeCalendar.class, 0x34), Map.entry(DeleteCalendar.class, 0x35),
            Map.entry(Applied.class, 0x38), Map.entry(Conflict.class, 0x39), Map.entry(Rejected.class, 0x3A));

    private static final Pool<Kryo> POOL = new Pool<>(true, false, 32) {
        @Override
        protected Kryo create() {
            return newKryo();
        }
    };

    private SyncKryo() {
    }

    static <T> T withKryo(Function<Kryo, T> work) {
        Kryo kryo = POOL.obtain();
        try {
            return work.apply(kryo);
        } finally {
            POOL.free(kryo);
        }
    }

    private static Kryo newKryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        register(kryo, Hello.class, (out, m) -> {
            Wire.writeVarInt(out, m.protocolVersion());
            Wire.writeString(out, m.bearerToken());
            Wire.writeUuid(out, m.clientId());
            Wire.writeBoolean(out, m.since() != null);
            if (m.since() != null) Wire.writeToken(out, m.since());
        }, in -> new Hello(in.readVarInt(true), Wire.readString(in, "A bearer token"), Wire.readUuid(in),
                Wire.readBoolean(in, "has-token") ? Wire.readToken(in) : null));
        register(kryo, PullChanges.class, (out, m) -> {
            Wire.writeVarLong(out, m.since());
            Wire.writeVarInt(out, m.maxEvents());
        }, in -> new PullChanges(Wire.readVersion(in, "A version"), in.readVarInt(true)));
        register(kryo, PushOperations.class, (out, m) -> writeTagged(kryo, out, m.operations()),
                in -> new PushOperations(readTagged(kryo, in, Operation.class, SyncLimits.MAX_OPERATIONS_PER_PUSH, "Operation")));
        register(kryo, Ping.class, (out, m) -> Wire.writeVarLong(out, m.seq()), in -> new Ping(Wire.readVersion(in, "A ping number")));

        register(kryo, Welcome.class, (out, m) -> {
            Wire.writeVarInt(out, m.protocolVersion());
            Wire.writeString(out, m.user());
            Wire.writeString(out, m.zone());
            Wire.writeVarInt(out, m.calendars().size());
            for (UserCalendar c : m.calendars()) Wire.writeCalendar(out, c);
            Wire.writeToken(out, m.current());
            Wire.writeBoolean(out, m.resyncRequired());
        }, in -> {
            int version = in.readVarInt(true);
            String user = Wire.readString(in, "A user name");
            String zone = Wire.readZone(in).getId();
            int n = Wire.readCount(in, SyncLimits.MAX_CALENDARS, "Calendar");
            List<UserCalendar> calendars = new ArrayList<>(n);
            for (int i = 0; i < n; i++) calendars.add(Wire.readCalendar(in));
            return new Welcome(version, user, zone, List.copyOf(calendars), Wire.readToken(in), Wire.readBoolean(in, "resync-required"));
        });
        register(kryo, ChangesPage.class, PageColumns::write, PageColumns::read);
        register(kryo, OperationResults.class, (out, m) -> {
            writeTagged(kryo, out, m.results());
            Wire.writeVarLong(out, m.upTo());
        }, in -> new OperationResults(readTagged(kryo, in, OperationResult.class, SyncLimits.MAX_RESULTS, "Result"),
                Wire.readVersion(in, "A version")));
        register(kryo, Pong.class, (out, m) -> Wire.writeVarLong(out, m.seq()), in -> new Pong(Wire.readVersion(in, "A ping number")));

        register(kryo, CreateEvent.class, (out, m) -> {
            Wire.writeVarLong(out, m.opSeq());
            Wire.writeEvent(out, m.event());
        }, in -> new CreateEvent(Wire.readVersion(in, "An operation number"), Wire.readEvent(in)));
        register(kryo, ChangeEvent.class, (out, m) -> {
            Wire.writeVarLong(out, m.opSeq());
            Wire.writeId(out, m.eventId());
            Wire.writeVarLong(out, m.baseVersion());
            Wire.writeChanges(out, m.changes());
        }, in -> new ChangeEvent(Wire.readVersion(in, "An operation number"), Wire.readId(in, "An event id"),
                Wire.readVersion(in, "A base version"), Wire.readChanges(in)));
        register(kryo, DeleteEvent.class, (out, m) -> {
            Wire.writeVarLong(out, m.opSeq());
            Wire.writeId(out, m.eventId());
            Wire.writeVarLong(out, m.baseVersion());
        }, in -> new DeleteEvent(Wire.readVersion(in, "An operation number"), Wire.readId(in, "An event id"),
                Wire.readVersion(in, "A base version")));

        register(kryo, AddCalendar.class, (out, m) -> writeCalendarOperation(out, m.opSeq(), m.calendarId(), m.name(), m.colour()),
                in -> new AddCalendar(Wire.readVersion(in, "An operation number"), Wire.readId(in, "A calendar id"),
                        Wire.readString(in, "A calendar name"), readColour(in)));
        register(kryo, ChangeCalendar.class, (out, m) -> writeCalendarOperation(out, m.opSeq(), m.calendarId(), m.name(), m.colour()),
                in -> new ChangeCalendar(Wire.readVersion(in, "An operation number"), Wire.readId(in, "A calendar id"),
                        Wire.readString(in, "A calendar name"), readColour(in)));
        register(kryo, DeleteCalendar.class, (out, m) -> {
            Wire.writeVarLong(out, m.opSeq());
            Wire.writeId(out, m.calendarId());
        }, in -> new DeleteCalendar(Wire.readVersion(in, "An operation number"), Wire.readId(in, "A calendar id")));

        register(kryo, Applied.class, (out, m) -> {
            Wire.writeVarLong(out, m.opSeq());
            Wire.writeVarLong(out, m.newVersion());
            Wire.writeVarLong(out, m.lastModified().toEpochMilli());
        }, in -> new Applied(Wire.readVersion(in, "An operation number"), Wire.readVersion(in, "A version"), Wire.readModified(in)));
        register(kryo, Conflict.class, (out, m) -> {
            Wire.writeVarLong(out, m.opSeq());
            Wire.writeEvent(out, m.serverCopy());
        }, in -> new Conflict(Wire.readVersion(in, "An operation number"), Wire.readEvent(in)));
        register(kryo, Rejected.class, (out, m) -> {
            Wire.writeVarLong(out, m.opSeq());
            Wire.writeString(out, m.reason());
            Wire.writeBoolean(out, m.serverCopy() != null);
            if (m.serverCopy() != null) Wire.writeEvent(out, m.serverCopy());
        }, in -> new Rejected(Wire.readVersion(in, "An operation number"), Wire.readString(in, "A reason"),
                Wire.readBoolean(in, "has-copy") ? Wire.readEvent(in) : null));
        return kryo;
    }

    private static void writeCalendarOperation(Output out, long opSeq, String id, String name, CalendarColour colour) {
        Wire.writeVarLong(out, opSeq);
        Wire.writeId(out, id);
        Wire.writeString(out, name);
        out.writeByte(colour.ordinal());
    }

    private static CalendarColour readColour(Input in) {
        int colour = in.readByte() & 0xFF;
        if (colour >= CalendarColour.values().length) throw new SyncProtocolException("Unknown calendar colour " + colour + ".");
        return CalendarColour.values()[colour];
    }

    private static <T> void register(Kryo kryo, Class<T> type, BiConsumer<Output, T> write, Function<Input, T> read) {
        kryo.register(type, new Serializer<T>(false, true) {
            @Override
            public void write(Kryo k, Output output, T object) {
                write.accept(output, object);
            }

            @Override
            public T read(Kryo k, Input input, Class<? extends T> ignored) {
                return read.apply(input);
            }
        }, TAGS.get(type) - 2);
    }

    private static void writeTagged(Kryo kryo, Output out, List<?> items) {
        Wire.writeVarInt(out, items.size());
        for (Object item : items) kryo.writeClassAndObject(out, item);
    }

    /** Reads a count and that many tagged items, each of which must be an {@code expected}. */
    private static <T> List<T> readTagged(Kryo kryo, Input in, Class<T> expected, int max, String what) {
        int n = Wire.readCount(in, max, what);
        List<T> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) items.add(readOne(kryo, in, expected, what));
        return List.copyOf(items);
    }

    /**
     * Reads one tagged value of the given kind. The tag is checked before anything is decoded, so
     * a tag of another kind (or one of Kryo's built-in types) is refused without being read.
     */
    static <T> T readOne(Kryo kryo, Input in, Class<T> expected, String what) {
        int position = in.position();
        int tag = in.readVarInt(true);
        Class<?> type = TAGS.entrySet().stream().filter(e -> e.getValue() == tag).map(Map.Entry::getKey).findFirst().orElse(null);
        if (type == null) {
            throw new SyncProtocolException("Unregistered message tag 0x" + Integer.toHexString(tag) + " where " + what + " was expected.");
        }
        if (!expected.isAssignableFrom(type)) {
            throw new SyncProtocolException(type.getSimpleName() + " (tag 0x" + Integer.toHexString(tag) + ") where " + what + " was expected.");
        }
        in.setPosition(position);
        try {
            Registration registration = kryo.readClass(in);
            return expected.cast(kryo.readObject(in, registration.getType()));
        } catch (KryoException e) {
            if (e.getCause() instanceof SyncProtocolException p) throw p;
            throw e;
        }
    }
}
