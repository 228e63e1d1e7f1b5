package org.thinrich.server.display;

import java.nio.IntBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where Prism's window uploads meet the display sessions. Each session's stage sits at its own
 * position far beyond the headless screen, so an upload's position names its session. Prism
 * paints the window's dirty regions on the renderer thread and posts the upload of the whole
 * window to the JavaFX thread: taking the pixels there costs one copy, instead of rendering the
 * whole scene again for a snapshot.
 */
public final class WindowPixels {
    /** Sessions' windows start here on x, one slot apart, far right of any real screen. */
    static final int FIRST_X = 20_000;
    static final int SLOT_WIDTH = 4_096;

    interface Receiver {
        void painted(IntBuffer pixels, int width, int height);
    }

    private static volatile boolean active;
    private static final Map<Integer, Receiver> RECEIVERS = new ConcurrentHashMap<>();

    private WindowPixels() {
    }

    public static void markActive() {
        active = true;
    }

    /** True when the capturing Monocle platform is running, so uploads will arrive. */
    static boolean active() {
        return active;
    }

    static void register(int x, Receiver receiver) {
        RECEIVERS.put(x, receiver);
    }

    static void unregister(int x) {
        RECEIVERS.remove(x);
    }

    /** Called by the capturing screen on the JavaFX thread (Prism posts its uploads there). */
    public static void uploaded(IntBuffer pixels, int x, int y, int width, int height) {
        Receiver receiver = RECEIVERS.get(x);
        if (receiver != null && y == 0) receiver.painted(pixels.duplicate(), width, height);
    }
}
