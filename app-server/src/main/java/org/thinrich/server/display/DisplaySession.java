package org.thinrich.server.display;

import java.nio.IntBuffer;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
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
import org.thinrich.display.protocol.ServerCodec;
import org.thinrich.display.protocol.encoding.EncodingChooser;
import org.thinrich.display.protocol.encoding.EncodingStats;
import org.thinrich.display.protocol.encoding.FrameDiff;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.JpegEncoding;
import org.thinrich.display.protocol.encoding.Rect;

/**
 * One thin client's private calendar UI on the server, and the stream of its pixels.
 *
 * <p>The UI lives on the JavaFX thread; input is injected there. Pixels come from Prism itself:
 * after a pulse, the renderer repaints what changed and uploads the window, and the session keeps
 * that upload as the latest frame (see {@link WindowPixels}); where that platform is not running,
 * the session renders a snapshot instead. Diffing against what the client has and encoding run on
 * the worker pool, one frame at a time per session, so one session's encoding never holds up
 * another session's input. Frames go out while the bytes not yet acknowledged fit the client's
 * window; meanwhile only the newest frame is kept, so a slow link gets fewer, newer frames.
 */
final class DisplaySession implements WindowPixels.Receiver {
    private static final Logger log = LoggerFactory.getLogger(DisplaySession.class);
    static final int INITIAL_WINDOW = 256 * 1024;
    private static final int TILE = FrameDiff.DEFAULT_TILE;
    /** Where Tooltip.install keeps a node's tooltip (javafx.scene.control.Tooltip). */
    private static final String TOOLTIP_KEY = "javafx.scene.control.Tooltip";
    /** How long the picture must be still before jpeg regions are sent again losslessly. */
    static final long REFRESH_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(300);
    /** At most one frame per 40 ms (25 frames/s) while frames keep coming without new input. */
    static final long PACING_NANOS = TimeUnit.MILLISECONDS.toNanos(40);
    /** Rows below the client's picture: the first pixel holds the number of the pulse painted (see {@link #tag}). */
    static final int TAG_ROWS = 1;
    /** Pulses remembered by their tag; the renderer is never more than two pulses behind. */
    private static final int TAGS_KEPT = 64;
    /**
     * Frame arrays kept for the next uploads while frames flow. With one, frames captured while
     * another was encoded still needed new arrays (26 for 100 frames in three rounds of
     * ThinPathBenchmark; 1 with two). A quiet session lets them go.
     */
    static final int SPARE_FRAMES = 2;

    final String id;
    final String user;
    // Written under this lock and read anywhere; a resize changes them.
    volatile int width;
    volatile int height;
    private final int slotX;
    private final CalendarApp app;
    private final Stage stage;
    private final Scene scene;
    private final Rectangle tag;
    private final SceneInput input;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final DisplayMetrics metrics;
    private final boolean fromUploads;

    // Guarded by this: the connection, its flow control, and the newest frame not yet sent.
    private DisplayConnection connection;
    private EncodingChooser chooser;
    /** The chooser the running encode task uses, if one runs: it closes that chooser itself once replaced. */
    private EncodingChooser encodingWith;
    private Set<Integer> encodings = Set.of(0);
    private EncodingStats stats;
    private Framebuffer clientFrame;
    private int frame;
    private int lastInputSent;
    private long sentBytes;
    private long ackedBytes;
    private int window;
    private final ArrayDeque<long[]> inFlight = new ArrayDeque<>();
    /** Regions the client shows from jpeg, to send again losslessly when the picture is still. */
    private final List<Rect> lossyRects = new ArrayList<>();
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

