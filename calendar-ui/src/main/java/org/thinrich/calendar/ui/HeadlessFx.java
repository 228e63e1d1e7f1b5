package org.thinrich.calendar.ui;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/**
 * Starts the JavaFX toolkit without a display: Monocle's headless glass and Prism's software
 * pipeline. The server renders its thin sessions this way; the snapshot renderer too.
 */
public final class HeadlessFx {
    private static boolean started;

    private HeadlessFx() {
    }

    /** Starts the toolkit once; later calls return at once. Must run before any JavaFX class is touched. */
    public static synchronized void start(int screenWidth, int screenHeight) {
        start(screenWidth, screenHeight, null);
    }

    /**
     * Starts the toolkit once with Monocle platform {@code platform} (null: Headless, or what
     * -Dmonocle.platform says). A toolkit already running keeps the platform it has.
     */
    public static synchronized void start(int screenWidth, int screenHeight, String platform) {
        if (started) return;
        quietClassPathWarning();
        setIfAbsent("glass.platform", "Monocle");
        if (platform != null && !isRunning()) System.setProperty("monocle.platform", platform);
        setIfAbsent("monocle.platform", "Headless");
        setIfAbsent("prism.order", "sw");
        setIfAbsent("prism.text", "t2k");
        setIfAbsent("headless.geometry", screenWidth + "x" + screenHeight + "-32");
        setIfAbsent("java.awt.headless", "true");
        CountDownLatch ready = new CountDownLatch(1);
        try {
            Platform.startup(ready::countDown);
        } catch (IllegalStateException alreadyRunning) {
            ready.countDown();
        }
        Platform.setImplicitExit(false);
        try {
            if (!ready.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("JavaFX did not start within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting JavaFX", e);
        }
        started = true;
    }

    /** Held, so that the logger and its filter are not collected before JavaFX logs. */
    private static final java.util.logging.Logger JAVAFX_LOG = java.util.logging.Logger.getLogger("javafx");

    /**
     * JavaFX warns at every start that it was loaded from the class path rather than as modules
     * ("Unsupported JavaFX configuration"). That is how this project runs it, on purpose (one
     * class path for Monocle, the server and the clients), so the warning says nothing to a user;
     * it is dropped. JavaFX's other warnings (style sheets, say) pass.
     */
    public static void quietClassPathWarning() {
        JAVAFX_LOG.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
    }

    private static boolean isRunning() {
        try {
            Platform.runLater(() -> { });
            return true;
        } catch (IllegalStateException notStarted) {
            return false;
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}
