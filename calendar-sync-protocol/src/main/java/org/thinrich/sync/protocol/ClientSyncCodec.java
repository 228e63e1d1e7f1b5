package org.thinrich.sync.protocol;

import java.nio.ByteBuffer;
import org.thinrich.sync.protocol.Messages.ClientMessage;
import org.thinrich.sync.protocol.Messages.ServerMessage;

/** The rich client's side: writes what a client may send, reads what a server may send. */
public final class ClientSyncCodec {
    private ClientSyncCodec() {
    }

    public static byte[] encode(ClientMessage message) {
        return SyncEnvelope.encode(message);
    }

    /** Throws {@link SyncProtocolException} for anything that is not a well-formed server message within the limits. */
    public static ServerMessage decode(ByteBuffer wire) {
        return SyncEnvelope.decode(wire, ServerMessage.class, "A server");
    }
}
