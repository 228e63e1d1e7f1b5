package org.thinrich.thin.view;

import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import org.thinrich.display.protocol.encoding.Encodings;
import org.thinrich.thin.engine.ThinClientException;
import org.thinrich.thin.engine.ThinEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The thin client's desktop window. With --user and a password it connects at once; otherwise it
 * asks in a small login form.
 */
@Command(name = "thin-client", mixinStandardHelpOptions = true, description = "The remote-display client of the calendar server.")
public final class ThinViewer extends Application implements Callable<Integer> {
    @Option(names = "--server", defaultValue = "${env:THINRICH_SERVER:-http://127.0.0.1:8080}", description = "Server address (default: ${DEFAULT-VALUE}).")
    String server;
    @Option(names = "--user", defaultValue = "${env:THINRICH_USER:-}", description = "User name.")
    String user;
    @Option(names = "--password", defaultValue = "${env:THINRICH_PASSWORD:-}", description = "Password (or env THINRICH_PASSWORD).")
    String password;
    @Option(names = "--size", defaultValue = "1280x800", description = "Framebuffer size wanted (default: ${DEFAULT-VALUE}).")
    String size;
    @Option(names = "--encodings", split = ",", paramLabel = "NAME",
            description = "Encodings to offer, to compare them, e.g. zflat,solid or zstd,solid,jpeg (raw is always offered; default: all lossless ones that work here).")
    List<String> encodings;
    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Time zone the session shows, e.g. Europe/Berlin (default: this machine's, ${sys:user.timezone}).")
    String zone;
    private List<Integer> encodingIds;
    private java.time.ZoneId zoneId = java.time.ZoneId.systemDefault();

    private static ThinViewer options;

    /** Held, so that the logger keeps its filter until JavaFX logs. */
    private static final java.util.logging.Logger JAVAFX_LOG = java.util.logging.Logger.getLogger("javafx");

    public static void main(String[] args) {
        CommandLine line = new CommandLine(new ThinViewer());
        line.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println(e.getMessage() + ". Run 'thin-client --help' for the options.");
            return 2;
        });
        System.exit(line.execute(args));
    }

    @Override
    public Integer call() {
        if (encodings != null) {
            try {
                encodingIds = ThinEngine.encodingsToOffer(encodings.stream().map(String::trim).map(Encodings::idOf).toList());
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }
        if (zone != null) {
            try {
                zoneId = java.time.ZoneId.of(zone);
            } catch (java.time.DateTimeException e) {
                System.err.println("--zone '" + zone + "' is no time zone; say e.g. Europe/Berlin or UTC.");
                return 2;
            }
        }
        options = this;
        // JavaFX on the class path is how this project runs it; its warning about that says nothing to a user.
        JAVAFX_LOG.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
        Application.launch(ThinViewer.class);
        return 0;
    }

    @Override
    public void start(Stage stage) {
        ThinViewer o = options != null ? options : new ThinViewer();
        ThinView view = new ThinView();
        stage.setTitle("Thin client (remote display)");
        stage.setScene(new Scene(view, 1300, 860));
        stage.show();
        if (o.user != null && !o.user.isEmpty() && o.password != null && !o.password.isEmpty()) {
            connect(view, o.server, o.user, o.password, o.size, stage, null);
        } else {
            showLogin(view, o, stage);
        }
    }

    private void showLogin(ThinView view, ThinViewer o, Stage stage) {
        TextField serverField = new TextField(o.server == null ? "http://127.0.0.1:8080" : o.server);
        TextField userField = new TextField(o.user == null ? "" : o.user);
        PasswordField passwordField = new PasswordField();
        Label problem = new Label();
        problem.setStyle("-fx-text-fill: #b00020;");
        Button login = new Button("Log in");
        login.setDefaultButton(true);
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        form.setPadding(new Insets(40));
        form.addRow(0, new Label("Server"), serverField);
        form.addRow(1, new Label("User"), userField);
        form.addRow(2, new Label("Password"), passwordField);
        form.add(login, 1, 3);
        form.add(problem, 1, 4);
        view.setCenter(form);
        login.setOnAction(e -> connect(view, serverField.getText(), userField.getText(), passwordField.getText(), o.size == null ? "1280x800" : o.size,
                stage, problem));
    }

    private void connect(ThinView view, String address, String name, String secret, String wanted, Stage stage, Label problem) {
        String[] wh = wanted.split("x");
        ThinEngine engine = new ThinEngine(URI.create(address), view);
        ThinViewer o = options;
        if (o != null && o.encodingIds != null) engine.offerEncodings(o.encodingIds);
        if (o != null) engine.zone(o.zoneId);
        view.attach(engine);
        Thread connecting = new Thread(() -> {
            try {
                engine.connect(name, secret, Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
                Platform.runLater(() -> {
                    if (problem != null) {
                        view.setCenter(new javafx.scene.control.ScrollPane(view.screen()));
                    }
                    view.screen().requestFocus();
                });
            } catch (ThinClientException e) {
                Platform.runLater(() -> {
                    if (problem != null) problem.setText(e.getMessage());
                    else view.stateChanged(org.thinrich.thin.engine.ConnectionState.CLOSED, e.getMessage());
                });
            }
        }, "connect");
        connecting.setDaemon(true);
        connecting.start();
        stage.setOnHidden(e -> engine.close());
    }
}
