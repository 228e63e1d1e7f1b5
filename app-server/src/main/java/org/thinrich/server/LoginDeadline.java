package org.thinrich.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A WebSocket whose client has not logged in (a hello with a good token) within {@link #WITHIN}
 * is closed: a socket that never says hello holds a file descriptor and the server's buffers for
 * nothing (100 such sockets stayed open until the 2-minute idle timeout). A hello crosses one
 * round trip after the upgrade, under a second even over a satellite link.
 */
public final class LoginDeadline {
    public static final Duration WITHIN = Duration.ofSeconds(5);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "login-deadline");
        t.setDaemon(true);
        return t;
    });

    private LoginDeadline() {
    }

    /** After {@link #WITHIN}, runs {@code close} unless {@code loggedIn} says the client did; cancel the result when the socket closes. */
    public static ScheduledFuture<?> arm(BooleanSupplier loggedIn, Runnable close) {
        return TIMER.schedule(() -> {
            if (!loggedIn.getAsBoolean()) close.run();
        }, WITHIN.toMillis(), TimeUnit.MILLISECONDS);
    }
}
