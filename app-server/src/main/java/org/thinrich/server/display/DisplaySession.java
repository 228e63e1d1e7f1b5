package org.thinrich.server.display;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.calendar.core.CalendarService;
import org.thinrich.calendar.ui.CalendarApp;
import org.thinrich.display.protocol.Messages.EncodedRect;
import org.thinrich.display.protocol.Messages.FramebufferUpdate;
import org.thinrich.display.protocol.Messages.InputEvent;
import org.thinrich.display.protocol.Messages.Ping;
import org.thinrich.display.protocol.ServerCodec;
import org.thinrich.display.protocol.encoding.EncodingChooser;
import org.thinrich.display.protocol.encoding.EncodingStats;
import org.thinrich.display.protocol.encoding.FrameDiff;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.Rect;

/**
 * One thin client's private calendar UI on the server, and the stream of its pixels.
 *
 * <p>The UI lives on the JavaFX thread: input is injected there and the scene is captured there.
 * Diffing against what the client has and encoding run on the worker pool, one frame at a time
 * per session, so one session's encoding never holds up another session's input. Updates are
 * pushed while the bytes not yet acknowledged fit the client's window; otherwise the session only
 * notes that it changed and captures afresh when an acknowledgement opens the window.
 */
final class DisplaySession {
    private static final Logger log = LoggerFactory.getLogger(DisplaySession.class);
    static final int INITIAL_WINDOW = 256 * 1024;
    private static final int TILE = FrameDiff.DEFAULT_TILE;

    final String id;
    final String user;
    final int width;
    final int height;
    private final CalendarApp app;
    private final Stage stage;
    private final Scene scene;
    private final SceneInput input;
    private final WritableImage image;
    private final ExecutorService workers;
    private final DisplayMetrics metrics;

    // Guarded by this: the connection and its flow control.
    private DisplayConnection connection;
    private EncodingChooser chooser;
    private EncodingStats stats;
    private Framebuffer clientFrame;
    private int frame;
    private int lastInputSent;
    private long sentBytes;
    private long ackedBytes;
    private int window;
    private final ArrayDeque<long[]> inFlight = new ArrayDeque<>();
    private boolean encoding;
    private long generation;
    private long detachedAtNanos;
    private long lastSendNanos = System.nanoTime();

    // JavaFX thread only.
    private boolean dirty;
    private boolean captureScheduled;
    private boolean inputUnanswered;
    private volatile int lastInputApplied;
    private final ConcurrentHashMap<Integer, Long> inputArrivals = new ConcurrentHashMap<>();

    private DisplaySession(String id, String user, int width, int height, CalendarApp app, Stage stage, Scene scene,
                           ExecutorService workers, DisplayMetrics metrics) {
        this.id = id;
        this.user = user;
        this.width = width;
        this.height = height;
        this.app = app;
        this.stage = stage;
        this.scene = scene;
        this.input = new SceneInput(scene);
        this.image = new WritableImage(width, height);
        this.workers = workers;
        this.metrics = metrics;
        // After CSS and layout, before the pulse hands changes to the renderer: the one place that
        // knows whether this scene will look different.
        scene.addPostLayoutPulseListener(() -> {
            if (input.hasPendingChanges()) requestCapture();
            else if (inputUnanswered) answerInput();
        });
    }

    /** Builds the session's UI on a headless stage; call on the JavaFX thread. */
    static DisplaySession create(String id, String user, CalendarService service, ZoneId zone, Clock clock, int width, int height,
                                 ExecutorService workers, DisplayMetrics metrics) {
        CalendarApp app = new CalendarApp(service, zone, clock);
        Stage stage = new Stage();
        Scene scene = new Scene(app.root(), width, height);
        stage.setScene(scene);
        stage.setTitle("thin session " + id);
        stage.show();
        return new DisplaySession(id, user, width, height, app, stage, scene, workers, metrics);
    }

    // ---- connection ----

    /** A client connected (or reconnected): it starts from a black framebuffer and gets everything. */
    synchronized void attach(DisplayConnection newConnection, Set<Integer> encodings) {
        if (connection != null) connection.close(1000, "The session was resumed from another connection.");
        // The previous chooser may still be encoding; its zlib stream is freed when it is unreachable.
        connection = newConnection;
        generation++;
        chooser = new EncodingChooser(encodings);
        stats = new EncodingStats();
        clientFrame = new Framebuffer(width, height);
        frame = 0;
        sentBytes = 0;
        ackedBytes = 0;
        inFlight.clear();
        window = INITIAL_WINDOW;
        lastInputSent = -1;
        Platform.runLater(this::requestCapture);
    }

    synchronized void detach(DisplayConnection gone) {
        if (connection != gone) return;
        log.info("Display session {} of {} detached after {} frames: {}", id, user, frame, stats);
        connection = null;
        detachedAtNanos = System.nanoTime();
    }

    /** Pings the client when nothing was sent for {@code quietNanos}: all an idle session sends. */
    synchronized void keepAliveIfQuiet(long quietNanos) {
        long now = System.nanoTime();
        if (connection == null || now - lastSendNanos < quietNanos) return;
        connection.send(ServerCodec.encode(new Ping(now)));
        lastSendNanos = now;
    }

    synchronized boolean attached() {
        return connection != null;
    }

