package org.thinrich.calendar.ui;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.thinrich.calendar.core.DemoAgenda;
import org.thinrich.calendar.core.InMemoryCalendarService;

/**
 * The calendar UI on its own, over a demo agenda held in memory: to try the UI without a server,
 * and to render the README screenshot.
 *
 * <pre>
 *   CalendarDemoApp                       a window (needs a display)
 *   CalendarDemoApp --snapshot week.png   renders the week view headless to a PNG and exits
 * </pre>
 */
public final class CalendarDemoApp extends Application {
    static final int WIDTH = 1280;
    static final int HEIGHT = 800;

    public static void main(String[] args) throws Exception {
        if ((args.length == 2 || args.length == 4) && args[0].equals("--snapshot")) {
            String page = args.length == 4 && args[2].equals("--page") ? args[3] : "week";
            renderSnapshot(Path.of(args[1]), page);
            Platform.exit();
            return;
        }
        if (args.length != 0) {
            System.err.println("Usage: CalendarDemoApp [--snapshot FILE.png [--page day|week|month|year|editor]]");
            System.exit(2);
        }
        launch(args);
    }

    @Override
    public void start(Stage stage) {
        CalendarApp app = demoApp();
        stage.setTitle("Calendar (demo data, in memory)");
        stage.setScene(new Scene(app.root(), WIDTH, HEIGHT));
        stage.setOnHidden(e -> app.close());
        stage.show();
    }

    private static CalendarApp demoApp() {
        ZoneId zone = ZoneId.systemDefault();
        var agenda = DemoAgenda.forUser("alice", LocalDate.now(zone), zone, 1);
        return new CalendarApp(InMemoryCalendarService.of(agenda), zone, Clock.systemDefaultZone());
    }

    static void renderSnapshot(Path file, String page) throws Exception {
        HeadlessFx.start(WIDTH, HEIGHT);
        CalendarApp[] shown = new CalendarApp[1];
        Scene scene = FxThread.call(() -> {
            Stage stage = new Stage();
            CalendarApp app = demoApp();
            switch (page) {
                case "day" -> app.view().showDayPage();
                case "month" -> app.view().showMonthPage();
                case "year" -> app.view().showYearPage();
                default -> app.view().showWeekPage();
            }
            shown[0] = app;
            Scene s = new Scene(app.root(), WIDTH, HEIGHT);
            stage.setScene(s);
            stage.show();
            return s;
        });
        if (page.equals("editor")) {
            // The edit dialog over the week, on the first single event, once the week is laid out.
            SceneSnapshots.settle();
            FxThread.run(() -> new CalendarControls(shown[0]).someSingleEvent().ifPresent(e -> shown[0].editor().open(e.id())));
        }
        SceneSnapshots.writePng(scene, file);
        System.out.println("Wrote " + file.toAbsolutePath());
    }
}
