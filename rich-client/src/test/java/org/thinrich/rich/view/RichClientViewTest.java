package org.thinrich.rich.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.calendarfx.view.DayEntryView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.calendar.ui.CalendarControls;
import org.thinrich.calendar.ui.FxThread;
import org.thinrich.calendar.ui.SceneSnapshots;
import org.thinrich.rich.engine.RichEngine;
import org.thinrich.rich.engine.SyncState;
import org.thinrich.server.AppServer;
import org.thinrich.server.DemoData;
import org.thinrich.server.ServerConfig;

/** The rich client's window on a headless stage, against a real server: offline editing, the status bar, the conflict pane. */
@ExtendWith(ApplicationExtension.class)
class RichClientViewTest {
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 26, 9, 0, 0, 0, ZONE);
    static final Clock CLOCK = Clock.fixed(NOW.toInstant(), ZONE);
    static Path serverDir;
    static AppServer server;
    RichEngine engine;
    RichClientView view;
    Path clientDir;
    /** The server's data and the clients' replicas; JUnit deletes it after the class. */
    @org.junit.jupiter.api.io.TempDir
    static Path scratch;

    @BeforeAll
    static void startServer() throws Exception {
        // The toolkit first, on the plain headless platform: the server would otherwise start it on
        // its capturing platform for thin sessions, which this window does not need.
        org.testfx.api.FxToolkit.registerPrimaryStage();
        serverDir = scratch.resolve("server");
        server = AppServer.start(ServerConfig.defaults(serverDir).withPort(0).withDemo(true).withPasswordIterations(1_000)
                .withZone(ZONE).withClock(CLOCK));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Start
    void start(Stage stage) throws Exception {
        clientDir = Files.createTempDirectory(scratch, "client");
        engine = RichEngine.open(server.uri(), "alice", DemoData.passwordOf("alice"), clientDir, Clock.systemUTC());
        engine.goOnline();
        assertThat(engine.awaitSynced(Duration.ofSeconds(20))).isTrue();
        view = new RichClientView(engine, ZONE, CLOCK);
        stage.setScene(new Scene(view, 1280, 800));
        stage.show();
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(view::close);
        engine.close();
    }

    /** A timed, single event of the week on screen whose title no other event has. */
    CalendarEvent eventOnScreen() {
        var week = engine.calendar().events(LocalDate.of(2026, 11, 23).atStartOfDay(ZONE).toInstant(),
                LocalDate.of(2026, 11, 28).atStartOfDay(ZONE).toInstant());
        return week.stream().filter(e -> !e.allDay() && !e.recurring() && e.start().getHour() >= 8 && e.start().getHour() < 19)
                .filter(e -> week.stream().filter(o -> o.title().equals(e.title())).count() == 1).findFirst().orElseThrow();
    }

    @Test
    void anEditMadeOfflineShowsAtOnceIsQueuedAndReachesTheServerWhenBackOnline(FxRobot robot) throws Exception {
        CalendarEvent event = eventOnScreen();
        SceneSnapshots.writePng(view.getScene(), Path.of("target", "screenshots", "rich-client-online.png"));
        robot.clickOn(centreOf(node(robot, "#work-offline")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> engine.state() == SyncState.OFFLINE);

        robot.doubleClickOn(centreOf(entryView(robot, event.title())));
        WaitForAsyncUtils.waitForFxEvents();
        TextField title = (TextField) node(robot, "#editor-title");
        robot.interact(title::clear);
        robot.clickOn(centreOf(title)).write("Edited on the train");
        robot.clickOn(centreOf(node(robot, "#editor-save")));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(entryView(robot, "Edited on the train")).isNotNull();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> label(robot, "#pending").equals("1 edit queued"));
        assertThat(label(robot, "#sync-state")).contains("Offline");
        assertThat(server.store().event("alice", event.id()).orElseThrow().title()).isEqualTo(event.title());
        SceneSnapshots.writePng(view.getScene(), Path.of("target", "screenshots", "rich-client-offline.png"));

        robot.clickOn(centreOf(node(robot, "#work-offline")));
        assertThat(engine.awaitSynced(Duration.ofSeconds(20))).isTrue();
        assertThat(server.store().event("alice", event.id()).orElseThrow().title()).isEqualTo("Edited on the train");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> label(robot, "#pending").equals("0 edits queued")
                && label(robot, "#sync-state").contains("Online"));
        assertThat(engine.metrics().response().getTotalCount()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aConflictIsShownAndKeepMineSendsTheUsersVersion(FxRobot robot) throws Exception {
        CalendarEvent event = eventOnScreen();
        engine.goOffline();
        robot.interact(() -> engine.calendar().update(event.id(), EventPatch.title("My title")));
        robot.interact(() -> engine.calendar().update(event.id(), EventPatch.notes("Bring the slides")));
        server.store().update("alice", event.id(), EventPatch.title("Their title"));
        server.store().update("alice", event.id(), EventPatch.notes("Printed agenda"));
        server.store().update("alice", event.id(), EventPatch.recurrence("FREQ=WEEKLY;COUNT=4"));
        engine.goOnline();
        assertThat(engine.awaitSynced(Duration.ofSeconds(20))).isTrue();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> label(robot, "#conflicts-button").equals("1 conflict"));
        assertThat(entryView(robot, "Their title")).as("the server's copy is shown").isNotNull();

        robot.clickOn(centreOf(node(robot, "#conflicts-button")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(FxThread.call(() -> node(robot, "#conflicts").isVisible())).isTrue();
        assertThat(FxThread.call(() -> robot.lookup((Node n) -> n instanceof Labeled l && "My title".equals(l.getText())).tryQuery())).isPresent();
        // Every part of both versions: my notes beside theirs in bold (they differ), the repetition in words (mine has
        // theirs: the pull that brought it came before my push was answered).
        for (String notes : List.of("Bring the slides", "Printed agenda")) {
            assertThat(FxThread.call(() -> robot.lookup((Node n) -> n instanceof Labeled l && notes.equals(l.getText())
                    && l.getStyleClass().contains("conflict-differs")).tryQuery())).as(notes).isPresent();
        }
        assertThat(FxThread.call(() -> robot.lookup((Node n) -> n instanceof Labeled l && "weekly, 4 times".equals(l.getText())).tryQuery())).isPresent();
        String calendar = engine.calendar().calendars().stream().filter(c -> c.id().equals(event.calendarId())).findFirst().orElseThrow().name();
        assertThat(FxThread.call(() -> robot.lookup((Node n) -> n instanceof Labeled l && calendar.equals(l.getText())
                && n.getParent() instanceof javafx.scene.layout.GridPane).tryQuery())).as("the calendar by its name").isPresent();
        assertThat(FxThread.call(() -> robot.lookup((Node n) -> n instanceof Labeled l && "Their title".equals(l.getText())
                && !(n.getParent() instanceof DayEntryView)).tryQuery())).isPresent();
        SceneSnapshots.writePng(view.getScene(), Path.of("target", "screenshots", "rich-client-conflict.png"));

        robot.clickOn(centreOf(node(robot, "#keep-mine")));
        assertThat(engine.awaitSynced(Duration.ofSeconds(20))).isTrue();
        assertThat(server.store().event("alice", event.id()).orElseThrow().title()).isEqualTo("My title");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> label(robot, "#conflicts-button").equals("No conflicts"));
        assertThat(entryView(robot, "My title")).isNotNull();
    }

    /**
     * Where to click a node, read on the JavaFX thread: TestFX's clickOn(query) measures bounds on the
     * test thread, which can catch a label's text layout half-changed (a NullPointerException in
     * PrismTextLayout) while the JavaFX thread is busy, e.g. building the neighbouring weeks.
     */
    static Point2D centreOf(Node node) {
        return FxThread.call(() -> CalendarControls.centreOnScreen(node));
    }

    // Lookups walk the scene graph, which the JavaFX thread may be changing (the week page builds
    // the neighbouring weeks after a switch): they run on that thread.

    static Node node(FxRobot robot, String query) {
        return FxThread.call(() -> robot.lookup(query).query());
    }

    static String label(FxRobot robot, String id) {
        return FxThread.call(() -> robot.lookup(id).queryLabeled().getText());
    }

    static Node entryView(FxRobot robot, String title) throws Exception {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> FxThread.call(() -> robot.lookup((Node n) -> n instanceof DayEntryView v
                && CalendarControls.isShown(v) && v.getEntry().getTitle().equals(title)).tryQuery().isPresent()));
        return FxThread.call(() -> robot.lookup((Node n) -> n instanceof DayEntryView v && CalendarControls.isShown(v)
                && v.getEntry().getTitle().equals(title)).query());
    }
}
