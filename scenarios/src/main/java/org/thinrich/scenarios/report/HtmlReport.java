package org.thinrich.scenarios.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.thinrich.scenarios.link.LinkCheck;
import org.thinrich.scenarios.record.Recorder.Summary;
import org.thinrich.scenarios.record.Sample;
import org.thinrich.scenarios.run.RunResult;
import org.thinrich.server.display.DisplayMetrics;

/** report.html: the findings, charts drawn by XChart (embedded as PNG), and the tables behind them. */
public final class HtmlReport {
    private HtmlReport() {
    }

    public static Path write(RunResult run, Path directory) throws IOException {
        List<Summary> all = Findings.interactions(run);
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html><head><meta charset='utf-8'><title>").append(esc(run.scenario().name()))
                .append(" - thin versus rich</title><style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;"
                        + "margin:8px 0 24px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f4f6}"
                        + "td:first-child,th:first-child,td.t{text-align:left}.bad{color:#b91c1c;font-weight:bold}img{max-width:100%}</style></head><body>");
        html.append("<h1>Thin versus rich: ").append(esc(run.scenario().name())).append("</h1>");
        if (!run.complete()) {
            html.append("<p class='bad'>INCOMPLETE: ").append(esc(String.join("; ", run.failures()))).append("</p>");
        }
        html.append("<p>").append(esc(run.scenario().description())).append("</p><p>Run ").append(run.started()).append(" to ")
                .append(run.finished()).append(" on ").append(run.cores()).append(" cores, Java ").append(esc(run.java()))
                .append("; seed ").append(run.scenario().seed()).append(", ").append(run.scenario().repetitions())
                .append(" repetitions.</p><h2>Findings</h2><ul>");
        for (String f : Findings.of(run)) html.append("<li>").append(esc(f)).append("</li>");
        html.append("</ul>");
        if (!run.faults().isEmpty()) html.append(faultTable(run));
        html.append(image(latencyAgainstRtt(all, "Response latency (p50 over the interaction steps) against RTT", s -> s.response().p50())));
        html.append(image(latencyAgainstRtt(all, "Commit latency (p50 over the edits) against RTT", s -> s.commit().p50())));
        for (String profile : all.stream().map(Summary::profile).distinct().toList()) html.append(image(bytesPerStep(all, profile)));
        html.append(image(timeline(run)));
        html.append(idleTable(all, run));
        XYChart polling = propagationAgainstPolling(all, run);
        if (!polling.getSeriesMap().isEmpty()) html.append(image(polling));
        html.append("<h2>Link emulator self-check</h2><table><tr><th>profile</th><th>RTT measured</th><th>RTT profile</th><th>down</th>"
                + "<th>up</th><th>within tolerance</th></tr>");
        for (LinkCheck.Result c : run.linkChecks()) {
            html.append(String.format("<tr><td>%s</td><td>%.2f ms</td><td>%s ms</td><td>%.3f Mbit/s</td><td>%.3f Mbit/s</td><td>%s</td></tr>",
                    c.profile().name(), c.rttMillis(), Findings.trim(c.profile().rttMillis()), c.downBitsPerSecond() / 1e6,
                    c.upBitsPerSecond() / 1e6, c.ok() ? "yes" : "<span class='bad'>no</span>"));
        }
        html.append("</table><h2>Per profile and step</h2><p>Latencies p50 / p99 in ms; bytes are medians per step: WebSocket payload "
                + "and the TCP stream through the link.</p>");
        Set<String> profiles = new LinkedHashSet<>();
        all.forEach(s -> profiles.add(s.profile()));
        for (String profile : profiles) {
            html.append("<h3>").append(esc(profile)).append("</h3><table><tr><th>step</th><th>path</th><th>n</th><th>response</th>"
                    + "<th>commit</th><th>propagation</th><th>payload down</th><th>payload up</th><th>TCP down</th><th>TCP up</th>"
                    + "<th>frames</th><th>server CPU ms</th></tr>");
            for (Summary s : all) {
                if (!s.profile().equals(profile)) continue;
                html.append(String.format("<tr><td>%s</td><td>%s</td><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%,d</td><td>%,d</td>"
                        + "<td>%,d</td><td>%,d</td><td>%d</td><td>%.1f</td></tr>", esc(s.step()), s.path(), s.count(), pair(s.response()),
                        pair(s.commit()), pair(s.propagation()), s.payloadDown(), s.payloadUp(), s.tcpDown(), s.tcpUp(), s.frames(),
                        s.serverCpuMillis()));
            }
            html.append("</table>");
        }
        if (!run.thinServerStages().isEmpty()) {
            html.append("<h2>Where the server's time goes for a thin input</h2><p>p50 over the run, in ms, for inputs that changed "
                    + "the picture, from the input's arrival to its update handed to the socket. The JavaFX thread and its renderer "
                    + "are shared by every thin session; diff and encode run on a worker pool.</p><table><tr><th>stage</th><th>p50 ms</th>"
                    + "<th>what happens</th></tr>");
            run.thinServerStages().forEach((stage, millis) -> html.append(String.format("<tr><td>%s</td><td>%.1f</td><td>%s</td></tr>",
                    esc(stage), millis, esc(DisplayMetrics.STAGES.getOrDefault(stage, "")))));
            html.append("</table>");
        }
        html.append("<p>Every sample: <a href='samples.csv'>samples.csv</a>, <a href='report.json'>report.json</a>.</p></body></html>");
        Path file = directory.resolve("report.html");
        Files.writeString(file, html);
        return file;
    }

