package org.thinrich.scenarios.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.thinrich.scenarios.load.LoadResult;
import org.thinrich.scenarios.load.LoadResult.Capacity;
import org.thinrich.scenarios.load.LoadResult.Row;
import org.thinrich.scenarios.scenario.LoadPlan;

/** A capacity run's files: load.csv (one row per ramp step), load.json, load.html with the capacity charts, and a terminal summary. */
public final class LoadReport {
    private LoadReport() {
    }

    public static Path write(LoadResult run, Path directory) throws IOException {
        Files.createDirectories(directory);
        writeCsv(run, directory.resolve("load.csv"));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", run.scenario());
        doc.put("started", run.started().toString());
        doc.put("finished", run.finished().toString());
        doc.put("cores", run.cores());
        doc.put("thresholdMillis", run.thresholdMillis());
        doc.put("thinkMillis", run.thinkMillis());
        doc.put("stepSeconds", run.stepSeconds());
        doc.put("capacity", run.capacities());
        doc.put("steps", run.rows());
        doc.put("failures", run.failures());
        new ObjectMapper().registerModule(new JavaTimeModule()).enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(directory.resolve("load.json").toFile(), doc);
        Path html = directory.resolve("load.html");
        Files.writeString(html, html(run));
        return html;
    }

    /** A capacity run in brief, for scripts ({@code run --json}): each ramp's capacity and the steps, -1 as null. */
    public static com.fasterxml.jackson.databind.JsonNode summary(LoadResult run, Path directory) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", run.scenario());
        doc.put("complete", run.failures().isEmpty());
        doc.put("failures", run.failures());
        doc.put("cores", run.cores());
        doc.put("thresholdMillis", run.thresholdMillis());
        doc.put("report", directory.resolve("load.html").toAbsolutePath().toString());
        doc.put("capacity", run.capacities());
        doc.put("steps", run.rows());
        com.fasterxml.jackson.databind.JsonNode tree = new ObjectMapper().valueToTree(doc);
        // The rows use -1 for "none recorded"; in JSON for scripts that is null.
        ReportFiles.nullWhere(tree, (name, value) -> value.isNumber() && value.asDouble() == -1);
        return tree;
    }

    private static void writeCsv(LoadResult run, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("client,thin_sessions,users,actions,errors,response_p50_ms,response_p95_ms,response_p99_ms,edit_p50_ms,edit_p95_ms,"
                + "commit_p50_ms,commit_p95_ms,bytes_per_user_minute,server_cores,server_resident_mb,server_processes");
        for (Row r : run.rows()) {
            lines.add(String.join(",", r.client(), r.client().equals("thin") ? r.mode() : "", Integer.toString(r.users()),
                    Long.toString(r.actions()), Long.toString(r.errors()), num(r.responseP50()), num(r.responseP95()), num(r.responseP99()),
                    num(r.editP50()), num(r.editP95()), num(r.commitP50()), num(r.commitP95()), num(r.bytesPerUserMinute()), num(r.serverCores()), num(r.residentMb()),
                    Integer.toString(r.processes())));
        }
        Files.write(file, lines);
    }

    /** Empty for "not measured". */
    private static String num(double v) {
        return v < 0 ? "" : String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    private static String label(String client, String mode) {
        return switch (client) {
            case "thin" -> "thin, " + mode;
            case LoadPlan.RICH_PROTOCOL -> "rich, sync protocol only";
            default -> "rich";
        };
    }

    private static String html(LoadResult run) throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html><head><meta charset='utf-8'><title>").append(HtmlReport.esc(run.scenario()))
                .append(" - capacity</title><style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;"
                        + "margin:8px 0 24px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f4f6}"
                        + "td:first-child,th:first-child{text-align:left}.bad{color:#b91c1c;font-weight:bold}img{max-width:100%}</style></head><body>");
        html.append("<h1>Capacity: ").append(HtmlReport.esc(run.scenario())).append("</h1>");
        if (!run.failures().isEmpty()) html.append("<p class='bad'>").append(HtmlReport.esc(String.join("; ", run.failures()))).append("</p>");
        html.append("<p>Run ").append(run.started()).append(" to ").append(run.finished()).append(" on ").append(run.cores())
                .append(" cores. Each user repeats the workload with ").append(run.thinkMillis()).append(" ms mean think time; each step measures ")
                .append(run.stepSeconds()).append(" s. Capacity: the most users whose response p95 stays within ").append(run.thresholdMillis())
                .append(" ms with no errors; the response is that of the steps that only wait for the view (editing steps, whose wait "
                        + "includes the hand's own drag, are shown apart and measured by their commit). Users of the sync protocol alone "
                        + "(rich clients without replica or window, which a load run can start by the thousand) view nothing over the wire: "
                        + "their capacity is judged by the commit p95 of their edits. Server CPU and memory are the server's process and its session hosts together; the simulated "
                        + "users run in another process on the same machine and take CPU too.</p>");
        boolean protocolOnly = run.rows().stream().anyMatch(r -> r.client().equals(LoadPlan.RICH_PROTOCOL));
        html.append("<h2>Capacity</h2><table><tr><th>client</th><th>users within ").append(run.thresholdMillis())
                .append(" ms p95</th><th>server CPU there (cores)</th><th>users per server core</th><th>memory per added user (MB)</th></tr>");
        for (Capacity c : run.capacities()) {
            html.append(String.format(java.util.Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%s</td><td>%s</td><td>%s</td></tr>",
                    HtmlReport.esc(label(c.client(), c.mode())), c.users(), fixed(c.serverCores(), 2), fixed(c.usersPerCore(), 1),
                    fixed(c.residentMbPerAddedUser(), 1)));
        }
        html.append("</table>");
        html.append(HtmlReport.image(chart(run, "Response p95 against concurrent users" + (protocolOnly ? " (commit p95 for the sync protocol alone)" : ""),
                "p95 (ms)", Row::servedP95, true)));
        html.append(HtmlReport.image(chart(run, "Server CPU against concurrent users (server and session hosts)", "server CPU (cores)",
                Row::serverCores, false)));
        html.append("<h2>Ramp steps</h2><table><tr><th>client</th><th>users</th><th>actions</th><th>errors</th><th>response p50 / p95 / p99 (ms)</th>"
                + "<th>edit response p50 / p95 (ms)</th><th>commit p50 / p95 (ms)</th><th>bytes per user-minute</th><th>server CPU (cores)</th><th>server memory (MB)</th>"
                + "<th>processes</th></tr>");
        for (Row r : run.rows()) {
            html.append(String.format(java.util.Locale.ROOT,
                    "<tr><td>%s</td><td>%d</td><td>%d</td><td%s>%d</td><td%s>%s / %s / %s</td><td>%s / %s</td><td%s>%s / %s</td><td>%s</td><td>%s</td><td>%s</td><td>%d</td></tr>",
                    HtmlReport.esc(label(r.client(), r.mode())), r.users(), r.actions(), r.errors() > 0 ? " class='bad'" : "", r.errors(),
                    r.responseP95() > run.thresholdMillis() ? " class='bad'" : "", fixed(r.responseP50(), 1), fixed(r.responseP95(), 1),
                    fixed(r.responseP99(), 1), fixed(r.editP50(), 1), fixed(r.editP95(), 1),
                    r.client().equals(LoadPlan.RICH_PROTOCOL) && r.commitP95() > run.thresholdMillis() ? " class='bad'" : "", fixed(r.commitP50(), 1), fixed(r.commitP95(), 1), fixed(r.bytesPerUserMinute(), 0),
                    fixed(r.serverCores(), 2), fixed(r.residentMb(), 0), r.processes()));
        }
        html.append("</table></body></html>");
        return html.toString();
    }

    private static String fixed(double v, int decimals) {
        return v < 0 ? "-" : String.format(java.util.Locale.ROOT, "%,." + decimals + "f", v);
    }

    private static XYChart chart(LoadResult run, String title, String yTitle, ToDoubleFunction<Row> value, boolean threshold) {
        XYChart chart = new XYChartBuilder().width(900).height(420).title(title).xAxisTitle("concurrent users").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setDecimalPattern("#,##0.##");
        Map<String, List<Row>> ramps = new LinkedHashMap<>();
        for (Row r : run.rows()) ramps.computeIfAbsent(label(r.client(), r.mode()), k -> new ArrayList<>()).add(r);
        ramps.forEach((name, steps) -> {
            List<Row> measured = steps.stream().filter(r -> value.applyAsDouble(r) >= 0).toList();
            if (measured.isEmpty()) return;
            XYSeries series = chart.addSeries(name, measured.stream().mapToDouble(Row::users).toArray(),
                    measured.stream().mapToDouble(value).toArray());
            series.setMarker(SeriesMarkers.CIRCLE);
        });
        if (threshold && !run.rows().isEmpty()) {
            double most = run.rows().stream().mapToDouble(Row::users).max().orElse(1);
            XYSeries line = chart.addSeries("threshold " + run.thresholdMillis() + " ms", new double[] {1, most},
                    new double[] {run.thresholdMillis(), run.thresholdMillis()});
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(java.awt.Color.GRAY);
        }
        return chart;
    }

    /** The capacity table on the terminal. */
    public static void print(LoadResult run, PrintStream out) {
        out.printf("%-32s %8s %10s %12s %14s%n", "client", "users", "CPU cores", "users/core", "MB/added user");
        for (Capacity c : run.capacities()) {
            out.printf("%-32s %8d %10s %12s %14s%n", label(c.client(), c.mode()), c.users(), fixed(c.serverCores(), 2),
                    fixed(c.usersPerCore(), 1), fixed(c.residentMbPerAddedUser(), 1));
        }
        if (!run.failures().isEmpty()) out.println("Not complete: " + String.join("; ", run.failures()));
    }
}