    // JavaFX thread only.
    private boolean captureScheduled;
    private boolean inputUnanswered;
    private volatile int cursorShape = CursorShape.DEFAULT;
    private int lastInputApplied;
    private long lastDequeuedNanos;
    private long lastAppliedNanos;
    private long pulseBeganNanos;
    private long layoutBeganNanos;
    /** Notes when a pulse begins (animations run first in a pulse), running only while an input waits. */
    private final AnimationTimer pulseClock = new AnimationTimer() {
        @Override
        public void handle(long now) {
            pulseBeganNanos = System.nanoTime();
        }
    };
    /** {input, dequeued, applied, pulse began, scene's pulse began (before CSS), laid out} of the latest pulse that changed the picture. */
    private long[] timesOfPulse;
    /**
     * The number of the latest pulse that changed the picture, painted into the tag pixel below
     * the picture, and the times of each recent one by its number. The renderer paints
     * a pulse's scene while the next pulse already runs CSS and layout, and its upload reaches this
     * session on the JavaFX thread after that pulse: only the tag says which pulse the pixels show.
     */
    private int tagPulse;
    private final Shown[] shownByTag = new Shown[TAGS_KEPT];

    /** A pulse that changed the picture: its number and {input, dequeued, applied, pulse began, scene's pulse began, laid out}. */
    private record Shown(int pulse, long[] times) {
    }
    private final ConcurrentHashMap<Integer, Long> inputArrivals = new ConcurrentHashMap<>();
    /**
     * Whether the next pulse that changes the picture looks for tooltips to strip (see
     * {@link #removeTooltips}). The walk over the whole scene takes about 0.5 ms of the JavaFX
     * thread (1,900 nodes), and it ran in every such pulse, on the way of every input. CalendarFX
     * gives tooltips only to buttons made with the calendar view, its skin and its pages, which
     * enter the scene when first shown or when their page is: so the walk runs after the first
     * pulse, after a page is first shown, and every few seconds for anything else.
     */
    private volatile boolean tooltipsDue = true;
    /**
     * This session's own input-to-update times (the server's are in {@link DisplayMetrics}): what
     * one user waits while others use the same server. Two digits, about 30 kB.
     */
    final Histogram inputToUpdate = new SynchronizedHistogram(TimeUnit.SECONDS.toNanos(60), 2);

    private DisplaySession(String id, String user, int width, int height, int slotX, CalendarApp app, Stage stage,
                           Scene scene, Rectangle tag, ExecutorService workers, ScheduledExecutorService timers, DisplayMetrics metrics) {
        this.id = id;
        this.user = user;
        this.width = width;
        this.height = height;
        this.slotX = slotX;
        this.app = app;
        this.stage = stage;
        this.scene = scene;
        this.tag = tag;
        this.input = new SceneInput(scene);
        this.workers = workers;
        this.timers = timers;
        this.metrics = metrics;
        this.fromUploads = WindowPixels.active();
        if (fromUploads) WindowPixels.register(slotX, this);
        // The pointer's shape follows the node under it, as a local window's would.
        scene.addEventFilter(MouseEvent.ANY, e -> cursorOver(e.getPickResult() == null ? null : e.getPickResult().getIntersectedNode()));
        scene.addPreLayoutPulseListener(() -> layoutBeganNanos = System.nanoTime()); // before this scene's CSS and layout passes
        app.whenPageFirstShown(() -> tooltipsDue = true); // once stripped, a page's buttons stay so
        // After CSS and layout, before the pulse hands changes to the renderer: the one place that
        // knows whether this scene will look different. The tag pixel, set here, is painted with
        // this pulse's changes and tells the upload which pulse it shows.
        scene.addPostLayoutPulseListener(() -> {
            pulseClock.stop();
            input.settleCss();
            if (input.hasPendingChanges()) {
                if (tooltipsDue) {
                    tooltipsDue = false;
                    removeTooltips(scene.getRoot());
                }
                timesOfPulse = new long[] {lastInputApplied, lastDequeuedNanos, lastAppliedNanos, pulseBeganNanos, layoutBeganNanos, System.nanoTime()};
                tagPulse = (tagPulse + 1) & 0xFFFFFF;
                shownByTag[tagPulse % TAGS_KEPT] = new Shown(tagPulse, timesOfPulse);
                tag.setFill(Color.rgb(tagPulse >> 16, (tagPulse >> 8) & 0xFF, tagPulse & 0xFF)); // synchronized with this pulse's changes
                inputUnanswered = false;
                if (!fromUploads) requestSnapshot();
            } else if (inputUnanswered) {
                inputUnanswered = false;
                newFrame(null, lastInputApplied); // nothing to repaint, but the client learns its input was handled
            }
        });
    }