    /** Failures side by side: per fault and client, back to work, what was lost, what the store still holds, what recovery cost. */
    static String faultTable(RunResult run) {
        StringBuilder html = new StringBuilder("<h2>Failures and recovery</h2><p>Each fault breaks part of the cluster under one client "
                + "(kill-node: SIGKILL to the node serving it). <i>Back to work</i>: from the fault until the thin client paints a "
                + "session again, or the rich client is online and in step. <i>Acknowledged edits</i>: those the server had confirmed "
                + "before, found as they were afterwards (asked through the switch). <i>Recovery bytes</i>: through the client's link "
                + "from the fault until settled.</p><table><tr><th>profile</th><th>fault</th><th>client</th><th>broken</th>"
                + "<th>back to work</th><th>lost</th><th>acknowledged edits found</th><th>applied twice</th><th>recovery bytes down / up</th></tr>");
        for (var f : run.faults()) {
            html.append(String.format("<tr><td>%s</td><td class='t'>%s</td><td class='t'>%s</td><td class='t'>%s</td><td>%s</td>"
                            + "<td class='t'>%s</td><td%s>%d of %d</td>"
                            + "<td%s>%d</td><td>%,d / %,d</td></tr>", esc(f.profile()), esc(f.fault()), f.path(), esc(f.broken()),
                    f.backToWorkMillis() < 0 ? "<span class='bad'>not within the wait</span>" : String.format("%.0f ms", f.backToWorkMillis()),
                    esc(f.lost()), f.acknowledgedFound() == f.acknowledgedTotal() ? "" : " class='bad'", f.acknowledgedFound(),
                    f.acknowledgedTotal(), f.appliedTwice() == 0 ? "" : " class='bad'", f.appliedTwice(), f.recoveryBytesDown(),
                    f.recoveryBytesUp()));
        }
        return html.append("</table>").toString();
    }

    private static String pair(org.thinrich.scenarios.record.Recorder.Latency l) {
        return l.count() == 0 ? "-" : String.format("%.1f / %.1f", l.p50(), l.p99());
    }

