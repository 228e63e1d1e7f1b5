package org.thinrich.scenarios.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.stage.Stage;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.calendar.ui.FxThread;
import org.thinrich.calendar.ui.HeadlessFx;
import org.thinrich.calendar.ui.SceneSnapshots;
import org.thinrich.rich.engine.RichEngine;
import org.thinrich.rich.view.RichClientView;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;

/**
 * Renders the rich client's window, synced with a real server with demo data, to PNGs: in sync,
 * with a conflict open (the user renamed an event offline while the server's copy was renamed
 * too), and with the list of calendars open after adding one. The README screenshots, made by the project itself.
 *
 * <pre>mvn -B -q -pl scenarios exec:java \
 *     -Dexec.mainClass=org.thinrich.scenarios.docs.RichClientScreenshot -Dexec.args=docs/screenshots</pre>
 */
public final class RichClientScreenshot {
    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args.length > 0 ? args[0] : ".");
        ZoneId zone = ZoneId.of("Europe/Berlin");
        Path data = Files.createTempDirectory("rich-shot");
        try (AppServer server = AppServer.start(ServerConfig.defaults(data.resolve("server")).withPort(0).withDemo(true)
                .withPasswordIterations(1_000).withZone(zone));
                RichEngine engine = RichEngine.open(server.uri(), "alice", "alice-demo", data.resolve("replica"), Clock.systemUTC())) {
            engine.goOnline();
            if (!engine.awaitSynced(Duration.ofSeconds(30))) throw new IllegalStateException("no sync");
            HeadlessFx.start(1600, 1000, null);
            RichClientView view = FxThread.call(() -> new RichClientView(engine, zone, Clock.system(zone)));
            Scene scene = FxThread.call(() -> {
                Stage stage = new Stage();
                Scene s = new Scene(view, 1280, 800);
                stage.setScene(s);
                stage.show();
                return s;
            });
            // A few edits, so the status bar has latencies to show.
            LocalDate monday = LocalDate.now(zone).with(java.time.DayOfWeek.MONDAY);
            CalendarEvent target = engine.calendar().events(monday.atStartOfDay(zone).toInstant(), monday.plusDays(5).atStartOfDay(zone).toInstant())
                    .stream().filter(e -> !e.allDay() && !e.recurring() && e.start().getHour() >= 12).findFirst().orElseThrow();
            FxThread.run(() -> engine.calendar().update(target.id(), EventPatch.times(target.start().plusMinutes(30), target.end().plusMinutes(30), false)));
            engine.awaitSynced(Duration.ofSeconds(10));
            Thread.sleep(1200);
            SceneSnapshots.writePng(scene, directory.resolve("rich-client.png"));

            engine.goOffline();
            FxThread.run(() -> engine.calendar().update(target.id(), EventPatch.title(target.title() + " (moved to Friday?)")));
            server.store().update("alice", target.id(), EventPatch.title(target.title() + " - agenda attached"));
            engine.goOnline();
            engine.awaitSynced(Duration.ofSeconds(10));
            Thread.sleep(700);
            FxThread.run(() -> view.lookupAll("#conflicts-button").stream().map(n -> (ButtonBase) n).findFirst().ifPresent(ButtonBase::fire));
            Thread.sleep(300);
            SceneSnapshots.writePng(scene, directory.resolve("rich-client-conflict.png"));

            // The list of calendars, a calendar added there (synced like an event), opened by the "+" button.
            FxThread.run(() -> view.lookupAll("#close-conflicts").stream().map(n -> (ButtonBase) n).findFirst().ifPresent(ButtonBase::fire));
            FxThread.run(() -> engine.calendar().addCalendar("Book club", org.thinrich.calendar.core.CalendarColour.PURPLE));
            engine.awaitSynced(Duration.ofSeconds(10));
            FxThread.run(() -> view.lookupAll("#add-calendar-button").stream().map(n -> (ButtonBase) n).findFirst().ifPresent(ButtonBase::fire));
            Thread.sleep(500);
            SceneSnapshots.writePng(scene, directory.resolve("rich-client-calendars.png"));
            System.out.println("Wrote rich-client.png, rich-client-conflict.png and rich-client-calendars.png to " + directory.toAbsolutePath());
        }
        System.exit(0);
    }
}
