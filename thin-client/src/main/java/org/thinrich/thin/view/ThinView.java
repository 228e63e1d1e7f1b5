package org.thinrich.thin.view;

import java.util.List;
import java.util.Locale;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Cursor;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.util.Duration;
import org.HdrHistogram.Histogram;
import org.thinrich.display.protocol.Messages;
import org.thinrich.display.protocol.Messages.CursorShape;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.Rect;
import org.thinrich.thin.engine.ConnectionState;
import org.thinrich.thin.engine.ThinEngine;
import org.thinrich.thin.engine.ThinListener;

/**
 * The thin client's window content: the remote framebuffer, painted where it changed, with mouse,
 * wheel and keyboard forwarded, and a status bar of live metrics. It shows pixels only.
 */
public final class ThinView extends BorderPane implements ThinListener {
    private final ImageView screen = new ImageView();
    private final Label connection = new Label("not connected");
    private final Label latency = new Label();
    private final Label traffic = new Label();
    private final Label encodings = new Label();
    private ThinEngine engine;
    private WritableImage image;
    private int[] copyBuffer = new int[0];
    // Damage not yet painted, merged into one rectangle; guarded by this.
    private int damageX1 = Integer.MAX_VALUE;
    private int damageY1 = Integer.MAX_VALUE;
    private int damageX2;
    private int damageY2;
    private boolean paintScheduled;
    private long lastFrames;
    private long lastDown;
    private long lastUp;

    public ThinView() {
        setId("thin-view");
        screen.setId("thin-screen");
        screen.setFocusTraversable(true);
        screen.setPreserveRatio(true);
        ScrollPane scroller = new ScrollPane(screen);
        scroller.setFocusTraversable(false);
        setCenter(scroller);
        // When the window settles at a new size, ask the server for a framebuffer that fits it.
        PauseTransition settle = new PauseTransition(Duration.millis(400));
        settle.setOnFinished(e -> requestFit(scroller.getViewportBounds().getWidth(), scroller.getViewportBounds().getHeight()));
        scroller.viewportBoundsProperty().addListener((o, was, now) -> settle.playFromStart());
        connection.setId("thin-connection");
        latency.setId("thin-latency");
        traffic.setId("thin-traffic");
        encodings.setId("thin-encodings");
        HBox status = new HBox(18, connection, latency, traffic, encodings);
        status.setPadding(new Insets(4, 8, 4, 8));
        status.setStyle("-fx-background-color: #2f3440; -fx-font-size: 11px;");
        status.getChildren().forEach(n -> n.setStyle("-fx-text-fill: #e8e8e8;"));
        setBottom(status);
        forwardInput();
        Timeline refresh = new Timeline(new KeyFrame(Duration.millis(500), e -> refreshStatus()));
        refresh.setCycleCount(Timeline.INDEFINITE);
        refresh.play();
    }

    /** Shows what this engine receives and sends input to it. */
    public void attach(ThinEngine thinEngine) {
        engine = thinEngine;
    }

    private void requestFit(double viewportWidth, double viewportHeight) {
        if (engine == null || image == null || viewportWidth < 100 || viewportHeight < 100) return;
        int w = (int) viewportWidth;
        int h = (int) viewportHeight;
        if (Math.abs(w - image.getWidth()) > 8 || Math.abs(h - image.getHeight()) > 8) engine.requestResize(w, h);
    }

    public ImageView screen() {
        return screen;
    }

    public String statusText() {
        return connection.getText() + " | " + latency.getText() + " | " + traffic.getText() + " | " + encodings.getText();
    }

    // ---- from the engine (network thread) ----

    @Override
    public void resized(Framebuffer framebuffer) {
        Platform.runLater(() -> {
            image = new WritableImage(framebuffer.width(), framebuffer.height());
            screen.setImage(image);
        });
        damaged(0, 0, framebuffer.width(), framebuffer.height(), framebuffer);
    }

    @Override
    public void painted(Framebuffer framebuffer, List<Rect> rects) {
        for (Rect r : rects) damaged(r.x(), r.y(), r.x() + r.width(), r.y() + r.height(), framebuffer);
    }

    /** Merges damage and paints it on the next JavaFX turn; a slow paint coalesces many updates. */
    private void damaged(int x1, int y1, int x2, int y2, Framebuffer framebuffer) {
        synchronized (this) {
            damageX1 = Math.min(damageX1, x1);
            damageY1 = Math.min(damageY1, y1);
            damageX2 = Math.max(damageX2, x2);
            damageY2 = Math.max(damageY2, y2);
            if (paintScheduled) return;
            paintScheduled = true;
        }
        Platform.runLater(() -> paint(framebuffer));
    }

    private void paint(Framebuffer framebuffer) {
        int x1;
        int y1;
        int x2;
        int y2;
        synchronized (this) {
            x1 = damageX1;
            y1 = damageY1;
            x2 = damageX2;
            y2 = damageY2;
            damageX1 = damageY1 = Integer.MAX_VALUE;
            damageX2 = damageY2 = 0;
            paintScheduled = false;
        }
        if (image == null || x2 <= x1 || y2 <= y1) return;
        if (image.getWidth() != framebuffer.width() || image.getHeight() != framebuffer.height()) return;
        int w = x2 - x1;
        int h = y2 - y1;
        if (copyBuffer.length < w * h) copyBuffer = new int[w * h];
        synchronized (framebuffer) {
            int[] pixels = framebuffer.pixels();
            for (int row = 0; row < h; row++) System.arraycopy(pixels, (y1 + row) * framebuffer.width() + x1, copyBuffer, row * w, w);
        }
        image.getPixelWriter().setPixels(x1, y1, w, h, PixelFormat.getIntArgbInstance(), copyBuffer, 0, w);
    }

