package org.thinrich.scenarios.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.thinrich.calendar.ui.FxThread;
import org.thinrich.calendar.ui.HeadlessFx;
import org.thinrich.calendar.ui.SceneSnapshots;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;
import org.thinrich.thin.engine.ThinEngine;
import org.thinrich.thin.view.ThinView;

/**
 * Renders the thin client's window, connected to a real server with demo data, to a PNG: the
 * README screenshot, made by the project itself.
 *
 * <pre>mvn -B -q -pl scenarios exec:java \
 *     -Dexec.mainClass=org.thinrich.scenarios.docs.ThinClientScreenshot -Dexec.args=docs/screenshots/thin-client.png</pre>
 */
public final class ThinClientScreenshot {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "thin-client.png");
        Path data = Files.createTempDirectory("thin-shot");
        try (AppServer server = AppServer.start(ServerConfig.defaults(data).withPort(0).withDemo(true)
                .withPasswordIterations(1_000).withZone(ZoneId.of("Europe/Berlin")))) {
            // The viewer shares this JVM with the server's sessions, so both run on the capturing platform.
            HeadlessFx.start(1920, 1200, "Capturing");
            ThinView view = FxThread.call(ThinView::new);
            Scene scene = FxThread.call(() -> {
                Stage stage = new Stage();
                Scene s = new Scene(view, 1296, 832);
                stage.setScene(s);
                stage.show();
                return s;
            });
            try (ThinEngine engine = new ThinEngine(server.uri(), view).zone(ZoneId.of("Europe/Berlin"))) {
                view.attach(engine);
                engine.connect("alice", "alice-demo", 1280, 800);
                engine.awaitQuiet(Duration.ofMillis(500), Duration.ofSeconds(30));
                Thread.sleep(1200); // two status refreshes, so the bar shows rates
                SceneSnapshots.writePng(scene, file);
                System.out.println("Wrote " + file.toAbsolutePath() + " (" + view.statusText() + ")");
            }
        }
        System.exit(0);
    }
}
