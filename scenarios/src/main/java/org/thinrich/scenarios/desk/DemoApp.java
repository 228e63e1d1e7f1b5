package org.thinrich.scenarios.desk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.thinrich.rich.view.RichClientView;
import org.thinrich.scenarios.link.LinkProfile;
import org.thinrich.server.ServerProcess;
import org.thinrich.thin.view.ThinView;

/**
 * {@code workbench demo}: the server with demo data in its own process, one emulated link per
 * path, the thin and rich clients side by side logged in as the same user, and the dashboard.
 * Closing any window ends the demo.
 */
public final class DemoApp extends Application {
    /** Set by the command before launch. */
    static LinkProfile profile;
    static String user = "alice";
    static String password = "alice-demo";
    static Path reports = Path.of("reports");

    private volatile DemoSession session;
    private volatile Path data;
    private boolean cleanedUp;

    @Override
    public void start(Stage thinStage) throws Exception {
        data = Files.createTempDirectory("workbench-demo");
        // SIGTERM and Ctrl-C end the JVM without JavaFX's stop(): the hook cleans up then.
        Runtime.getRuntime().addShutdownHook(new Thread(this::cleanUp, "demo-cleanup"));
        Label waiting = new Label("Starting the server and logging in...");
        ThinView thinView = new ThinView();
        thinStage.setTitle("Thin client (remote display) - " + profile.name());
        thinStage.setScene(new Scene(thinView, 960, 700));
        thinStage.setX(0);
        thinStage.setY(0);
        thinStage.show();
        Stage richStage = new Stage();
        richStage.setTitle("Rich client (local replica) - " + profile.name());
        richStage.setScene(new Scene(waiting, 960, 700));
        richStage.setX(970);
        richStage.setY(0);
        richStage.show();
        Thread starting = new Thread(() -> {
            try {
                // Stopped in cleanUp() with every other process this JVM started.
                ServerProcess server = ServerProcess.start(data.resolve("server"), "--demo");
                session = DemoSession.open(server.uri(), user, password, profile, data.resolve("replicas"), thinView);
                thinView.attach(session.thin());
                session.connect(user, password, 940, 640);
                Platform.runLater(() -> {
                    richStage.getScene().setRoot(new RichClientView(session.rich(), ZoneId.systemDefault(), Clock.systemDefaultZone()));
                    Stage dashboard = new Stage();
                    dashboard.setTitle("Workbench dashboard: thin versus rich");
                    dashboard.setScene(new Scene(new DashboardView(session, reports), 1000, 720));
                    dashboard.setX(480);
                    dashboard.setY(300);
                    dashboard.show();
                    dashboard.setOnHidden(e -> Platform.exit());
                });
            } catch (Exception e) {
                Platform.runLater(() -> waiting.setText("The demo could not start: " + e.getMessage()));
            }
        }, "demo-start");
        starting.setDaemon(true);
        starting.start();
        thinStage.setOnHidden(e -> Platform.exit());
        richStage.setOnHidden(e -> Platform.exit());
    }

    @Override
    public void stop() {
        cleanUp();
    }

    /**
     * Closes both clients and their links, stops the server and its session hosts and removes the
     * demo's folder; once, whichever comes first. Every process this JVM started is stopped and
     * awaited, not only the server it knows of: the server may still be starting (its handle not yet
     * returned), and a session host may still be writing into the folder.
     */
    private synchronized void cleanUp() {
        if (cleanedUp) return;
        cleanedUp = true;
        try {
            if (session != null) session.close();
        } catch (RuntimeException e) {
            // stopping the processes matters more
        }
        java.util.List<ProcessHandle> started = ProcessHandle.current().descendants().toList();
        started.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        for (ProcessHandle p : started) {
            try {
                p.onExit().get(Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (Exception stillRunning) {
                p.destroyForcibly();
            }
        }
        if (data != null) org.thinrich.server.display.host.SessionHost.deleteTree(data);
    }
}
