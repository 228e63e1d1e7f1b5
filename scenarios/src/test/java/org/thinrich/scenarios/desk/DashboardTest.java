package org.thinrich.scenarios.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.rich.engine.SyncState;
import org.thinrich.scenarios.link.LinkProfile;
import org.thinrich.scenarios.link.LinkProfiles;
import org.thinrich.server.ServerProcess;
import org.thinrich.thin.engine.ConnectionState;
import org.thinrich.thin.engine.ThinListener;

/** The dashboard on a headless stage, both clients behind emulated links to a server in its own process. */
@ExtendWith(ApplicationExtension.class)
class DashboardTest {
    static ServerProcess server;
    /** The server's data, replicas and reports; JUnit deletes it after the class. */
    @org.junit.jupiter.api.io.TempDir
    static Path data;
    DemoSession session;
    DashboardView dashboard;

    @BeforeAll
    static void startServer() throws Exception {
        FxToolkit.registerPrimaryStage();
        server = ServerProcess.start(data.resolve("server"), "--demo");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Start
    void start(Stage stage) throws Exception {
        session = DemoSession.open(server.uri(), "alice", "alice-demo", LinkProfiles.named("lan"),
                Files.createTempDirectory(data, "replicas"), new ThinListener() { });
        session.connect("alice", "alice-demo", 800, 600);
        dashboard = new DashboardView(session, data.resolve("reports"));
        stage.setScene(new Scene(dashboard, 1000, 720));
        stage.show();
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(dashboard::close);
        session.close();
    }

    @Test
    void anInteractionInEitherClientShowsInTheChartsWithinASecond(FxRobot robot) throws Exception {
        DashboardModel model = dashboard.model();
        long richBefore = model.rich().interactions();
        CalendarEvent e = session.rich().calendar().events(java.time.Instant.EPOCH, java.time.Instant.parse("3000-01-01T00:00:00Z"))
                .stream().filter(x -> !x.recurring()).findFirst().orElseThrow();
        long edited = System.nanoTime();
        session.rich().calendar().update(e.id(), EventPatch.title("Seen on the dashboard"));
        WaitForAsyncUtils.waitFor(1, TimeUnit.SECONDS, () -> model.rich().interactions() > richBefore);
        assertThat((System.nanoTime() - edited) / 1e9).isLessThan(1.0);
        assertThat(text(robot, "#rich-figures")).contains("1 responses measured");

        long thinBefore = model.thin().interactions();
        int input = session.thin().click(400, 300);
        assertThat(session.thin().awaitReflected(input, Duration.ofSeconds(10))).isTrue();
        WaitForAsyncUtils.waitFor(1, TimeUnit.SECONDS, () -> model.thin().interactions() > thinBefore);
        WaitForAsyncUtils.waitFor(1, TimeUnit.SECONDS, () -> !model.thin().responses().isEmpty() && !model.rich().responses().isEmpty());

        robot.clickOn(centreOf(robot, "#save-report"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> text(robot, "#saved").startsWith("Saved "));
        Path html = Path.of(text(robot, "#saved").substring("Saved ".length()));
        assertThat(Files.readString(html)).contains("thin").contains("rich");
        assertThat(Files.readAllLines(html.resolveSibling("samples.csv")).size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void choosingAProfileChangesTheMeasuredRoundTrip(FxRobot robot) throws Exception {
        LinkProfile slow = LinkProfiles.named("3g");
        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<LinkProfile> profiles = robot.lookup("#profile").queryAs(ComboBox.class);
            profiles.getSelectionModel().select(slow);
        });
        assertThat(session.profile()).isEqualTo(slow);
        // Both clients ping every 2 s; wait for a measurement through the slower link.
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dashboard.model().rich().rttMillis() >= 295
                && dashboard.model().thin().rttMillis() >= 295);
        assertThat(text(robot, "#rich-figures")).matches("RTT 3\\d\\d ms.*");
    }

    @Test
    void theOutageButtonCutsBothClientsAndTheyRecover(FxRobot robot) throws Exception {
        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            ChoiceBox<Integer> seconds = robot.lookup("#outage-seconds").queryAs(ChoiceBox.class);
            seconds.setValue(3);
        });
        robot.clickOn(centreOf(robot, "#cut-links"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> session.thin().state() == ConnectionState.RECONNECTING
                && session.rich().state() == SyncState.OFFLINE);
        WaitForAsyncUtils.waitFor(2, TimeUnit.SECONDS, () -> text(robot, "#thin-state").contains("RECONNECTING")
                && text(robot, "#rich-state").startsWith("OFFLINE"));
        // The rich client keeps working offline meanwhile.
        CalendarEvent e = session.rich().calendar().events(java.time.Instant.EPOCH, java.time.Instant.parse("3000-01-01T00:00:00Z"))
                .stream().filter(x -> !x.recurring()).findFirst().orElseThrow();
        session.rich().calendar().update(e.id(), EventPatch.title("Edited during the outage"));
        assertThat(session.rich().pendingOperations()).isEqualTo(1);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> session.thin().state() == ConnectionState.CONNECTED
                && session.rich().state() == SyncState.ONLINE);
        assertThat(session.rich().pendingOperations()).isZero();
        WaitForAsyncUtils.waitFor(2, TimeUnit.SECONDS, () -> text(robot, "#rich-state").startsWith("ONLINE"));
    }

    /** Where to click a node, read on the JavaFX thread (TestFX would measure its bounds on the test thread). */
    private static javafx.geometry.Point2D centreOf(FxRobot robot, String query) {
        return org.thinrich.calendar.ui.FxThread.call(() -> org.thinrich.calendar.ui.CalendarControls.centreOnScreen(robot.lookup(query).query()));
    }

    /** A label's text, looked up and read on the JavaFX thread, where the dashboard updates it. */
    private static String text(FxRobot robot, String query) {
        return org.thinrich.calendar.ui.FxThread.call(() -> robot.lookup(query).queryLabeled().getText());
    }
}