    /** Builds the session's UI on a stage of its own, at its own place; call on the JavaFX thread. */
    static DisplaySession create(String id, String user, CalendarService service, ZoneId zone, Clock clock, boolean weeksAhead,
                                 int width, int height, int slot, ExecutorService workers, ScheduledExecutorService timers,
                                 DisplayMetrics metrics) {
        CalendarApp app = new CalendarApp(service, zone, clock, weeksAhead);
        Stage stage = new Stage(StageStyle.UNDECORATED);
        Rectangle tag = new Rectangle(1, TAG_ROWS, Color.BLACK);
        TaggedRoot root = new TaggedRoot(app.root(), tag);
        Scene scene = new Scene(root, width, height + TAG_ROWS);
        stage.setScene(scene);
        stage.setTitle("thin session " + id);
        int slotX = WindowPixels.FIRST_X + slot * WindowPixels.SLOT_WIDTH;
        stage.setX(slotX);
        stage.setY(0);
        DisplaySession session = new DisplaySession(id, user, width, height, slotX, app, stage, scene, tag, workers, timers, metrics);
        stage.show();
        return session;
    }

    // ---- connection ----

    /** A client connected (or reconnected): it starts from a black framebuffer and gets everything. */
    void attach(DisplayConnection newConnection, Set<Integer> accepted) {
        synchronized (this) {
            if (connection != null) connection.close(1000, "The session was resumed from another connection.");
            connection = newConnection;
            generation++;
            lossyRects.clear();
            encodings = Set.copyOf(accepted);
            replaceChooser(new EncodingChooser(encodings));
            stats = new EncodingStats();
            clientFrame = new Framebuffer(width, height);
            frame = 0;
            sentBytes = 0;
            ackedBytes = 0;
            inFlight.clear();
            window = INITIAL_WINDOW;
            lastInputSent = -1;
            connection.send(ServerCodec.encode(new CursorShape(cursorShape)));
        }
        // The whole picture once, whatever the renderer last uploaded.
        Platform.runLater(() -> newFrame(renderNow(), lastInputApplied));
    }

    synchronized void detach(DisplayConnection gone) {
        if (connection != gone) return;
        log.info("Display session {} of {} detached after {} frames: {}", id, user, frame, stats);
        connection = null;
        replaceChooser(null); // a resumed connection starts new streams anyway
        spareFrames.clear(); // no frames go out until a client is back: 4 MB each for the collector
        detachedAtNanos = System.nanoTime();
    }

    /** Pings the client when nothing was sent for {@code quietNanos}: all an idle session sends. */
    synchronized void keepAliveIfQuiet(long quietNanos) {
        tooltipsDue = true; // called every few seconds: the next change also looks for tooltips
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
        return stats;
    }

    /**
     * The client's window changed size: the session's stage follows, the client is told with
     * DesktopSize, and both sides start a new zlib stream and a black framebuffer.
     */
    void resize(int requestedWidth, int requestedHeight) {
        int w = Math.max(640, Math.min(1920, requestedWidth));
        int h = Math.max(480, Math.min(1200, requestedHeight));
        Platform.runLater(() -> {
            if (w == width && h == height) return;
            synchronized (this) {
                width = w;
                height = h;
                generation++; // a frame being encoded at the old size is dropped, never sent
                lossyRects.clear();
                latestPixels = null;
                framePending = false;
                if (connection != null) {
                    replaceChooser(new EncodingChooser(encodings));
                    clientFrame = new Framebuffer(w, h);
                    lastInputSent = -1;
                    connection.send(ServerCodec.encode(new DesktopSize(w, h)));
                }
            }
            stage.setWidth(w);
            stage.setHeight(h + TAG_ROWS);
            newFrame(renderNow(), lastInputApplied);
        });
    }

    // ---- input and acknowledgements, from the WebSocket thread ----

