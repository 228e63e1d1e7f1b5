package org.thinrich.server.display.host;

import java.io.DataInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import org.thinrich.server.store.Database.Address;

/** What a session host is told on start, over its channel (never on its command line, which others can read). */
public record HostSettings(Address database, ZoneId zone, int maxSessions, Duration grace, boolean weeksAhead) {

    public byte[] toPayload() {
        return HostChannel.payload(out -> {
            out.writeUTF(database.url());
            out.writeUTF(database.user());
            out.writeUTF(database.password());
            out.writeUTF(zone.getId());
            out.writeInt(maxSessions);
            out.writeLong(grace.toMillis());
            out.writeBoolean(weeksAhead);
        });
    }

    static HostSettings fromPayload(byte[] payload) throws IOException {
        DataInputStream in = HostChannel.reader(payload);
        return new HostSettings(new Address(in.readUTF(), in.readUTF(), in.readUTF()), ZoneId.of(in.readUTF()), in.readInt(),
                Duration.ofMillis(in.readLong()), in.readBoolean());
    }
}