    /** Per path, the median over steps of the step's p50, at each profile's RTT; and the line of one RTT. */
    static XYChart latencyAgainstRtt(List<Summary> all, String title, ToDoubleFunction<Summary> metric) {
        XYChart chart = new XYChartBuilder().width(900).height(420).title(title).xAxisTitle("RTT of the link (ms)").yAxisTitle("ms").build();
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.OutsideS)
                .setLegendLayout(Styler.LegendLayout.Horizontal).setChartBackgroundColor(java.awt.Color.WHITE);
        List<Double> rtts = all.stream().map(Summary::rttMillis).distinct().sorted().toList();
        double low = Double.MAX_VALUE;
        double high = 0;
        for (String path : paths(all)) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (double rtt : rtts) {
                double[] values = all.stream().filter(s -> s.path().equals(path) && s.rttMillis() == rtt).mapToDouble(metric)
                        .filter(v -> v >= 0).sorted().toArray();
                if (values.length == 0) continue;
                xs.add(rtt);
                ys.add(Math.max(0.01, values[values.length / 2]));
                low = Math.min(low, ys.get(ys.size() - 1));
                high = Math.max(high, ys.get(ys.size() - 1));
            }
            if (!xs.isEmpty()) chart.addSeries(path + " client", xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
        if (!rtts.isEmpty()) {
            low = Math.min(low, rtts.get(0));
            high = Math.max(high, rtts.get(rtts.size() - 1));
            minorLogLabels(chart, rtts.get(0) / 1.19, low, high);
            XYSeries rtt = chart.addSeries("one RTT", rtts, rtts);
            rtt.setMarker(SeriesMarkers.NONE).setLineStyle(new java.awt.BasicStroke(1f, java.awt.BasicStroke.CAP_BUTT,
                    java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)).setLineColor(java.awt.Color.GRAY);
        }
        return chart;
    }

    /** The clients measured, in the order the scenario names them. */
    static List<String> paths(List<Summary> all) {
        return all.stream().map(Summary::path).distinct().toList();
    }

