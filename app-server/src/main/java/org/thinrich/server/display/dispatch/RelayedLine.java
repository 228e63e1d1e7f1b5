package org.thinrich.server.display.dispatch;

import java.util.concurrent.CompletableFuture;
import org.thinrich.server.display.DisplayLine;

/**
 * A display connection the server itself makes to a session in a host, for a client that does not
 * speak the display protocol (a VNC viewer, whose bytes the server translates): the same route a
 * thin client's WebSocket takes through {@link DisplayRelay}, without the socket.
 */
public final class RelayedLine implements ClientLink, DisplayLine {
    private final SessionHosts hosts;
    private final DisplayLine.Peer peer;
    private SessionHosts.Route route;
    private CompletableFuture<Void> relayed;
    private volatile String sessionId;

    private RelayedLine(SessionHosts hosts, DisplayLine.Peer peer) {
        this.hosts = hosts;
        this.peer = peer;
    }

    /** Opens a session of {@code user} (authenticated already) with {@code hello}; the peer hears of it. */
    public static DisplayLine open(SessionHosts hosts, String user, byte[] hello, DisplayLine.Peer peer) {
        RelayedLine line = new RelayedLine(hosts, peer);
        synchronized (line) {
            hosts.connect(user, hello, "", line).ifPresent(r -> {
                line.route = r;
                line.relayed = r.opened();
            });
        }
        return line;
    }

    @Override
    public synchronized void send(byte[] clientMessage) {
        if (route == null) return;
        SessionHosts.Route to = route;
        relayed = relayed.thenRun(() -> hosts.fromClient(to.host(), to.connection(), clientMessage));
    }

    @Override
    public synchronized void hangUp() {
        if (route == null) return;
        SessionHosts.Route to = route;
        route = null;
        relayed = relayed.thenRun(() -> hosts.detach(to.host(), to.connection()));
    }

    @Override
    public void toClient(byte[] message) {
        peer.fromSession(message);
    }

    @Override
    public void closeClient(int code, String reason) {
        peer.closed(code, reason);
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public void sessionId(String id) {
        sessionId = id;
    }
}
