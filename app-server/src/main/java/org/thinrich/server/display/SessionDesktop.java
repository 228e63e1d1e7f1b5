package org.thinrich.server.display;

import java.nio.IntBuffer;
import java.time.Clock;
import java.time.ZoneId;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.calendar.core.CalendarService;
import org.thinrich.calendar.ui.CalendarApp;
import org.thinrich.display.protocol.Messages.CursorShape;
import org.thinrich.display.protocol.Messages.InputEvent;

/**
 * A thin session's desktop: one calendar UI on a stage of its own, the input fed into it, the
 * pointer's shape over it, and its pixels as the renderer paints them. Everything here runs on
 * the JavaFX thread; what it makes goes to its {@link Viewer}, the session that streams it.
 *
 * <p>Pixels come from Prism itself: after a pulse, the renderer repaints what changed and uploads
 * the window, and the desktop hands that upload on (see {@link WindowPixels}); where that platform
 * is not running, it renders a snapshot instead. A tag pixel below the picture numbers the pulses,
 * so that each upload says which input it answers.
 */
final class SessionDesktop implements WindowPixels.Receiver {
    private static final Logger log = LoggerFactory.getLogger(SessionDesktop.class);
    /** Rows below the client's picture: the first pixel holds the number of the pulse painted (see {@link #tag}). */
    static final int TAG_ROWS = 1;
    /** Pulses remembered by their tag; the renderer is never more than two pulses behind. */
    private static final int TAGS_KEPT = 64;
    /** Where Tooltip.install keeps a node's tooltip (javafx.scene.control.Tooltip). */
    private static final String TOOLTIP_KEY = "javafx.scene.control.Tooltip";

    /** What the desktop tells the session that streams it. */
    interface Viewer {
        /**
         * A new picture ({@code pixels} null: unchanged) answering the inputs up to {@code inputReflected};
         * {@code times}, when known: {input, dequeued, applied, pulse began, scene's pulse began, laid out, painted}.
         */
        void newFrame(int[] pixels, int inputReflected, long[] times);

        void cursorShape(int shape);

        /** An array to copy a picture of {@code length} pixels into. */
        int[] frameArray(int length);
    }

    private final String id;
    private final int slotX;
    private final CalendarApp app;
    private final Stage stage;
    private final Scene scene;
    private final Rectangle tag;
    private final SceneInput input;
    private final DisplayMetrics metrics;
    private final boolean fromUploads;
    private Viewer viewer;
    // Read anywhere; changed on the JavaFX thread by a resize.
    private volatile int width;
    private volatile int height;

    // JavaFX thread only.
    private boolean captureScheduled;
    private boolean inputUnanswered;
    private volatile int cursorShape = CursorShape.DEFAULT;
    private volatile int lastInputApplied;
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
     * desktop on the JavaFX thread after that pulse: only the tag says which pulse the pixels show.
     */
    private int tagPulse;
    private final Shown[] shownByTag = new Shown[TAGS_KEPT];

    /** A pulse that changed the picture: its number and {input, dequeued, applied, pulse began, scene's pulse began, laid out}. */
    private record Shown(int pulse, long[] times) {
    }

    /**
     * Whether the next pulse that changes the picture looks for tooltips to strip (see
     * {@link #removeTooltips}). The walk over the whole scene takes about 0.5 ms of the JavaFX
     * thread (1,900 nodes), and it ran in every such pulse, on the way of every input. CalendarFX
     * gives tooltips only to buttons made with the calendar view, its skin and its pages, which
     * enter the scene when first shown or when their page is: so the walk runs after the first
     * pulse, after a page is first shown, and every few seconds for anything else.
     */
    private volatile boolean tooltipsDue = true;