    /**
     * Labels at 2, 3 and 5 times each power of ten on a logarithmic latency axis, drawn at the left
     * edge of the plot: a latency of 300 or 600 ms is read off the chart, not guessed between the
     * axis's 100 and 1,000. (XChart labels such an axis at its powers of ten only, or at every
     * multiple, which overprint each other; its custom label formatters never end on a log axis.)
     */
    static void minorLogLabels(XYChart chart, double xLeft, double yMin, double yMax) {
        chart.getStyler().setAnnotationTextFontColor(java.awt.Color.DARK_GRAY)
                .setAnnotationTextFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 10));
        if (!(yMin > 0) || !(yMax > yMin)) return;
        for (double power = Math.pow(10, Math.floor(Math.log10(yMin))); power <= yMax; power *= 10) {
            for (int digit : new int[] {2, 3, 5}) {
                double v = digit * power;
                if (v < yMin * 0.9 || v > yMax * 1.1) continue;
                String label = v >= 1 ? String.format("%,.0f", v) : new java.math.BigDecimal(v).round(new java.math.MathContext(1)).toPlainString();
                chart.addAnnotation(new org.knowm.xchart.AnnotationText(label, xLeft, v, false));
            }
        }
    }

    /**
     * Median bytes down per step at one profile, every client side by side: what crossed the link,
     * headers included. A logarithmic axis, so that the rich client's hundreds of bytes show as bars
     * beside the thin client's tens of thousands; a step that sent nothing has no bar and a 0 label.
     */
    static CategoryChart bytesPerStep(List<Summary> all, String profile) {
        CategoryChart chart = new CategoryChartBuilder().width(1100).height(420)
                .title("Bytes down per step (median, TCP through the link), profile " + profile).xAxisTitle("step").yAxisTitle("bytes (log scale)").build();
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setYAxisLogarithmic(true).setYAxisMin(0.5);
        // Upright labels in the bars: side by side, four clients' numbers would overprint each other.
        chart.getStyler().setLabelsVisible(true).setLabelsRotation(90)
                .setLabelsFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 10));
        chart.getStyler().setDecimalPattern("#,###");
        chart.getStyler().setYAxisDecimalPattern("#,###");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal)
                .setChartBackgroundColor(java.awt.Color.WHITE);
        List<String> steps = all.stream().filter(s -> s.profile().equals(profile)).map(Summary::step).distinct().toList();
        for (String path : paths(all)) {
            List<Double> values = new ArrayList<>();
            for (String step : steps) {
                values.add(all.stream().filter(s -> s.profile().equals(profile) && s.path().equals(path) && s.step().equals(step))
                        .mapToDouble(s -> s.tcpDown()).findFirst().orElse(0));
            }
            // A logarithmic axis has no 0: nothing sent is drawn as half a byte, no bar, which the "#,###" label shows as 0.
            if (!steps.isEmpty()) chart.addSeries(path + " client", steps, values.stream().map(v -> v > 0 ? v : 0.5).toList());
        }
        return chart;
    }

    /** Every step's response over the run: the profiles show as bands, one after the other. */
    static XYChart timeline(RunResult run) {
        XYChart chart = new XYChartBuilder().width(900).height(420).title("Response latency of every step over the run")
                .xAxisTitle("seconds into the run").yAxisTitle("ms").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setYAxisLogarithmic(true)
                .setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal)
                .setChartBackgroundColor(java.awt.Color.WHITE);
        long t0 = run.started().toEpochMilli();
        // Each profile's stretch of the run: a line where it starts and its name at the top.
        chart.getStyler().setAnnotationLineColor(java.awt.Color.GRAY).setAnnotationLineStroke(new java.awt.BasicStroke(1f,
                java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        double top = run.recorder().samples().stream().mapToDouble(Sample::responseMillis).max().orElse(1);
        String previous = null;
        for (Sample s : run.recorder().samples()) {
            if (s.profile().equals(previous)) continue;
            previous = s.profile();
            double x = (s.startedAtMillis() - t0) / 1000.0;
            chart.addAnnotation(new org.knowm.xchart.AnnotationLine(x, true, false));
            chart.addAnnotation(new org.knowm.xchart.AnnotationText("  " + s.profile() + " \u2192", x, Math.max(0.02, top), false));
        }
        for (String path : run.scenario().clients()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (Sample s : run.recorder().samples()) {
                if (!s.path().equals(path) || s.responseMillis() < 0) continue;
                xs.add((s.startedAtMillis() - t0) / 1000.0);
                ys.add(Math.max(0.01, s.responseMillis()));
            }
            if (!xs.isEmpty()) chart.addSeries(path + " client", xs, ys);
        }
        double[] ms = run.recorder().samples().stream().mapToDouble(Sample::responseMillis).filter(v -> v >= 0).toArray();
        double[] at = run.recorder().samples().stream().filter(x -> x.responseMillis() >= 0)
                .mapToDouble(x -> (x.startedAtMillis() - t0) / 1000.0).toArray();
        if (ms.length > 0) {
            double first = java.util.Arrays.stream(at).min().orElse(0);
            double last = java.util.Arrays.stream(at).max().orElse(1);
            // Left of the first point, and below the profile names along the top.
            minorLogLabels(chart, Math.max(0, first - 0.02 * (last - first)), Math.max(0.01, java.util.Arrays.stream(ms).min().orElse(1)),
                    java.util.Arrays.stream(ms).max().orElse(1) / 2);
        }
        return chart;
    }

    /**
     * What each client costs while its user does nothing: the bytes of the idle steps (both ways,
     * through the link) per minute. A CalDAV client polls; the rich client keeps its socket alive.
     */
    static String idleTable(List<Summary> all, RunResult run) {
        List<Summary> idle = all.stream().filter(s -> s.step().startsWith("idle") && idleSeconds(run, s) >= MIN_IDLE_SECONDS).toList();
        if (idle.isEmpty()) return "";
        StringBuilder html = new StringBuilder("<h2>Idle cost</h2><p>Bytes through the link, both ways, while the user does nothing "
                + "(idle steps of 30 s or more), per minute. A CalDAV client polls every interval whether or not anything changed; the rich and "
                + "thin clients keep their one connection alive and are told of changes at once. A rich client's keep-alive trades bytes "
                + "for how soon it notices a dead connection (<code>rich-ka60s</code>: a ping every 60 s).</p><table><tr><th>profile</th>"
                + "<th>client</th><th>idle step</th><th>bytes per minute</th><th>asks the server</th></tr>");
        for (Summary s : idle) {
            double seconds = idleSeconds(run, s);
            html.append(String.format("<tr><td>%s</td><td>%s</td><td>%s</td><td>%,.0f</td><td>%s</td></tr>", esc(s.profile()), esc(s.path()),
                    esc(s.step()), (s.tcpDown() + s.tcpUp()) * 60 / seconds, esc(asks(run, s.path()))));
        }
        return html.append("</table>").toString();
    }

    /** How often a client asks the server while idle, and for a rich client how soon it notices a dead connection. */
    static String asks(RunResult run, String client) {
        if (org.thinrich.scenarios.scenario.Scenario.caldav(client)) {
            return "polls every " + trim(run.scenario().pollInterval(client).toMillis() / 1000.0) + " s";
        }
        if (org.thinrich.scenarios.scenario.Scenario.rich(client)) {
            java.time.Duration every = java.util.Objects.requireNonNullElse(org.thinrich.scenarios.scenario.Scenario.keepAlive(client),
                    org.thinrich.rich.engine.RichEngine.KEEP_ALIVE);
            if (every.isZero()) return "never (a dead connection goes unnoticed until the next edit)";
            return "pings every " + every.toSeconds() + " s; a dead connection noticed within "
                    + (every.plus(org.thinrich.rich.engine.RichEngine.pongWait(every))).toSeconds() + " s";
        }
        return "pings every 2 s while used, 20 s when idle";
    }

    private static String trim(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }

    /** Idle steps shorter than this say little per minute: one poll more or less in them is most of the figure. */
    static final double MIN_IDLE_SECONDS = 30;

    private static double idleSeconds(RunResult run, Summary s) {
        return run.scenario().workload().stream().filter(w -> w.label().equals(s.step()) && w.seconds() != null)
                .mapToDouble(w -> w.seconds()).findFirst().orElse(0);
    }

    /**
     * Propagation (p50 over the edits) against how often the watching client asks: a CalDAV client
     * learns of a change at its next poll, the rich client within about one round trip. Drawn when a
     * scenario measures CalDAV clients; the rich client is the line at its own figure.
     */
    static XYChart propagationAgainstPolling(List<Summary> all, RunResult run) {
        XYChart chart = new XYChartBuilder().width(900).height(420).title("Propagation to another client against the CalDAV poll interval")
                .xAxisTitle("poll interval of the CalDAV client (s)").yAxisTitle("propagation p50 (ms)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW).setChartBackgroundColor(java.awt.Color.WHITE);
        List<String> caldav = run.scenario().clients().stream().filter(org.thinrich.scenarios.scenario.Scenario::caldav).toList();
        if (caldav.size() < 2) return chart; // a line needs two poll intervals
        List<Double> polls = caldav.stream().map(c -> run.scenario().pollInterval(c).toMillis() / 1000.0).sorted().toList();
        for (String profile : all.stream().map(Summary::profile).distinct().toList()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (String client : caldav) {
                double p = median(all, profile, client);
                if (p < 0) continue;
                xs.add(run.scenario().pollInterval(client).toMillis() / 1000.0);
                ys.add(p);
            }
            if (!xs.isEmpty()) chart.addSeries("CalDAV, " + profile, xs, ys).setMarker(SeriesMarkers.CIRCLE);
            double rich = median(all, profile, "rich");
            if (rich >= 0 && polls.size() > 0) {
                List<Double> flat = polls.stream().map(x -> rich).toList();
                chart.addSeries("rich, " + profile, polls, flat).setMarker(SeriesMarkers.NONE);
            }
        }
        return chart;
    }

    /** The median over a client's edit steps of their propagation p50; -1 without any. */
    private static double median(List<Summary> all, String profile, String path) {
        double[] values = all.stream().filter(s -> s.profile().equals(profile) && s.path().equals(path) && s.propagation().count() > 0)
                .mapToDouble(s -> s.propagation().p50()).filter(v -> v >= 0).sorted().toArray();
        return values.length == 0 ? -1 : values[values.length / 2];
    }

    static String image(Chart<?, ?> chart) throws IOException {
        if (chart.getSeriesMap().isEmpty()) return "<p>(no data for: " + esc(chart.getTitle()) + ")</p>";
        byte[] png;
        try {
            png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (RuntimeException e) { // a chart that cannot be drawn must not cost the report
            return "<p class='bad'>(" + esc(chart.getTitle()) + " could not be drawn: " + esc(String.valueOf(e.getMessage())) + ")</p>";
        }
        return "<p><img alt='" + esc(chart.getTitle()) + "' src='data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "'></p>";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
