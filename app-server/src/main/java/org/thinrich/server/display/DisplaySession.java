package org.thinrich.server.display;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.calendar.core.CalendarService;
import org.thinrich.calendar.ui.CalendarApp;
import org.thinrich.display.protocol.Messages.CursorShape;
import org.thinrich.display.protocol.Messages.DesktopSize;
import org.thinrich.display.protocol.Messages.EncodedRect;
import org.thinrich.display.protocol.Messages.FramebufferUpdate;
import org.thinrich.display.protocol.Messages.InputEvent;
import org.thinrich.display.protocol.Messages.Ping;
import org.thinrich.display.protocol.Limits;
import org.thinrich.display.protocol.ServerCodec;
import org.thinrich.display.protocol.encoding.EncodingChooser;
import org.thinrich.display.protocol.encoding.EncodingStats;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.Rect;

/**
 * One thin client's session on the server: its connection and the flow of updates over it
 * (TigerVNC's VNCSConnectionST). The pictures come from the session's {@link SessionDesktop}; the
 * {@link EncodeManager} turns each into an update against what the client holds.
 *
 * <p>Diffing and encoding run on the worker pool, one frame at a time per session, so one
 * session's encoding never holds up another session's input. Updates go out while the bytes not
 * yet acknowledged fit the client's window; meanwhile only the newest picture is kept, so a slow
 * link gets fewer, newer frames. Regions sent as jpeg go again losslessly once the picture is still.
 */
final class DisplaySession implements SessionDesktop.Viewer {
    private static final Logger log = LoggerFactory.getLogger(DisplaySession.class);
    static final int INITIAL_WINDOW = 256 * 1024;
    /** How long the picture must be still before jpeg regions are sent again losslessly. */
    static final long REFRESH_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(300);
    /** At most one frame per 40 ms (25 frames/s) while frames keep coming without new input. */
    static final long PACING_NANOS = TimeUnit.MILLISECONDS.toNanos(40);
    /**
     * Frame arrays kept for the next uploads while frames flow. With one, frames captured while
     * another was encoded still needed new arrays (26 for 100 frames in three rounds of
     * ThinPathBenchmark; 1 with two). A quiet session lets them go.
     */
    static final int SPARE_FRAMES = 2;

    final String id;
    final String user;
    private final SessionDesktop desktop;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final DisplayMetrics metrics;

    // Guarded by this: the connection, its flow control, and the newest frame not yet sent.
    private DisplayConnection connection;
    private final EncodeManager encodes = new EncodeManager();
    private int frame;
    private int lastInputSent;
    private long sentBytes;
    private long ackedBytes;
    private int window;
    private final ArrayDeque<long[]> inFlight = new ArrayDeque<>();
    private boolean refreshScheduled;
    private boolean encoding;
    private boolean framePending;
    private boolean pacingScheduled;
    private long lastFrameNanos = System.nanoTime() - PACING_NANOS;
    private long generation;
    private long detachedAtNanos;
    private long lastSendNanos = System.nanoTime();
    private int[] latestPixels;
    /** The pixels the running encode task reads, if one runs. */
    private int[] encodingPixels;
    /**
     * Frame arrays no field refers to any more, for the next uploads. A frame is 4 MB: G1 puts
     * each new one in old regions of its own (a humongous allocation), and one per upload made it
     * collect every few frames, pausing the JavaFX thread and the encoders for about 9 ms each time.
     */
    private final ArrayDeque<int[]> spareFrames = new ArrayDeque<>(SPARE_FRAMES);
    private int latestInput;
    /** Times of the input the latest pixels answer: {input, dequeued, applied, pulse began, scene's pulse began, laid out, painted}. */
    private long[] latestTimes;

    private final ConcurrentHashMap<Integer, Long> inputArrivals = new ConcurrentHashMap<>();
    /**
     * This session's own input-to-update times (the server's are in {@link DisplayMetrics}): what
     * one user waits while others use the same server. Two digits, about 30 kB.
     */
    final Histogram inputToUpdate = new SynchronizedHistogram(TimeUnit.SECONDS.toNanos(60), 2);

