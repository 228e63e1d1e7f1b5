package org.thinrich.server.display.dispatch;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.thinrich.display.protocol.Limits;
import org.thinrich.server.LoginDeadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.display.protocol.CloseCode;
import org.thinrich.display.protocol.Messages.ClientHello;
import org.thinrich.display.protocol.Messages.ClientMessage;
import org.thinrich.display.protocol.ProtocolException;
import org.thinrich.display.protocol.ServerCodec;
import org.thinrich.server.ServerMetrics;
import org.thinrich.server.display.DisplaySockets;
import org.thinrich.server.store.UserAccounts;

/**
 * A thin client's WebSocket on /display when sessions run in session hosts. The server reads the
 * hello only to authenticate its token and to find the session a resume names; every byte after
 * that is relayed as it is, both ways, between this socket and the session's host. The client
 * sees one server at one address whichever process draws its session.
 */
public final class DisplayRelay implements Session.Listener.AutoDemanding, ClientLink {
    private static final Logger log = LoggerFactory.getLogger(DisplayRelay.class);

    private final SessionHosts hosts;
    private final UserAccounts accounts;
    private final ServerMetrics metrics;
    private Session socket;
    private java.util.concurrent.ScheduledFuture<?> deadline;
    private SessionHosts.Route route;
    /** The client's messages in order, each sent once the ones before it (and the hello) are. */
    private CompletableFuture<Void> relayed;
    private volatile String sessionId;

    private final org.thinrich.server.display.SessionZone zone;

    public DisplayRelay(SessionHosts hosts, UserAccounts accounts, ServerMetrics metrics, org.thinrich.server.display.SessionZone zone) {
        this.zone = zone;
        this.hosts = hosts;
        this.accounts = accounts;
        this.metrics = metrics;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        socket = DisplaySockets.limited(opened);
        if (zone.error() != null) {
            closeClient(CloseCode.PROTOCOL_ERROR, zone.error());
            return;
        }
        deadline = LoginDeadline.arm(() -> route != null,
                () -> closeClient(CloseCode.AUTHENTICATION_FAILED, "No hello with a valid login within " + LoginDeadline.WITHIN.toSeconds() + " s."));
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        try {
            metrics.add("display_bytes_received", payload.remaining());
            if (payload.remaining() > Limits.MAX_CLIENT_MESSAGE) { // relayed unread to the host: checked here
                throw new ProtocolException(CloseCode.MESSAGE_TOO_LARGE, "A client message of " + payload.remaining()
                        + " bytes is above the limit of " + Limits.MAX_CLIENT_MESSAGE);
            }
            byte[] message = new byte[payload.remaining()];
            payload.get(message);
            synchronized (this) {
                if (route == null) {
                    hello(message);
                } else {
                    SessionHosts.Route to = route;
                    relayed = relayed.thenRun(() -> hosts.fromClient(to.host(), to.connection(), message));
                }
            }
        } catch (ProtocolException e) {
            metrics.increment("display_protocol_errors");
            log.info("Closing a display connection: {}", e.getMessage());
            closeClient(e.closeCode(), e.getMessage());
        } finally {
            callback.succeed();
        }
    }

    private void hello(byte[] message) {
        ClientMessage first = ServerCodec.decode(ByteBuffer.wrap(message));
        if (!(first instanceof ClientHello hello)) throw new ProtocolException("The first message must be ClientHello.");
        String user = accounts.userForToken(hello.token()).orElse(null);
        if (user == null) {
            metrics.increment("display_logins_refused");
            throw new ProtocolException(CloseCode.AUTHENTICATION_FAILED, "Your login has expired or is unknown; log in again.");
        }
        hosts.connect(user, message, hello.resumeSession(), this, zone.zone()).ifPresent(r -> {
            route = r;
            relayed = r.opened();
            relayed.exceptionally(failed -> {
                closeClient(CloseCode.SESSION_LOST, "Your session could not be started on the server; reconnect to try again.");
                return null;
            });
        });
    }

    @Override
    public void toClient(byte[] message) {
        metrics.add("display_bytes_sent", message.length);
        DisplaySockets.send(socket, message);
    }

    @Override
    public void closeClient(int code, String reason) {
        DisplaySockets.close(socket, code, reason);
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public void sessionId(String id) {
        sessionId = id;
    }

    @Override
    public void onWebSocketText(String message) {
        closeClient(CloseCode.PROTOCOL_ERROR, "This endpoint speaks binary TRDP messages only.");
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (deadline != null) deadline.cancel(false);
        SessionHosts.Route to;
        synchronized (this) {
            to = route;
            if (to == null) return;
            relayed = relayed.thenRun(() -> hosts.detach(to.host(), to.connection()));
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        log.debug("Display connection error", cause);
    }
}