    void onInput(InputEvent event) {
        inputArrivals.put(event.input(), System.nanoTime());
        Platform.runLater(() -> {
            long dequeued = System.nanoTime();
            try {
                input.apply(event);
            } catch (RuntimeException e) {
                log.warn("Input {} failed in session {}", event, id, e);
            }
            lastInputApplied = Math.max(lastInputApplied, event.input());
            lastDequeuedNanos = dequeued;
            lastAppliedNanos = System.nanoTime();
            // Inputs that arrive together are applied together; the next pulse decides whether they
            // changed the picture (the renderer then uploads it) or need only an answer.
            inputUnanswered = true;
            pulseClock.start(); // also asks for the next pulse
        });
    }

    void onAck(int ackedFrame, int newWindow) {
        synchronized (this) {
            while (!inFlight.isEmpty() && inFlight.peekFirst()[0] <= ackedFrame) ackedBytes = inFlight.pollFirst()[1];
            window = Math.max(16 * 1024, newWindow);
        }
        sendIfAllowed();
    }

    /**
     * Tooltips open windows of their own, which the session does not stream, and closing any
     * window makes Monocle repaint every window on the screen: a full repaint of every session
     * each time a tooltip hides (and JavaFX shows and hides one at once on the first hover, to
     * read its CSS). Called from a pulse's post-layout listener, when {@link #tooltipsDue}.
     */
    private static void removeTooltips(Parent parent) {
        for (Node node : parent.getChildrenUnmodifiable()) {
            if (node instanceof Control control && control.getTooltip() != null) control.setTooltip(null);
            if (node.hasProperties() && node.getProperties().get(TOOLTIP_KEY) instanceof Tooltip tooltip) Tooltip.uninstall(node, tooltip);
            if (node instanceof Parent child) removeTooltips(child);
        }
    }

    private void cursorOver(Node node) {
        Cursor cursor = null;
        for (Node n = node; n != null && cursor == null; n = n.getParent()) cursor = n.getCursor();
        if (cursor == null) cursor = scene.getCursor();
        int shape = shapeOf(cursor);
        if (shape == cursorShape) return;
        cursorShape = shape;
        synchronized (this) {
            if (connection != null) connection.send(ServerCodec.encode(new CursorShape(shape)));
        }
    }

    private static int shapeOf(Cursor cursor) {
        if (cursor == Cursor.HAND) return CursorShape.HAND;
        if (cursor == Cursor.TEXT) return CursorShape.TEXT;
        if (cursor == Cursor.MOVE || cursor == Cursor.CLOSED_HAND || cursor == Cursor.OPEN_HAND) return CursorShape.MOVE;
        if (cursor == Cursor.V_RESIZE || cursor == Cursor.N_RESIZE || cursor == Cursor.S_RESIZE) return CursorShape.RESIZE_VERTICAL;
        if (cursor == Cursor.H_RESIZE || cursor == Cursor.E_RESIZE || cursor == Cursor.W_RESIZE) return CursorShape.RESIZE_HORIZONTAL;
        if (cursor == Cursor.CROSSHAIR) return CursorShape.CROSSHAIR;
        if (cursor == Cursor.WAIT) return CursorShape.WAIT;
        return CursorShape.DEFAULT;
    }

    // ---- frames in ----

    /**
     * The renderer just painted this session's window. Prism hands the upload to the JavaFX thread,
     * which runs it after what was queued before it, often after the next pulse: the tag pixel
     * says which pulse's picture this is, and so which input it answers.
     */
    @Override
    public void painted(IntBuffer pixels, int w, int h) {
        if (w != width || h != height + TAG_ROWS) return;
        long started = System.nanoTime();
        int[] copy = frameArray(w * (h - TAG_ROWS));
        pixels.position(0);
        pixels.get(copy);
        int tagged = pixels.get() & 0xFFFFFF;
        Shown shown = shownByTag[tagged % TAGS_KEPT];
        metrics.captureNanos.recordValue(System.nanoTime() - started);
        if (shown == null || shown.pulse() != tagged) {
            newFrame(copy, 0); // painted before any pulse changed the picture: it answers no input
            return;
        }
        newFrame(copy, (int) shown.times()[0], timesPaintedAt(shown.times(), started));
    }