    private DisplaySession(String id, String user, SessionDesktop desktop, ExecutorService workers, ScheduledExecutorService timers,
                           DisplayMetrics metrics) {
        this.id = id;
        this.user = user;
        this.desktop = desktop;
        this.workers = workers;
        this.timers = timers;
        this.metrics = metrics;
    }

    /** Builds the session's UI on a stage of its own, at its own place; call on the JavaFX thread. */
    static DisplaySession create(String id, String user, CalendarService service, ZoneId zone, Clock clock, boolean weeksAhead,
                                 int width, int height, int slot, ExecutorService workers, ScheduledExecutorService timers,
                                 DisplayMetrics metrics) {
        SessionDesktop desktop = SessionDesktop.create(id, service, zone, clock, weeksAhead, width, height, slot, metrics);
        DisplaySession session = new DisplaySession(id, user, desktop, workers, timers, metrics);
        desktop.show(session);
        return session;
    }

    int width() {
        return desktop.width();
    }

    int height() {
        return desktop.height();
    }

    int slotX() {
        return desktop.slotX();
    }

    CalendarApp app() {
        return desktop.app();
    }

    /** What the session's UI shows now, rendered on the JavaFX thread (first frames, tests, fallback). */
    int[] renderNow() {
        return desktop.renderNow();
    }

    // ---- connection ----

    /** A client connected (or reconnected): it starts from a black framebuffer and gets everything. */
    void attach(DisplayConnection newConnection, Set<Integer> accepted) {
        synchronized (this) {
            if (connection != null) connection.close(1000, "The session was resumed from another connection.");
            connection = newConnection;
            generation++;
            encodes.start(accepted, desktop.width(), desktop.height());
            frame = 0;
            sentBytes = 0;
            ackedBytes = 0;
            inFlight.clear();
            window = INITIAL_WINDOW;
            lastInputSent = -1;
            connection.send(ServerCodec.encode(new CursorShape(desktop.cursorShape())));
        }
        // The whole picture once, whatever the renderer last uploaded.
        Platform.runLater(() -> newFrame(desktop.renderNow(), desktop.lastInputApplied(), null));
    }

    synchronized void detach(DisplayConnection gone) {
        if (connection != gone) return;
        log.info("Display session {} of {} detached after {} frames: {}", id, user, frame, encodes.stats());
        connection = null;
        encodes.stop();
        spareFrames.clear(); // no frames go out until a client is back: 4 MB each for the collector
        detachedAtNanos = System.nanoTime();
    }

    /** A Pong went out for the client's Ping: the connection is known to be alive and has just carried something. */
    synchronized void heardPing() {
        lastSendNanos = System.nanoTime();
    }

    /** Pings the client when nothing was sent for {@code quietNanos}: all an idle session sends to a client that does not ping. */
    synchronized void keepAliveIfQuiet(long quietNanos) {
        desktop.lookForTooltipsAgain(); // called every few seconds
        long now = System.nanoTime();
        if (connection == null || now - lastSendNanos < quietNanos) return;
        spareFrames.clear(); // a quiet session keeps only the frame its client has: 4 MB each for the collector
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
        return encodes.stats();
    }

    /**
     * The client's window changed size: the desktop follows, the client is told with DesktopSize,
     * and both sides start new compression streams and a black framebuffer.
     */
    void resize(int requestedWidth, int requestedHeight) {
        int w = Math.max(Limits.MIN_SESSION_WIDTH, Math.min(Limits.MAX_SESSION_WIDTH, requestedWidth));
        int h = Math.max(Limits.MIN_SESSION_HEIGHT, Math.min(Limits.MAX_SESSION_HEIGHT, requestedHeight));
        Platform.runLater(() -> {
            if (w == desktop.width() && h == desktop.height()) return;
            synchronized (this) {
                desktop.setSize(w, h);
                generation++; // a frame being encoded at the old size is dropped, never sent
                latestPixels = null;
                framePending = false;
                encodes.resize(w, h, connection != null);
                if (connection != null) {
                    lastInputSent = -1;
                    connection.send(ServerCodec.encode(new DesktopSize(w, h)));
                }
            }
            desktop.fitStage();
            newFrame(desktop.renderNow(), desktop.lastInputApplied(), null);
        });
    }

    // ---- input and acknowledgements, from the WebSocket thread ----

