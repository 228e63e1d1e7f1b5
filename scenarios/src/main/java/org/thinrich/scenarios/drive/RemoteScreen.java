package org.thinrich.scenarios.drive;

import java.time.Duration;

/**
 * The screen a remote-display driver works through: the thin client's engine, or a VNC viewer.
 * Inputs return a number; {@link #awaitShown} waits until the screen shows what that input did.
 */
interface RemoteScreen extends AutoCloseable {
    /** Logs in and waits until the first picture arrived. */
    void connect() throws Exception;

    int click(int x, int y) throws Exception;

    int doubleClick(int x, int y) throws Exception;

    /** Press at the start, {@code steps} moves, release at the end; returns the release's number. */
    int drag(int fromX, int fromY, int toX, int toY, int steps) throws Exception;

    int text(String text) throws Exception;

    /** Presses and releases a key given by its java.awt.event.KeyEvent code. */
    int typeKey(int virtualKeyCode) throws Exception;

    /**
     * Waits until the screen shows input {@code input}; returns when it did (System.nanoTime), or
     * -1 when {@code wait} passed first.
     */
    long awaitShown(int input, Duration wait) throws InterruptedException;

    /** Waits until nothing more arrives for a while. */
    void settle(Duration wait) throws InterruptedException;

    /** The display session shown, as the server names it. */
    String sessionId();

    /** The key a load balancer sticks this client's connections with; empty when there is none. */
    String affinity();

    String servedBy();

    ClientDriver.Traffic traffic();

    /** Connected to a session again and a picture of it shown since this call. */
    boolean awaitWorking(Duration within) throws InterruptedException;

    @Override
    void close();
}
