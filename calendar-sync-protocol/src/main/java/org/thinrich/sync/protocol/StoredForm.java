package org.thinrich.sync.protocol;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.sync.protocol.Messages.Operation;

/**
 * Events and operations in their wire form, for a replica to keep on disk: what it stores is
 * byte for byte what it sends, and the same limits guard what it reads back.
 */
public final class StoredForm {
    private StoredForm() {
    }

    public static byte[] ofEvent(CalendarEvent event) {
        Output out = new Output(128, SyncLimits.MAX_MESSAGE_BYTES);
        Wire.writeEvent(out, event);
        return out.toBytes();
    }

    public static CalendarEvent event(byte[] stored) {
        return read(stored, Wire::readEvent);
    }

    public static byte[] ofOperation(Operation operation) {
        return SyncKryo.withKryo(kryo -> {
            Output out = new Output(64, SyncLimits.MAX_MESSAGE_BYTES);
            kryo.writeClassAndObject(out, operation);
            return out.toBytes();
        });
    }

    public static Operation operation(byte[] stored) {
        return read(stored, in -> SyncKryo.withKryo(kryo -> SyncKryo.readOne(kryo, in, Operation.class, "Operation")));
    }

    private static <T> T read(byte[] stored, java.util.function.Function<Input, T> reader) {
        try {
            Input in = new Input(stored);
            T value = reader.apply(in);
            if (in.position() != in.limit()) throw new SyncProtocolException("Stored bytes continue after the value.");
            return value;
        } catch (KryoException e) {
            throw new SyncProtocolException("Stored bytes are truncated: " + e.getMessage());
        }
    }
}