    void onInput(InputEvent event) {
        inputArrivals.put(event.input(), System.nanoTime());
        desktop.apply(event);
    }

    void onAck(int ackedFrame, int newWindow) {
        synchronized (this) {
            while (!inFlight.isEmpty() && inFlight.peekFirst()[0] <= ackedFrame) ackedBytes = inFlight.pollFirst()[1];
            window = Math.max(16 * 1024, newWindow);
        }
        sendIfAllowed();
    }

    // ---- from the desktop, on the JavaFX thread ----

    @Override
    public synchronized void cursorShape(int shape) {
        if (connection != null) connection.send(ServerCodec.encode(new CursorShape(shape)));
    }

    /** Keeps the newest frame (null pixels: the picture is unchanged) and sends it when allowed. */
    @Override
    public void newFrame(int[] pixels, int inputReflected, long[] times) {
        synchronized (this) {
            if (pixels != null) {
                int[] replaced = latestPixels;
                latestPixels = pixels;
                reuse(replaced); // a frame never encoded: a newer one took its place
            }
            if (times != null) latestTimes = times;
            latestInput = Math.max(latestInput, inputReflected);
            framePending = true;
        }
        sendIfAllowed();
    }

    /** An array for a captured frame: a spare one of that size, else a new one. */
    @Override
    public int[] frameArray(int length) {
        synchronized (this) {
            for (int[] spare; (spare = spareFrames.poll()) != null; ) {
                if (spare.length == length) return spare;
            }
        }
        metrics.frameArraysMade.increment();
        return new int[length];
    }

    /**
     * Keeps a frame array for the next upload once nothing here reads it: not the latest frame,
     * not the client's frame, not the one being encoded. Arrays replaced by a new connection or
     * size are left to the collector: an encode task may still read them.
     */
    private void reuse(int[] pixels) {
        assert Thread.holdsLock(this);
        Framebuffer clientFrame = encodes.clientFrame();
        if (pixels == null || pixels == latestPixels || pixels == encodingPixels
                || (clientFrame != null && pixels == clientFrame.pixels())) return;
        if (spareFrames.size() < SPARE_FRAMES) spareFrames.push(pixels);
    }

    // ---- updates out ----

    private void sendIfAllowed() {
        int[] pixels;
        int reflected;
        long[] times;
        EncodingChooser encoder;
        synchronized (this) {
            if (!framePending || connection == null || encoding || sentBytes - ackedBytes >= window) return;
            if (latestPixels == null) return;
            // Frames that follow each other closely without new input are an animation or a view
            // filling in: pace them, so their intermediate pictures merge. A frame that answers an
            // input the client has not seen answered goes at once: pacing it would only add to
            // what the user waits (a click's pressed look, then its result, came 40 ms apart).
            boolean answersInput = latestInput > lastInputSent;
            long wait = answersInput ? 0 : lastFrameNanos + PACING_NANOS - System.nanoTime();
            if (wait > 0) {
                if (!pacingScheduled) {
                    pacingScheduled = true;
                    timers.schedule(() -> {
                        synchronized (this) {
                            pacingScheduled = false;
                        }
                        sendIfAllowed();
                    }, wait, TimeUnit.NANOSECONDS);
                }
                return;
            }
            framePending = false;
            encoding = true;
            encoder = encodes.lease();
            lastFrameNanos = System.nanoTime();
            pixels = latestPixels;
            encodingPixels = pixels;
            reflected = latestInput;
            times = latestTimes;
            latestTimes = null;
        }
        workers.execute(() -> encodeAndSend(encoder, pixels, reflected, times));
    }