    synchronized long detachedForNanos() {
        return connection != null ? 0 : System.nanoTime() - detachedAtNanos;
    }

    synchronized EncodingStats stats() {
        return stats;
    }

    // ---- input and acknowledgements, from the WebSocket thread ----

    void onInput(InputEvent event) {
        inputArrivals.put(event.input(), System.nanoTime());
        Platform.runLater(() -> {
            try {
                input.apply(event);
            } catch (RuntimeException e) {
                log.warn("Input {} failed in session {}", event, id, e);
            }
            lastInputApplied = Math.max(lastInputApplied, event.input());
            // Inputs that arrive together are applied together and captured once, after the next
            // pulse has laid out their effect; an input that changed nothing is answered without a capture.
            inputUnanswered = true;
            Platform.requestNextPulse();
        });
    }

    void onAck(int ackedFrame, int newWindow) {
        synchronized (this) {
            while (!inFlight.isEmpty() && inFlight.peekFirst()[0] <= ackedFrame) ackedBytes = inFlight.pollFirst()[1];
            window = Math.max(16 * 1024, newWindow);
        }
        Platform.runLater(() -> {
            if (dirty) requestCapture();
        });
    }

    // ---- capture (JavaFX thread) ----

    /** The scene changed or input arrived: capture now if the window allows, else when it opens. */
    private void requestCapture() {
        dirty = true;
        if (!captureScheduled && mayCapture()) {
            captureScheduled = true;
            Platform.runLater(this::capture);
        }
    }

    private synchronized boolean mayCapture() {
        return connection != null && !encoding && sentBytes - ackedBytes < window;
    }

    /** The scene did not change, but the client must learn that its input was handled. */
    private void answerInput() {
        if (dirty || captureScheduled) return; // the coming capture answers it
        inputUnanswered = false;
        int reflected = lastInputApplied;
        synchronized (this) {
            if (connection == null) return;
            if (encoding) {
                dirty = true; // answered by a capture when the encoder is done
                return;
            }
            encoding = true;
        }
        workers.execute(() -> encodeAndSend(null, reflected));
    }

    private void capture() {
        captureScheduled = false;
        if (!mayCapture()) return;
        dirty = false;
        inputUnanswered = false;
        int inputReflected = lastInputApplied;
        long started = System.nanoTime();
        scene.snapshot(image);
        int[] pixels = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), pixels, 0, width);
        metrics.captureNanos.recordValue(System.nanoTime() - started);
        synchronized (this) {
            encoding = true;
        }
        workers.execute(() -> encodeAndSend(pixels, inputReflected));
    }

    // ---- encode (worker pool) ----

    private void encodeAndSend(int[] pixels, int inputReflected) {
        long started = System.nanoTime();
        try {
            // Only this task touches the chooser and the client's frame while encoding is true,
            // so the diff and the encoding run without the lock: the JavaFX thread never waits for them.
            EncodingChooser encoder;
            Framebuffer previous;
            int previousInput;
            long connectionGeneration;
            synchronized (this) {
                if (connection == null) return;
                encoder = chooser;
                previous = clientFrame;
                previousInput = lastInputSent;
                connectionGeneration = generation;
            }
            // No pixels: only an answer to input that changed nothing.
            Framebuffer current = pixels == null ? previous : new Framebuffer(width, height, pixels);
            List<Rect> changed = pixels == null ? List.of() : FrameDiff.changed(previous, current, TILE);
            if (changed.isEmpty() && inputReflected == previousInput) return; // nothing new for the client
            List<EncodedRect> rects = encoder.encode(current, changed);
            synchronized (this) {
                if (connection == null || generation != connectionGeneration) return; // reconnected meanwhile
                FramebufferUpdate update = new FramebufferUpdate(++frame, inputReflected, rects);
                byte[] message = ServerCodec.encode(update);
                rects.forEach(stats::count);
                connection.send(message);
                lastSendNanos = System.nanoTime();
                sentBytes += message.length;
                inFlight.addLast(new long[] {frame, sentBytes});
                clientFrame = current;
                lastInputSent = inputReflected;
                metrics.updateSent(message.length, changed.stream().mapToLong(Rect::area).sum());
            }
            long now = System.nanoTime();
            metrics.encodeNanos.recordValue(now - started);
            inputArrivals.entrySet().removeIf(e -> {
                if (e.getKey() > inputReflected) return false;
                metrics.inputToUpdateNanos.recordValue(Math.max(0, now - e.getValue()));
                return true;
            });
        } catch (RuntimeException e) {
            log.error("Encoding failed in display session {}", id, e);
        } finally {
            synchronized (this) {
                encoding = false;
            }
            Platform.runLater(() -> {
                if (dirty) requestCapture();
            });
        }
    }

    /** Closes the UI; call on the JavaFX thread. */
    void dispose() {
        synchronized (this) {
            if (connection != null) connection.close(1000, "The session ended.");
            connection = null;
        }
        app.close();
        stage.close();
    }

    /** For tests and benchmarks: what the session's UI shows now, captured on the JavaFX thread. */
    int[] renderNow() {
        scene.snapshot(image);
        int[] pixels = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), pixels, 0, width);
        return pixels;
    }

    CalendarApp app() {
        return app;
    }
}
