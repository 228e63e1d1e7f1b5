package org.thinrich.sync.protocol;

import java.nio.ByteBuffer;
import org.thinrich.sync.protocol.Messages.ClientMessage;
import org.thinrich.sync.protocol.Messages.ServerMessage;

/** The server's side: writes what a server may send, reads what a client may send. */
public final class ServerSyncCodec {
    private ServerSyncCodec() {
    }

    public static byte[] encode(ServerMessage message) {
        return SyncEnvelope.encode(message);
    }

    /** Throws {@link SyncProtocolException} for anything that is not a well-formed client message within the limits. */
    public static ClientMessage decode(ByteBuffer wire) {
        return SyncEnvelope.decode(wire, ClientMessage.class, "A client");
    }
}