    /** A pulse's times with the moment its picture was painted added. */
    private static long[] timesPaintedAt(long[] pulse, long painted) {
        if (pulse == null) return null;
        long[] times = java.util.Arrays.copyOf(pulse, pulse.length + 1);
        times[pulse.length] = painted;
        return times;
    }

    /** Where the renderer's uploads are not available: render the scene again on the JavaFX thread. */
    private void requestSnapshot() {
        if (captureScheduled) return;
        captureScheduled = true;
        Platform.runLater(() -> {
            captureScheduled = false;
            long started = System.nanoTime();
            int[] pixels = renderNow();
            metrics.captureNanos.recordValue(System.nanoTime() - started);
            newFrame(pixels, lastInputApplied, timesPaintedAt(timesOfPulse, started));
        });
    }

    /** Keeps the newest frame (null pixels: the picture is unchanged) and sends it when allowed. */
    private void newFrame(int[] pixels, int inputReflected) {
        newFrame(pixels, inputReflected, null);
    }

    private void newFrame(int[] pixels, int inputReflected, long[] times) {
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

    private void sendIfAllowed() {
        int[] pixels;
        int reflected;
        long[] times;
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
            encodingWith = chooser;
            lastFrameNanos = System.nanoTime();
            pixels = latestPixels;
            encodingPixels = pixels;
            reflected = latestInput;
            times = latestTimes;
            latestTimes = null;
        }
        workers.execute(() -> encodeAndSend(pixels, reflected, times));
    }

    /** An array for a captured frame: a spare one of that size, else a new one. */
    private int[] frameArray(int length) {
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
        if (pixels == null || pixels == latestPixels || pixels == encodingPixels
                || (clientFrame != null && pixels == clientFrame.pixels())) return;
        if (spareFrames.size() < SPARE_FRAMES) spareFrames.push(pixels);
    }

    // ---- encode (worker pool) ----

