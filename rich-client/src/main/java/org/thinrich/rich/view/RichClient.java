package org.thinrich.rich.view;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
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
import org.thinrich.rich.engine.RichClientException;
import org.thinrich.rich.engine.RichEngine;
import org.thinrich.rich.replica.ReplicaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The rich client's desktop window. With --user and a password it opens at once (offline too, on
 * the replica it has); otherwise it asks in a small login form.
 */
@Command(name = "rich-client", mixinStandardHelpOptions = true,
        description = "The calendar app that keeps your calendars locally and syncs with the calendar server.")
public final class RichClient extends Application implements Callable<Integer> {
    @Option(names = "--server", defaultValue = "${env:THINRICH_SERVER:-http://127.0.0.1:8080}", description = "Server address (default: ${DEFAULT-VALUE}). Several, separated by commas, are servers of one calendar "
            + "(a cluster without a load balancer): the client moves to the next when one is lost.")
    String server;
    @Option(names = "--user", defaultValue = "${env:THINRICH_USER:-}", description = "User name.")
    String user;
    @Option(names = "--password", defaultValue = "${env:THINRICH_PASSWORD:-}", description = "Password (or env THINRICH_PASSWORD).")
    String password;
    @Option(names = "--data-dir", defaultValue = "${env:THINRICH_RICH_DATA:-${sys:user.home}/.thinrich/rich}",
            description = "Where replicas are kept, one per user and server (default: ${DEFAULT-VALUE}).")
    Path dataDirectory;
    @Option(names = "--offline", description = "Start offline: work on the replica without connecting.")
    boolean offline;
    @Option(names = "--keep-alive", defaultValue = "20", paramLabel = "SECONDS",
            description = "Seconds between keep-alive pings (default: ${DEFAULT-VALUE}): 14 bytes each; a dead connection is noticed "
                    + "within this plus 10 s. 0: none.")
    int keepAliveSeconds;

    private static RichClient options;

    public static void main(String[] args) {
        CommandLine line = new CommandLine(new RichClient());
        line.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println(e.getMessage() + ". Run 'rich-client --help' for the options.");
            return 2;
        });
        System.exit(line.execute(args));
    }

    @Override
    public Integer call() {
        options = this;
        org.thinrich.calendar.ui.HeadlessFx.quietClassPathWarning();
        Application.launch(RichClient.class);
        return 0;
    }

    @Override
    public void start(Stage stage) {
        RichClient o = options != null ? options : new RichClient();
        stage.setTitle("Rich client (calendar app with local replica)");
        if (o.user != null && !o.user.isEmpty() && o.password != null && !o.password.isEmpty()) {
            Label problem = new Label();
            stage.setScene(new Scene(new GridPane(), 1300, 860));
            stage.show();
            open(stage, o, o.server, o.user, o.password, problem);
        } else {
            showLogin(stage, o);
        }
    }

    private void showLogin(Stage stage, RichClient o) {
        TextField serverField = new TextField(o.server == null ? "http://127.0.0.1:8080" : o.server);
        TextField userField = new TextField(o.user == null ? "" : o.user);
        PasswordField passwordField = new PasswordField();
        Label problem = new Label();
        problem.setId("login-problem");
        problem.setStyle("-fx-text-fill: #b00020;");
        problem.setWrapText(true);
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
        stage.setScene(new Scene(form, 1300, 860));
        stage.show();
        login.setOnAction(e -> open(stage, o, serverField.getText(), userField.getText(), passwordField.getText(), problem));
    }

    /**
     * Checks the login when the server can be reached; opens the window on the replica either way,
     * since working offline is the point. A wrong password is said in one sentence and nothing opens.
     */
    private void open(Stage stage, RichClient o, String address, String name, String secret, Label problem) {
        Thread opening = new Thread(() -> {
            URI uri;
            RichEngine engine;
            try {
                java.util.List<URI> servers = java.util.Arrays.stream(address.split(",")).map(String::strip).filter(a -> !a.isEmpty())
                        .map(URI::create).toList();
                if (servers.isEmpty()) throw new IllegalArgumentException("Give the server's address, e.g. http://127.0.0.1:8080.");
                uri = servers.get(0);
                if (o.keepAliveSeconds < 0) throw new IllegalArgumentException("--keep-alive takes seconds, 0 or more.");
                engine = RichEngine.open(servers, name, secret, RichEngine.replicaDirectory(o.dataDirectory(), uri, name), Clock.systemUTC());
                engine.pingEvery(java.time.Duration.ofSeconds(o.keepAliveSeconds));
            } catch (IllegalArgumentException | ReplicaException e) {
                Platform.runLater(() -> problem.setText(e.getMessage()));
                return;
            }
            if (!o.offline) {
                try {
                    engine.checkLogin();
                } catch (RichClientException e) {
                    if (!e.getMessage().startsWith("Cannot reach")) {
                        engine.close();
                        Platform.runLater(() -> problem.setText(e.getMessage()));
                        return;
                    }
                    // Unreachable: open anyway on the replica; the engine keeps trying.
                }
                engine.goOnline();
            }
            Platform.runLater(() -> {
                RichClientView view = new RichClientView(engine, ZoneId.systemDefault(), Clock.systemDefaultZone());
                stage.getScene().setRoot(view);
                stage.setOnHidden(e -> {
                    view.close();
                    engine.close();
                });
            });
        }, "opening");
        opening.setDaemon(true);
        opening.start();
    }

    private Path dataDirectory() {
        return dataDirectory != null ? dataDirectory : Path.of(System.getProperty("user.home"), ".thinrich", "rich");
    }
}
