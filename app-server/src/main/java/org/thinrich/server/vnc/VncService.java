package org.thinrich.server.vnc;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.thinrich.rfb.RfbServerConnection;
import org.thinrich.server.ServerMetrics;
import org.thinrich.server.display.DisplayLine;
import org.thinrich.server.http.LoginThrottle;
import org.thinrich.server.store.UserAccounts;

/**
 * VNC on the thin sessions: what every RFB connection shares, whichever carries it (the TCP port or
 * a WebSocket). A viewer logs in with the server's accounts (VeNCrypt Plain, on loopback or behind
 * TLS only), failures count against the same throttle as the API's logins, and each viewer gets a
 * thin session of its own, wherever thin sessions run.
 */
public final class VncService implements AutoCloseable {
    /** Time for a viewer to log in: a person types the password into the viewer's dialog meanwhile. */
    static final Duration LOGIN_WITHIN = Duration.ofSeconds(60);

    private final UserAccounts accounts;
    private final LoginThrottle throttle;
    private final ServerMetrics metrics;
    private final Sessions opener;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vnc-login-deadline");
        t.setDaemon(true);
        return t;
    });

    /** Where a viewer's thin session is opened: in this process, or in a session host. */
    public interface Sessions {
        DisplayLine open(String user, byte[] hello, DisplayLine.Peer peer);
    }

    public VncService(UserAccounts accounts, LoginThrottle throttle, ServerMetrics metrics, Sessions opener) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.metrics = metrics;
        this.opener = opener;
    }

    /**
     * A new connection from {@code clientAddress}; {@code passwordsAllowed} when it is loopback or
     * TLS. Call {@link RfbServerConnection#start()} once the carrier can send.
     */
    RfbServerConnection connection(RfbServerConnection.Carrier carrier, String clientAddress, boolean passwordsAllowed) {
        metrics.increment("vnc_connections");
        RfbServerConnection connection = new RfbServerConnection(counting(carrier), passwordsAllowed,
                (user, password) -> refusal(user, password, clientAddress),
                (user, viewer) -> {
                    metrics.increment("vnc_sessions_opened");
                    return SessionScreen.open(viewer, user, opener);
                });
        deadlines.schedule(() -> {
            if (connection.user() == null) connection.close("No VNC login within " + LOGIN_WITHIN.toSeconds() + " s.");
        }, LOGIN_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        return connection;
    }

    private RfbServerConnection.Carrier counting(RfbServerConnection.Carrier carrier) {
        return new RfbServerConnection.Carrier() {
            @Override
            public void send(byte[] bytes) {
                metrics.add("vnc_bytes_sent", bytes.length);
                carrier.send(bytes);
            }

            @Override
            public void close(String reason) {
                carrier.close(reason);
            }

            @Override
            public void count(String counter) {
                metrics.increment(counter);
            }
        };
    }

    private String refusal(String user, String password, String clientAddress) {
        Optional<Duration> wait = throttle.wait(user, clientAddress);
        if (wait.isPresent()) return "Too many failed logins; try again in " + Math.max(1, wait.get().toSeconds()) + " s.";
        if (!accounts.verify(user, password.toCharArray())) {
            throttle.failed(user, clientAddress);
            metrics.increment("vnc_logins_refused");
            return "Wrong user name or password.";
        }
        throttle.succeeded(user, clientAddress);
        return null;
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
    }
}