    private void encodeAndSend(int[] pixels, int inputReflected, long[] times) {
        long started = System.nanoTime();
        try {
            // Only this task touches the chooser and the client's frame while encoding is true,
            // so the diff and the encoding run without the lock: nothing else waits for them.
            EncodingChooser encoder;
            Framebuffer previous;
            int previousInput;
            long connectionGeneration;
            synchronized (this) {
                if (connection == null) return;
                encoder = encodingWith; // set with encoding = true; a newer chooser does not close it
                previous = clientFrame;
                previousInput = lastInputSent;
                connectionGeneration = generation;
            }
            if (pixels.length != previous.width() * previous.height()) return; // from before a resize
            // The captured array is made per frame and never written again: no copy of its 4 MB.
            Framebuffer current = Framebuffer.wrap(previous.width(), previous.height(), pixels);
            List<Rect> changed = FrameDiff.changed(previous, current, TILE);
            if (changed.isEmpty() && inputReflected == previousInput) return; // nothing new for the client
            List<EncodedRect> rects = encoder.encode(current, changed);
            synchronized (this) {
                if (connection == null || generation != connectionGeneration) return; // reconnected or resized meanwhile
                send(rects, inputReflected);
                // The client's frame as the server rendered it: jpeg regions differ until refreshed.
                clientFrame = current;
                reuse(previous.pixels());
                metrics.changedPixels.add(changed.stream().mapToLong(Rect::area).sum());
                noteLossy(rects);
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
            if (encodingWith != null && encodingWith != chooser) encodingWith.close();
            encodingWith = null;
        }
        sendIfAllowed();
    }

    /** Sends one update on the current connection; call holding the lock. */
    private void send(List<EncodedRect> rects, int inputReflected) {
        assert Thread.holdsLock(this);
        byte[] message = ServerCodec.encode(new FramebufferUpdate(++frame, inputReflected, rects));
        rects.forEach(stats::count);
        connection.send(message);
        lastSendNanos = System.nanoTime();
        sentBytes += message.length;
        inFlight.addLast(new long[] {frame, sentBytes});
        lastInputSent = inputReflected;
        metrics.updateSent(message.length);
    }

    // ---- lossless refresh of jpeg regions ----

    /** Remembers where the client's picture is lossy and plans to send it again losslessly. */
    private void noteLossy(List<EncodedRect> rects) {
        assert Thread.holdsLock(this);
        for (EncodedRect r : rects) {
            if (r.encoding() == JpegEncoding.ID) lossyRects.add(new Rect(r.x(), r.y(), r.width(), r.height()));
        }
        if (lossyRects.size() > 256) { // many small ones: their bounding box is cheaper to track and send
            int x0 = lossyRects.stream().mapToInt(Rect::x).min().orElseThrow();
            int y0 = lossyRects.stream().mapToInt(Rect::y).min().orElseThrow();
            int x1 = lossyRects.stream().mapToInt(r -> r.x() + r.width()).max().orElseThrow();
            int y1 = lossyRects.stream().mapToInt(r -> r.y() + r.height()).max().orElseThrow();
            lossyRects.clear();
            lossyRects.add(new Rect(x0, y0, x1 - x0, y1 - y0));
        }
        if (!lossyRects.isEmpty() && !refreshScheduled) {
            refreshScheduled = true;
            timers.schedule(this::refreshIfStill, REFRESH_AFTER_NANOS, TimeUnit.NANOSECONDS);
        }
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
            if (connection == null || lossyRects.isEmpty()) return;
            long quietFor = System.nanoTime() - lastSendNanos;
            if (encoding || framePending || quietFor < REFRESH_AFTER_NANOS || sentBytes - ackedBytes >= window) {
                refreshScheduled = true;
                timers.schedule(this::refreshIfStill, Math.max(REFRESH_AFTER_NANOS - quietFor, PACING_NANOS), TimeUnit.NANOSECONDS);
                return;
            }
            encoding = true;
            encodingWith = chooser;
            encoder = chooser;
            exact = clientFrame;
            rects = List.copyOf(lossyRects);
            lossyRects.clear();
            connectionGeneration = generation;
        }
        workers.execute(() -> {
            try {
                List<EncodedRect> lossless = encoder.encodeLossless(exact, rects);
                synchronized (this) {
                    if (connection != null && generation == connectionGeneration) send(lossless, lastInputSent);
                }
            } catch (RuntimeException e) {
                log.error("Lossless refresh failed in display session {}", id, e);
            } finally {
                encodingDone();
            }
        });
    }

    /**
     * A new connection or size starts new compression streams. The old ones hold native memory (the
     * zstd window), so they are closed now, or by the encode task that still uses them.
     */
    private void replaceChooser(EncodingChooser next) {
        assert Thread.holdsLock(this);
        if (chooser != null && chooser != encodingWith) chooser.close();
        chooser = next;
    }

    /** Closes the UI; call on the JavaFX thread. */
    void dispose() {
        synchronized (this) {
            if (connection != null) connection.close(1000, "The session ended.");
            connection = null;
            replaceChooser(null);
        }
        if (fromUploads) WindowPixels.unregister(slotX);
        app.close();
        stage.close();
    }

    /** What the session's UI shows now, rendered on the JavaFX thread (first frames, tests, fallback). */
    int[] renderNow() {
        WritableImage image = scene.snapshot(null);
        int w = (int) image.getWidth();
        int h = (int) image.getHeight() - TAG_ROWS;
        int[] pixels = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), pixels, 0, w);
        return pixels;
    }

    CalendarApp app() {
        return app;
    }

    /** The calendar UI at the size the client sees, with the tag row below it. */
    private static final class TaggedRoot extends Pane {
        private final Parent content;
        private final Rectangle tag;

        TaggedRoot(Parent content, Rectangle tag) {
            super(content, tag);
            this.content = content;
            this.tag = tag;
        }

        @Override
        protected void layoutChildren() {
            content.resizeRelocate(0, 0, getWidth(), getHeight() - TAG_ROWS);
            tag.relocate(0, getHeight() - TAG_ROWS);
        }
    }

    int slotX() {
        return slotX;
    }
}