    /** The encode task: only it touches the leased chooser while {@code encoding} is true, so the diff and encoding run without the lock. */
    private void encodeAndSend(EncodingChooser encoder, int[] pixels, int inputReflected, long[] times) {
        long started = System.nanoTime();
        try {
            Framebuffer previous;
            int previousInput;
            long connectionGeneration;
            synchronized (this) {
                if (connection == null) return;
                previous = encodes.clientFrame();
                previousInput = lastInputSent;
                connectionGeneration = generation;
            }
            if (pixels.length != previous.width() * previous.height()) return; // from before a resize
            EncodeManager.Update update = EncodeManager.encode(encoder, previous, pixels);
            if (update.changedPixels() == 0 && inputReflected == previousInput) return; // nothing new for the client
            synchronized (this) {
                if (connection == null || generation != connectionGeneration) return; // reconnected or resized meanwhile
                send(update.rects(), inputReflected);
                if (encodes.sent(update)) refreshLater();
                reuse(previous.pixels());
                metrics.changedPixels.add(update.changedPixels());
            }
            long now = System.nanoTime();
            metrics.encodeNanos.recordValue(now - started);
            Long arrived = times == null ? null : inputArrivals.get((int) times[0]);
            if (arrived != null && times[0] > previousInput) {
                metrics.stages(id, (int) times[0], arrived, times[1], times[2], times[3], times[4], times[5], times[6], started, now);
            }
            inputArrivals.entrySet().removeIf(e -> {
                if (e.getKey() > inputReflected) return false;
                metrics.inputToUpdateNanos.recordValue(Math.max(0, now - e.getValue()));
                inputToUpdate.recordValue(Math.max(0, now - e.getValue()));
                return true;
            });
        } catch (RuntimeException e) {
            log.error("Encoding failed in display session {}", id, e);
        } finally {
            encodingDone();
        }
    }

    /** Marks this session's encode task as done, closes a chooser replaced meanwhile, and sends what waits. */
    private void encodingDone() {
        synchronized (this) {
            encoding = false;
            int[] encoded = encodingPixels;
            encodingPixels = null;
            reuse(encoded); // unless it became the client's frame or is still the latest
            encodes.release();
        }
        sendIfAllowed();
    }

    /** Sends one update on the current connection; call holding the lock. */
    private void send(List<EncodedRect> rects, int inputReflected) {
        assert Thread.holdsLock(this);
        byte[] message = ServerCodec.encode(new FramebufferUpdate(++frame, inputReflected, rects));
        connection.send(message);
        lastSendNanos = System.nanoTime();
        sentBytes += message.length;
        inFlight.addLast(new long[] {frame, sentBytes});
        lastInputSent = inputReflected;
        metrics.updateSent(message.length);
    }

    // ---- lossless refresh of jpeg regions ----

    private void refreshLater() {
        assert Thread.holdsLock(this);
        if (refreshScheduled) return;
        refreshScheduled = true;
        timers.schedule(this::refreshIfStill, REFRESH_AFTER_NANOS, TimeUnit.NANOSECONDS);
    }

    /**
     * Once nothing was sent for a moment, the jpeg regions go again losslessly (TigerVNC calls this
     * a lossless refresh), so what stays on the client's screen is exact.
     */
    private void refreshIfStill() {
        List<Rect> rects;
        Framebuffer exact;
        EncodingChooser encoder;
        long connectionGeneration;
        synchronized (this) {
            refreshScheduled = false;
            if (connection == null || !encodes.hasLossy()) return;
            long quietFor = System.nanoTime() - lastSendNanos;
            if (encoding || framePending || quietFor < REFRESH_AFTER_NANOS || sentBytes - ackedBytes >= window) {
                refreshScheduled = true;
                timers.schedule(this::refreshIfStill, Math.max(REFRESH_AFTER_NANOS - quietFor, PACING_NANOS), TimeUnit.NANOSECONDS);
                return;
            }
            encoding = true;
            encoder = encodes.lease();
            exact = encodes.clientFrame();
            rects = encodes.takeLossy();
            connectionGeneration = generation;
        }
        workers.execute(() -> {
            try {
                List<EncodedRect> lossless = encoder.encodeLossless(exact, rects);
                synchronized (this) {
                    if (connection != null && generation == connectionGeneration) {
                        send(lossless, lastInputSent);
                        encodes.counted(lossless);
                    }
                }
            } catch (RuntimeException e) {
                log.error("Lossless refresh failed in display session {}", id, e);
            } finally {
                encodingDone();
            }
        });
    }

    /** Closes the connection and the UI; call on the JavaFX thread. */
    void dispose() {
        synchronized (this) {
            if (connection != null) connection.close(1000, "The session ended.");
            connection = null;
            encodes.stop();
        }
        desktop.dispose();
    }
}
