package org.thinrich.rich.view;

import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;
import org.thinrich.calendar.ui.CalendarApp;
import org.thinrich.rich.engine.RichEngine;
import org.thinrich.rich.engine.RichMetrics;
import org.thinrich.rich.engine.SyncState;
import org.thinrich.rich.replica.SyncConflict;

/**
 * The rich client's window content: the calendar over the local replica, and a status bar with
 * the sync state, queued edits, last sync, RTT, traffic, response and commit latency, a switch to
 * work offline and the conflicts awaiting the user.
 */
public final class RichClientView extends BorderPane {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final RichEngine engine;
    private final ZoneId zone;
    private final Clock clock;
    private final StackPane center = new StackPane();
    private final ConflictPane conflictPane;
    private final Label state = label("sync-state");
    private final Label pending = label("pending");
    private final Label lastSync = label("last-sync");
    private final Label rtt = label("rtt");
    private final Label traffic = label("traffic");
    private final Label latency = label("latency");
    private final Button conflicts = new Button();
    private final ToggleButton offline = new ToggleButton("Work offline");
    private final Timeline refresh;
    private CalendarApp app;
    private long lastUp;
    private long lastDown;

    public RichClientView(RichEngine engine, ZoneId zone, Clock clock) {
        this.engine = engine;
        this.zone = zone;
        this.clock = clock;
        conflictPane = new ConflictPane((id, resolution) -> {
            engine.resolve(id, resolution);
            showConflicts();
        }, id -> engine.calendar().calendars().stream().filter(c -> c.id().equals(id)).map(c -> c.name()).findFirst().orElse(id));
        getStylesheets().add(RichClientView.class.getResource("rich-client.css").toExternalForm());
        Label waiting = new Label("Downloading your calendars…");
        waiting.setId("waiting");
        center.getChildren().addAll(waiting, conflictPane);
        setCenter(center);

        conflicts.setId("conflicts-button");
        conflicts.setOnAction(e -> showConflicts());
        offline.setId("work-offline");
        offline.setOnAction(e -> {
            if (offline.isSelected()) new Thread(engine::goOffline, "going-offline").start();
            else engine.goOnline();
        });
        // Buttons first, then the figures; a narrow window wraps the figures onto a second line
        // rather than cutting anything to "...".
        FlowPane bar = new FlowPane(14, 2, offline, conflicts, state, pending, lastSync, rtt, traffic, latency);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 10, 4, 10));
        bar.getStyleClass().add("status-bar");
        setBottom(bar);

        engine.addListener(() -> Platform.runLater(this::update));
        refresh = new Timeline(new KeyFrame(Duration.millis(500), e -> update()));
        refresh.setCycleCount(Timeline.INDEFINITE);
        refresh.play();
        update();
    }

    /** The calendar, once the replica knows the user's calendars (at once, after the first sync). */
    public CalendarApp calendarApp() {
        return app;
    }

    private void showConflicts() {
        List<SyncConflict> open = engine.conflicts();
        conflictPane.show(open);
        conflictPane.setVisible(true);
        conflictPane.toFront();
        update();
    }

    private void update() {
        if (app == null && !engine.calendar().calendars().isEmpty()) {
            app = new CalendarApp(engine.calendar(), zone, clock);
            center.getChildren().set(0, app.root());
        }
        SyncState s = engine.state();
        state.setText("● " + switch (s) {
            case ONLINE -> "Online";
            case SYNCING -> "Syncing";
            case CONNECTING -> "Connecting";
            case OFFLINE -> "Offline";
            case FAILED -> "Stopped";
        } + " — " + engine.stateDetail());
        state.getStyleClass().setAll("status", "state-" + s.name().toLowerCase());
        int queued = engine.pendingOperations();
        pending.setText(queued + (queued == 1 ? " edit queued" : " edits queued"));
        lastSync.setText("last sync " + engine.lastSync().map(t -> CLOCK.format(t.atZone(zone))).orElse("never"));
        RichMetrics m = engine.metrics();
        rtt.setText("RTT " + ms(m.lastRttMillis()));
        long up = m.wireBytesUp();
        long down = m.wireBytesDown();
        // Two refreshes a second: the difference times two is bytes per second.
        traffic.setText(String.format("↑ %.1f kB/s  ↓ %.1f kB/s", (up - lastUp) * 2 / 1000.0, (down - lastDown) * 2 / 1000.0));
        lastUp = up;
        lastDown = down;
        var response = m.response();
        latency.setText("response " + ms(m.lastResponseMillis()) + " (p99 " + (response.getTotalCount() == 0 ? "–"
                : ms(response.getValueAtPercentile(99) / 1e6)) + ")  commit " + ms(m.lastCommitMillis()));
        int open = engine.conflicts().size();
        conflicts.setText(open == 0 ? "No conflicts" : open + (open == 1 ? " conflict" : " conflicts"));
        conflicts.getStyleClass().removeAll("has-conflicts");
        if (open > 0) conflicts.getStyleClass().add("has-conflicts");
        offline.setSelected(s == SyncState.OFFLINE && engine.stateDetail().contains("by choice"));
    }

    private static String ms(double millis) {
        if (millis < 0) return "–";
        return millis < 10 ? String.format("%.1f ms", millis) : String.format("%.0f ms", millis);
    }

    private static Label label(String id) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("status");
        return l;
    }

    /** Stops the refresh and the calendar's subscription; the engine is closed by its owner. */
    public void close() {
        refresh.stop();
        if (app != null) app.close();
    }
}