    @Override
    public void stateChanged(ConnectionState state, String detail) {
        Platform.runLater(() -> {
            connection.setText(state.name().toLowerCase(Locale.ROOT) + (detail == null || detail.isEmpty() ? "" : ": " + detail));
            screen.setOpacity(state == ConnectionState.CONNECTED ? 1.0 : 0.6);
        });
    }

    @Override
    public void cursorChanged(int shape) {
        Cursor cursor = switch (shape) {
            case CursorShape.HAND -> Cursor.HAND;
            case CursorShape.TEXT -> Cursor.TEXT;
            case CursorShape.MOVE -> Cursor.MOVE;
            case CursorShape.RESIZE_VERTICAL -> Cursor.V_RESIZE;
            case CursorShape.RESIZE_HORIZONTAL -> Cursor.H_RESIZE;
            case CursorShape.CROSSHAIR -> Cursor.CROSSHAIR;
            case CursorShape.WAIT -> Cursor.WAIT;
            default -> Cursor.DEFAULT;
        };
        Platform.runLater(() -> screen.setCursor(cursor));
    }

    // ---- to the engine ----

    private void forwardInput() {
        screen.addEventHandler(MouseEvent.ANY, e -> {
            if (engine == null) return;
            if (e.getEventType() == MouseEvent.MOUSE_PRESSED) screen.requestFocus();
            if (e.getEventType() == MouseEvent.MOUSE_CLICKED || e.getEventType() == MouseEvent.MOUSE_ENTERED
                    || e.getEventType() == MouseEvent.MOUSE_EXITED || e.getEventType() == MouseEvent.DRAG_DETECTED) return;
            int buttons = (e.isPrimaryButtonDown() ? Messages.PRIMARY : 0) | (e.isMiddleButtonDown() ? Messages.MIDDLE : 0)
                    | (e.isSecondaryButtonDown() ? Messages.SECONDARY : 0);
            engine.pointer(clampX(e.getX()), clampY(e.getY()), buttons, modifiers(e.isShiftDown(), e.isControlDown(), e.isAltDown(), e.isMetaDown()));
            e.consume();
        });
        screen.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (engine == null || e.getDeltaY() == 0) return;
            engine.pointer(clampX(e.getX()), clampY(e.getY()), 0, 0);
            engine.wheel(e.getDeltaY() > 0 ? -1 : 1);
            e.consume();
        });
        screen.addEventHandler(KeyEvent.KEY_PRESSED, e -> forwardKey(e, true));
        screen.addEventHandler(KeyEvent.KEY_RELEASED, e -> forwardKey(e, false));
        screen.addEventHandler(KeyEvent.KEY_TYPED, e -> {
            if (engine == null) return;
            String text = e.getCharacter();
            // Printable characters travel as text; control characters came as keys already.
            if (!text.isEmpty() && !e.isControlDown() && !e.isMetaDown() && text.codePoints().allMatch(cp -> cp >= 0x20 && cp != 0x7F)) {
                engine.text(text);
            }
            e.consume();
        });
    }

    private void forwardKey(KeyEvent e, boolean pressed) {
        if (engine == null) return;
        KeyCode code = e.getCode();
        boolean printable = code.isLetterKey() || code.isDigitKey() || code == KeyCode.SPACE || code.isWhitespaceKey() && code != KeyCode.ENTER && code != KeyCode.TAB;
        if (!printable || e.isControlDown() || e.isMetaDown()) {
            engine.key(code.getCode(), pressed, modifiers(e.isShiftDown(), e.isControlDown(), e.isAltDown(), e.isMetaDown()));
        }
        e.consume();
    }

    private int clampX(double x) {
        return (int) Math.max(0, Math.min(image == null ? 0 : image.getWidth() - 1, x));
    }

    private int clampY(double y) {
        return (int) Math.max(0, Math.min(image == null ? 0 : image.getHeight() - 1, y));
    }

    private static int modifiers(boolean shift, boolean control, boolean alt, boolean meta) {
        return (shift ? Messages.SHIFT : 0) | (control ? Messages.CONTROL : 0) | (alt ? Messages.ALT : 0) | (meta ? Messages.META : 0);
    }

    private void refreshStatus() {
        if (engine == null) return;
        var m = engine.metrics();
        Histogram h = m.inputToDisplay();
        latency.setText(String.format("RTT %s | input→display last %s, p50 %s, p95 %s", millis(m.lastRttMillis()),
                millis(m.lastInputToDisplayMillis()), millis(h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(50) / 1e6),
                millis(h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(95) / 1e6)));
        long frames = m.frames();
        long down = m.bytesDown();
        long up = m.bytesUp();
        traffic.setText(String.format("%.0f frames/s | down %s/s, up %s/s", (frames - lastFrames) * 2.0, bytes((down - lastDown) * 2),
                bytes((up - lastUp) * 2)));
        lastFrames = frames;
        lastDown = down;
        lastUp = up;
        var lines = engine.encodings().lines();
        encodings.setText(String.format("ratio %.1fx | %s", engine.encodings().compressionRatio(), String.join(", ", lines.keySet())));
    }

    private static String millis(double value) {
        return value < 0 ? "–" : String.format("%.0f ms", value);
    }

    private static String bytes(long value) {
        return value < 10_000 ? value + " B" : value < 10_000_000 ? value / 1000 + " kB" : value / 1_000_000 + " MB";
    }
}
