package org.thinrich.scenarios.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.calendar.ui.FxThread;
import org.thinrich.calendar.ui.HeadlessFx;
import org.thinrich.calendar.ui.SceneSnapshots;
import org.thinrich.rich.view.RichClientView;
import org.thinrich.scenarios.desk.DashboardView;
import org.thinrich.scenarios.desk.DemoSession;
import org.thinrich.scenarios.link.LinkProfiles;
import org.thinrich.server.ServerProcess;
import org.thinrich.thin.view.ThinView;

/**
 * Renders the desktop demo's three windows, headless, under lan and then under 3g, after the same
 * few interactions in each client: the README screenshots, made by the project itself.
 *
 * <pre>mvn -B -q -pl scenarios exec:java \
 *     -Dexec.mainClass=org.thinrich.scenarios.docs.DemoScreenshots -Dexec.args=docs/screenshots</pre>
 */
public final class DemoScreenshots {
    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args.length > 0 ? args[0] : ".");
        HeadlessFx.start(2000, 1400);
        Path data = Files.createTempDirectory("demo-shots");
        ZoneId zone = ZoneId.of("Europe/Berlin");
        try (ServerProcess server = ServerProcess.start(data.resolve("server"), "--demo")) {
            ThinView thinView = FxThread.call(ThinView::new);
            try (DemoSession session = DemoSession.open(server.uri(), "alice", "alice-demo", LinkProfiles.named("lan"),
                    data.resolve("replicas"), thinView, zone)) {
                thinView.attach(session.thin());
                session.connect("alice", "alice-demo", 940, 640);
                Scene thin = show(thinView, 960, 700);
                Scene rich = show(FxThread.call(() -> new RichClientView(session.rich(), zone, Clock.system(zone))), 960, 700);
                DashboardView dashboardView = FxThread.call(() -> new DashboardView(session, data.resolve("reports")));
                Scene dashboard = show(dashboardView, 1000, 720);
                for (String profile : List.of("lan", "3g")) {
                    session.setProfile(LinkProfiles.named(profile));
                    Thread.sleep(2500); // a ping through the new link
                    interact(session);
                    SceneSnapshots.writePng(thin, directory.resolve("demo-thin-" + profile + ".png"));
                    SceneSnapshots.writePng(rich, directory.resolve("demo-rich-" + profile + ".png"));
                    SceneSnapshots.writePng(dashboard, directory.resolve("demo-dashboard-" + profile + ".png"));
                }
                FxThread.run(dashboardView::close);
            }
        }
        System.out.println("Wrote demo-{thin,rich,dashboard}-{lan,3g}.png to " + directory.toAbsolutePath());
        System.exit(0);
    }

    /** Next week and back in the thin client, moves in the rich one: the same few things a person does. */
    private static void interact(DemoSession session) throws Exception {
        List<CalendarEvent> events = session.rich().calendar().events(Instant.now().minus(Duration.ofDays(3)), Instant.now().plus(Duration.ofDays(4)))
                .stream().filter(e -> !e.allDay() && !e.recurring()).toList();
        for (int i = 0; i < 3; i++) {
            session.thin().awaitReflected(session.thin().click(122, 72), Duration.ofSeconds(30)); // ">"
            Thread.sleep(400);
            session.thin().awaitReflected(session.thin().click(23, 72), Duration.ofSeconds(30)); // "<"
            CalendarEvent e = events.get(i % events.size());
            CalendarEvent now = session.rich().calendar().event(e.id()).orElseThrow();
            long minutes = i % 2 == 0 ? 30 : -30;
            FxThread.run(() -> session.rich().calendar().update(now.id(), EventPatch.times(now.start().plusMinutes(minutes), now.end().plusMinutes(minutes), false)));
            Thread.sleep(600);
        }
        session.thin().awaitQuiet(Duration.ofMillis(800), Duration.ofSeconds(30));
        Thread.sleep(1500);
    }

    private static Scene show(Parent root, int width, int height) {
        return FxThread.call(() -> {
            Stage stage = new Stage();
            Scene scene = new Scene(root, width, height);
            stage.setScene(scene);
            stage.show();
            return scene;
        });
    }
}
