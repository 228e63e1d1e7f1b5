package org.thinrich.scenarios.drive;

import java.net.URI;
import java.time.Duration;
import org.thinrich.thin.engine.ConnectionState;
import org.thinrich.thin.engine.ThinEngine;
import org.thinrich.thin.engine.ThinListener;

/** The thin client's engine as a driver's screen: an input is shown by the first update that says it reflects it. */
final class ThinScreen implements RemoteScreen {
    private final ThinEngine engine;
    private final String user;
    private final String password;

    ThinScreen(URI through, String user, String password, java.time.ZoneId zone, ThinListener listener) {
        // The session shows the zone the driver reads its screen in, as a user's client sends its own.
        this.engine = new ThinEngine(through, listener).zone(zone);
        this.user = user;
        this.password = password;
    }

    @Override
    public void connect() throws Exception {
        engine.connect(user, password, 1280, 800);
    }

    @Override
    public int click(int x, int y) {
        return engine.click(x, y);
    }

    @Override
    public int doubleClick(int x, int y) {
        return engine.doubleClick(x, y);
    }

    @Override
    public int drag(int fromX, int fromY, int toX, int toY, int steps) {
        return engine.drag(fromX, fromY, toX, toY, steps);
    }

    @Override
    public int text(String text) {
        return engine.text(text);
    }

    @Override
    public int typeKey(int virtualKeyCode) {
        return engine.typeKey(virtualKeyCode, 0);
    }

    @Override
    public long awaitShown(int input, Duration wait) throws InterruptedException {
        return engine.awaitReflected(input, wait) ? System.nanoTime() : -1;
    }

    @Override
    public void settle(Duration wait) throws InterruptedException {
        Duration rtt = Duration.ofMillis((long) Math.max(1, engine.metrics().lastRttMillis()));
        engine.awaitQuiet(Duration.ofMillis(Math.max(300, 2 * rtt.toMillis())), wait);
    }

    @Override
    public String sessionId() {
        return engine.sessionId();
    }

    @Override
    public String affinity() {
        return engine.affinity();
    }

    @Override
    public String servedBy() {
        return engine.servedBy();
    }

    @Override
    public ClientDriver.Traffic traffic() {
        var m = engine.metrics();
        return new ClientDriver.Traffic(m.bytesUp(), m.bytesDown(), m.messagesUp(), m.messagesDown(), m.frames());
    }

    @Override
    public boolean awaitWorking(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        long frames = engine.metrics().frames();
        while (System.nanoTime() < deadline) {
            if (engine.state() == ConnectionState.CONNECTED && engine.metrics().frames() > frames) return true;
            if (engine.state() == ConnectionState.CLOSED) return false;
            Thread.sleep(5);
        }
        return false;
    }

    @Override
    public void close() {
        engine.close();
    }
}