    private SessionDesktop(String id, int width, int height, int slotX, CalendarApp app, Stage stage, Scene scene, Rectangle tag,
                           DisplayMetrics metrics) {
        this.id = id;
        this.width = width;
        this.height = height;
        this.slotX = slotX;
        this.app = app;
        this.stage = stage;
        this.scene = scene;
        this.tag = tag;
        this.input = new SceneInput(scene);
        this.metrics = metrics;
        this.fromUploads = WindowPixels.active();
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
                viewer.newFrame(null, lastInputApplied, null); // nothing to repaint, but the client learns its input was handled
            }
        });
    }

    /** Builds the UI on a stage of its own, at its own place; call on the JavaFX thread, then {@link #show}. */
    static SessionDesktop create(String id, CalendarService service, ZoneId zone, Clock clock, boolean weeksAhead,
                                 int width, int height, int slot, DisplayMetrics metrics) {
        CalendarApp app = new CalendarApp(service, zone, clock, weeksAhead);
        Stage stage = new Stage(StageStyle.UNDECORATED);
        Rectangle tag = new Rectangle(1, TAG_ROWS, Color.BLACK);
        Scene scene = new Scene(new TaggedRoot(app.root(), tag), width, height + TAG_ROWS);
        stage.setScene(scene);
        stage.setTitle("thin session " + id);
        int slotX = WindowPixels.FIRST_X + slot * WindowPixels.SLOT_WIDTH;
        stage.setX(slotX);
        stage.setY(0);
        return new SessionDesktop(id, width, height, slotX, app, stage, scene, tag, metrics);
    }

    /** Shows the stage: from now on its pictures go to {@code to}. */
    void show(Viewer to) {
        viewer = to;
        if (fromUploads) WindowPixels.register(slotX, this);
        stage.show();
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    int slotX() {
        return slotX;
    }

    int cursorShape() {
        return cursorShape;
    }

    /** The newest input applied: what a picture rendered now answers. */
    int lastInputApplied() {
        return lastInputApplied;
    }

    CalendarApp app() {
        return app;
    }

    /** Anything that joined the scene since the last look may carry a tooltip: look again at the next change. */
    void lookForTooltipsAgain() {
        tooltipsDue = true;
    }

    // ---- input ----

    /** Applies a client's input on the JavaFX thread; the next pulse says whether it changed the picture. */
    void apply(InputEvent event) {
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
        viewer.cursorShape(shape);
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

    // ---- pixels ----

    /**
     * The renderer just painted this desktop's window. Prism hands the upload to the JavaFX thread,
     * which runs it after what was queued before it, often after the next pulse: the tag pixel
     * says which pulse's picture this is, and so which input it answers.
     */
    @Override
    public void painted(IntBuffer pixels, int w, int h) {
        if (w != width || h != height + TAG_ROWS) return;
        long started = System.nanoTime();
        int[] copy = viewer.frameArray(w * (h - TAG_ROWS));
        pixels.position(0);
        pixels.get(copy);
        int tagged = pixels.get() & 0xFFFFFF;
        Shown shown = shownByTag[tagged % TAGS_KEPT];
        metrics.captureNanos.recordValue(System.nanoTime() - started);
        if (shown == null || shown.pulse() != tagged) {
            viewer.newFrame(copy, 0, null); // painted before any pulse changed the picture: it answers no input
            return;
        }
        viewer.newFrame(copy, (int) shown.times()[0], timesPaintedAt(shown.times(), started));
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
            viewer.newFrame(pixels, lastInputApplied, timesPaintedAt(timesOfPulse, started));
        });
    }

    /** What the UI shows now, rendered on the JavaFX thread (first frames, tests, fallback). */
    int[] renderNow() {
        WritableImage image = scene.snapshot(null);
        int w = (int) image.getWidth();
        int h = (int) image.getHeight() - TAG_ROWS;
        int[] pixels = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), pixels, 0, w);
        return pixels;
    }

    /** Takes the new size the session agreed with its client; the stage follows with {@link #fitStage}. JavaFX thread. */
    void setSize(int w, int h) {
        width = w;
        height = h;
    }

    void fitStage() {
        stage.setWidth(width);
        stage.setHeight(height + TAG_ROWS);
    }

    /** Closes the UI; call on the JavaFX thread. */
    void dispose() {
        if (fromUploads) WindowPixels.unregister(slotX);
        app.close();
        stage.close();
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
}
