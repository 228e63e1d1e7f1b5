package org.thinrich.server.display;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.display.protocol.CloseCode;
import org.thinrich.display.protocol.Limits;
import org.thinrich.display.protocol.Messages.ClientHello;
import org.thinrich.display.protocol.Messages.ClientMessage;
import org.thinrich.display.protocol.Messages.Close;
import org.thinrich.display.protocol.Messages.InputEvent;
import org.thinrich.display.protocol.Messages.Ping;
import org.thinrich.display.protocol.Messages.Pong;
import org.thinrich.display.protocol.Messages.ResizeRequest;
import org.thinrich.display.protocol.Messages.ServerInit;
import org.thinrich.display.protocol.Messages.UpdateAck;
import org.thinrich.display.protocol.ProtocolException;
import org.thinrich.display.protocol.ServerCodec;
import org.thinrich.display.protocol.encoding.Encodings;
import org.thinrich.server.ServerMetrics;

/**
 * One thin client's conversation with its display session, whatever carries its bytes: the hello
 * and login, then input and acks to the session, updates back. The server's own WebSocket carries
 * it when sessions run in the server's process; a session host's channel when they run in a host.
 * A malformed message ends this conversation with the reason; the session stays for a resume.
 */
public final class DisplayConversation implements DisplayConnection {
    private static final Logger log = LoggerFactory.getLogger(DisplayConversation.class);

    /** What carries the conversation's messages to and from the client. */
    public interface Carrier {
        void send(byte[] message);

        void close(int code, String reason);
    }

    private final DisplaySessions sessions;
    private final Function<String, Optional<String>> userForToken;
    private final ServerMetrics metrics;
    private final Carrier carrier;
    /** The zone the client asked its session to show; null: the server's. */
    private final java.time.ZoneId zone;
    private volatile DisplaySession session;

    /**
     * @param userForToken the user a hello's token belongs to; a session host, whose server has
     *                     checked the token already, answers with that user
     */
    public DisplayConversation(DisplaySessions sessions, Function<String, Optional<String>> userForToken, ServerMetrics metrics,
                               Carrier carrier) {
        this(sessions, userForToken, metrics, carrier, null);
    }

    /** As above, for a client that asked for its session to show {@code zone} (null: the server's). */
    public DisplayConversation(DisplaySessions sessions, Function<String, Optional<String>> userForToken, ServerMetrics metrics,
                               Carrier carrier, java.time.ZoneId zone) {
        this.sessions = sessions;
        this.userForToken = userForToken;
        this.metrics = metrics;
        this.carrier = carrier;
        this.zone = zone;
    }

    /** A message from the client. */
    public void receive(ByteBuffer payload) {
        metrics.add("display_bytes_received", payload.remaining());
        try {
            handle(ServerCodec.decode(payload));
        } catch (ProtocolException e) {
            metrics.increment("display_protocol_errors");
            log.info("Closing a display connection: {}", e.getMessage());
            close(e.closeCode(), e.getMessage());
        }
    }

    /** The carrier is gone: the session waits for a resume. */
    public void ended() {
        DisplaySession current = session;
        if (current != null) current.detach(this);
    }

    /** The id of the session this conversation shows, once the hello was answered. */
    public Optional<String> sessionId() {
        DisplaySession current = session;
        return current == null ? Optional.empty() : Optional.of(current.id);
    }

    private void handle(ClientMessage message) {
        DisplaySession current = session;
        if (current == null) {
            if (!(message instanceof ClientHello hello)) throw new ProtocolException("The first message must be ClientHello.");
            start(hello);
            return;
        }
        if (message instanceof InputEvent input) current.onInput(input);
        else if (message instanceof UpdateAck ack) current.onAck(ack.frame(), ack.windowBytes());
        else if (message instanceof Ping ping) {
            send(ServerCodec.encode(new Pong(ping.payload())));
            current.heardPing(); // the client keeps the connection alive: the session need not ping too
        }
        else if (message instanceof Pong ignored) metrics.increment("display_keepalive_answers");
        else if (message instanceof Close close) close(CloseCode.NORMAL, "Goodbye: " + close.reason());
        else if (message instanceof ResizeRequest resize) current.resize(resize.width(), resize.height());
        else if (message instanceof ClientHello) throw new ProtocolException("ClientHello was sent twice.");
    }

    private void start(ClientHello hello) {
        String user = userForToken.apply(hello.token()).orElse(null);
        if (user == null) {
            metrics.increment("display_logins_refused");
            throw new ProtocolException(CloseCode.AUTHENTICATION_FAILED, "Your login has expired or is unknown; log in again.");
        }
        Set<Integer> encodings = new HashSet<>(hello.encodings());
        encodings.retainAll(Encodings.available());
        if (!encodings.contains(0)) throw new ProtocolException("The client must accept the raw encoding (0).");
        var opened = sessions.open(user, hello.resumeSession(), hello.width(), hello.height(), zone);
        if (opened.isEmpty()) throw new ProtocolException(CloseCode.SESSION_LIMIT, "The server has no room for another session; try later.");
        DisplaySession attached = opened.get().session();
        send(ServerCodec.encode(new ServerInit(Limits.VERSION, attached.width(), attached.height(), attached.id,
                Limits.MAX_CLIENT_MESSAGE, opened.get().resumed())));
        session = attached;
        attached.attach(this, encodings);
        metrics.increment(opened.get().resumed() ? "display_sessions_resumed" : "display_sessions_opened");
    }

    @Override
    public void send(byte[] message) {
        metrics.add("display_bytes_sent", message.length);
        carrier.send(message);
    }

    @Override
    public void close(int code, String reason) {
        carrier.close(code, reason);
    }
}
