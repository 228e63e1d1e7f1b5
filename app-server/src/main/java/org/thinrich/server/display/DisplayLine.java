package org.thinrich.server.display;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.thinrich.server.ServerMetrics;

/**
 * A display-protocol connection the server makes itself, on behalf of a client that speaks
 * another protocol (a VNC viewer): messages to the session, and a peer that gets the session's.
 * The session is one like any thin client's, wherever sessions run.
 */
public interface DisplayLine {
    /** Where the session's messages go. */
    interface Peer {
        void fromSession(byte[] serverMessage);

        void closed(int code, String reason);
    }

    void send(byte[] clientMessage);

    /** The client went away; the session waits its grace period as for a thin client. */
    void hangUp();

    /** A session in this server's process, opened with {@code hello} for {@code user}, authenticated already. */
    static DisplayLine inProcess(DisplaySessions sessions, ServerMetrics metrics, String user, byte[] hello, Peer peer) {
        DisplayConversation conversation = new DisplayConversation(sessions, token -> Optional.of(user), metrics,
                new DisplayConversation.Carrier() {
                    @Override
                    public void send(byte[] message) {
                        peer.fromSession(message);
                    }

                    @Override
                    public void close(int code, String reason) {
                        peer.closed(code, reason);
                    }
                });
        conversation.receive(ByteBuffer.wrap(hello));
        return new DisplayLine() {
            @Override
            public void send(byte[] clientMessage) {
                conversation.receive(ByteBuffer.wrap(clientMessage));
            }

            @Override
            public void hangUp() {
                conversation.ended();
            }
        };
    }
}
