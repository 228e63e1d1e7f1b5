package org.thinrich.scenarios.desk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.thinrich.scenarios.link.LinkProfile;
import org.thinrich.scenarios.link.LinkProfiles;
import org.thinrich.scenarios.report.HtmlReport;
import org.thinrich.scenarios.report.ReportFiles;
import org.thinrich.scenarios.run.RunResult;

/**
 * The dashboard of the desktop demo: both paths live, side by side. A profile selector changes
 * both links while they run; the outage button cuts them for the chosen time; the session can be
 * saved as the report a scenario run writes.
 */
public final class DashboardView extends BorderPane {
    private final DemoSession session;
    private final DashboardModel model;
    private final Path reports;
    private final ComboBox<LinkProfile> profiles = new ComboBox<>(FXCollections.observableArrayList(LinkProfiles.all()));
    private final ChoiceBox<Integer> outage = new ChoiceBox<>(FXCollections.observableArrayList(3, 5, 10, 30));
    private final Label thinState = label("thin-state");
    private final Label richState = label("rich-state");
    private final Label thinFigures = label("thin-figures");
    private final Label richFigures = label("rich-figures");
    private final Label saved = label("saved");
    private final Pair responses = new Pair();
    private final Pair bytesDown = new Pair();
    private final Pair cumulative = new Pair();
    private final Pair rates = new Pair();
    private final Timeline refresh;

    /** Two series of one chart: the thin client's and the rich client's. */
    private static final class Pair {
        final XYChart.Series<Number, Number> thin = new XYChart.Series<>();
        final XYChart.Series<Number, Number> rich = new XYChart.Series<>();
    }

    public DashboardView(DemoSession session, Path reports) {
        this.session = session;
        this.model = new DashboardModel(session);
        this.reports = reports;
        setId("dashboard");
        getStylesheets().add(DashboardView.class.getResource("dashboard.css").toExternalForm());
        profiles.setId("profile");
        profiles.setValue(session.profile());
        profiles.setConverter(new StringConverter<>() {
            @Override
            public String toString(LinkProfile p) {
                return p == null ? "" : p.toString();
            }

            @Override
            public LinkProfile fromString(String s) {
                return LinkProfiles.named(s);
            }
        });
        profiles.setOnAction(e -> {
            if (profiles.getValue() != null) session.setProfile(profiles.getValue());
        });
        outage.setId("outage-seconds");
        outage.setValue(5);
        Button cut = new Button("Cut the links");
        cut.setId("cut-links");
        cut.setOnAction(e -> session.cut(Duration.ofSeconds(outage.getValue())));
        Button save = new Button("Save report");
        save.setId("save-report");
        save.setOnAction(e -> saved.setText(save()));
        HBox controls = new HBox(10, new Label("Link profile"), profiles, new Label("Outage of"), outage, new Label("s"), cut, save, saved);
        controls.setAlignment(Pos.CENTER_LEFT);
        GridPane states = new GridPane();
        states.setHgap(12);
        states.setVgap(4);
        states.addRow(0, bold("Thin client"), thinState, thinFigures);
        states.addRow(1, bold("Rich client"), richState, richFigures);
        VBox top = new VBox(8, controls, states);
        top.setPadding(new Insets(10));
        setTop(top);

        GridPane charts = new GridPane();
        charts.setHgap(8);
        charts.setVgap(8);
        charts.setPadding(new Insets(0, 10, 10, 10));
        charts.add(scatter("response-chart", "Response latency of each interaction (ms)", responses), 0, 0);
        charts.add(line("bytes-chart", "Bytes per second down", "bytes/s", bytesDown), 1, 0);
        charts.add(line("cumulative-chart", "Bytes down so far", "bytes", cumulative), 0, 1);
        charts.add(line("rate-chart", "Thin frames/s and rich sync messages/s", "per second", rates), 1, 1);
        for (var child : charts.getChildren()) {
            GridPane.setHgrow(child, Priority.ALWAYS);
            GridPane.setVgrow(child, Priority.ALWAYS);
        }
        setCenter(charts);

        refresh = new Timeline(new KeyFrame(javafx.util.Duration.millis(250), e -> update()));
        refresh.setCycleCount(Timeline.INDEFINITE);
        refresh.play();
    }

    public DashboardModel model() {
        return model;
    }

    private void update() {
        model.poll();
        if (profiles.getValue() != session.profile()) profiles.setValue(session.profile());
        var t = model.thin();
        var r = model.rich();
        thinState.setText(t.state());
        richState.setText(r.state());
        thinFigures.setText(figures(t));
        richFigures.setText(figures(r));
        set(responses.thin, t.responses());
        set(responses.rich, r.responses());
        set(bytesDown.thin, t.bytesDownPerSecond());
        set(bytesDown.rich, r.bytesDownPerSecond());
        set(cumulative.thin, t.cumulativeDown());
        set(cumulative.rich, r.cumulativeDown());
        set(rates.thin, t.messagesPerSecond());
        set(rates.rich, r.messagesPerSecond());
    }

    private static String figures(DashboardModel.PathSeries s) {
        return String.format("RTT %s   last response %s   %d responses measured", ms(s.rttMillis()), ms(s.lastResponseMillis()), s.interactions());
    }

    private static String ms(double v) {
        return v < 0 ? "-" : v < 10 ? String.format("%.1f ms", v) : String.format("%.0f ms", v);
    }

    private static void set(XYChart.Series<Number, Number> series, List<DashboardModel.Point> points) {
        series.getData().setAll(points.stream().map(p -> new XYChart.Data<Number, Number>(p.seconds(), p.value())).toList());
    }

    private String save() {
        try {
            RunResult run = model.toRunResult();
            Path directory = reports.resolve("demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            Files.createDirectories(directory);
            ReportFiles.writeCsv(run, directory);
            ReportFiles.writeJson(run, directory);
            return "Saved " + HtmlReport.write(run, directory).toAbsolutePath();
        } catch (Exception e) {
            return "Could not save the report: " + e.getMessage();
        }
    }

    private static LineChart<Number, Number> line(String id, String title, String unit, Pair pair) {
        LineChart<Number, Number> chart = new LineChart<>(axis("seconds"), axis(unit));
        setUp(chart, id, title, pair);
        chart.setCreateSymbols(false);
        return chart;
    }

    private static ScatterChart<Number, Number> scatter(String id, String title, Pair pair) {
        ScatterChart<Number, Number> chart = new ScatterChart<>(axis("seconds"), axis("ms"));
        setUp(chart, id, title, pair);
        return chart;
    }

    private static void setUp(XYChart<Number, Number> chart, String id, String title, Pair pair) {
        chart.setId(id);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setLegendVisible(true);
        chart.setPrefSize(470, 260);
        pair.thin.setName("thin client");
        pair.rich.setName("rich client");
        chart.getData().add(pair.thin);
        chart.getData().add(pair.rich);
    }

    private static NumberAxis axis(String label) {
        NumberAxis axis = new NumberAxis();
        axis.setLabel(label);
        axis.setForceZeroInRange(false);
        axis.setAnimated(false);
        // 1,250,000 rather than 1250000 or 1.25E6
        axis.setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number n) {
                double v = n.doubleValue();
                return v == Math.rint(v) ? String.format("%,d", (long) v) : String.format("%,.1f", v);
            }

            @Override
            public Number fromString(String text) {
                return Double.parseDouble(text.replace(",", ""));
            }
        });
        return axis;
    }

    private static Label label(String id) {
        Label l = new Label();
        l.setId(id);
        return l;
    }

    private static Label bold(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-weight: bold;");
        return l;
    }

    public void close() {
        refresh.stop();
    }
}
