package org.thinrich.server.display;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
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
import org.thinrich.server.store.UserAccounts;

/**
 * One thin client's WebSocket on /display: the hello and login, then input and acks to its
 * session, updates back. A malformed message closes this connection with the reason; the session
 * stays for a resume and other connections carry on.
 */
public final class DisplayEndpoint implements Session.Listener.AutoDemanding, DisplayConnection {
    private static final Logger log = LoggerFactory.getLogger(DisplayEndpoint.class);

    private final DisplaySessions sessions;
    private final UserAccounts accounts;
    private final ServerMetrics serverMetrics;
    private Session socket;
    private volatile DisplaySession session;

    public DisplayEndpoint(DisplaySessions sessions, UserAccounts accounts, ServerMetrics serverMetrics) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.serverMetrics = serverMetrics;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        socket = opened;
        socket.setMaxBinaryMessageSize(Limits.MAX_CLIENT_MESSAGE);
        socket.setMaxTextMessageSize(256);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        serverMetrics.add("display_bytes_received", payload.remaining());
        try {
            handle(ServerCodec.decode(payload));
        } catch (ProtocolException e) {
            serverMetrics.increment("display_protocol_errors");
            log.info("Closing a display connection: {}", e.getMessage());
            close(e.closeCode(), e.getMessage());
        } finally {
            callback.succeed();
        }
    }

    @Override
    public void onWebSocketText(String message) {
        close(CloseCode.PROTOCOL_ERROR, "This endpoint speaks binary TRDP messages only.");
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
        else if (message instanceof Ping ping) send(ServerCodec.encode(new Pong(ping.payload())));
        else if (message instanceof Pong ignored) serverMetrics.increment("display_keepalive_answers");
        else if (message instanceof Close close) close(CloseCode.NORMAL, "Goodbye: " + close.reason());
        else if (message instanceof ResizeRequest resize) current.resize(resize.width(), resize.height());
        else if (message instanceof ClientHello) throw new ProtocolException("ClientHello was sent twice.");
    }

    private void start(ClientHello hello) {
        String user = accounts.userForToken(hello.token()).orElse(null);
        if (user == null) {
            serverMetrics.increment("display_logins_refused");
            throw new ProtocolException(CloseCode.AUTHENTICATION_FAILED, "Your login has expired or is unknown; log in again.");
        }
        Set<Integer> encodings = new HashSet<>(hello.encodings());
        encodings.retainAll(Encodings.available());
        if (!encodings.contains(0)) throw new ProtocolException("The client must accept the raw encoding (0).");
        var opened = sessions.open(user, hello.resumeSession(), hello.width(), hello.height());
        if (opened.isEmpty()) throw new ProtocolException(CloseCode.SESSION_LIMIT, "The server has no room for another session; try later.");
        DisplaySession attached = opened.get().session();
        send(ServerCodec.encode(new ServerInit(Limits.VERSION, attached.width, attached.height, attached.id,
                Limits.MAX_CLIENT_MESSAGE, opened.get().resumed())));
        session = attached;
        attached.attach(this, encodings);
        serverMetrics.increment(opened.get().resumed() ? "display_sessions_resumed" : "display_sessions_opened");
    }

    @Override
    public synchronized void send(byte[] message) {
        Session s = socket;
        if (s == null || !s.isOpen()) return;
        serverMetrics.add("display_bytes_sent", message.length);
        s.sendBinary(ByteBuffer.wrap(message), Callback.NOOP);
    }

    @Override
    public void close(int code, String reason) {
        Session s = socket;
        if (s == null || !s.isOpen()) return;
        send(ServerCodec.encode(new Close(code, reason)));
        s.close(code, reason.length() > 120 ? reason.substring(0, 120) : reason, Callback.NOOP);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        DisplaySession current = session;
        if (current != null) current.detach(this);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        log.debug("Display connection error", cause);
    }
}
