package org.thinrich.scenarios.report;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thinrich.scenarios.link.LinkCheck;
import org.thinrich.scenarios.record.Recorder.Summary;
import org.thinrich.scenarios.run.RunResult;

/** The side-by-side table in the terminal: per profile and step, each client beside the others. */
public final class TerminalTable {
    private TerminalTable() {
    }

    public static void print(RunResult run, PrintStream out) {
        List<Summary> all = Findings.interactions(run);
        out.printf("%nScenario %s on %d cores, Java %s%s%n", run.scenario().name(), run.cores(), run.java(),
                run.complete() ? "" : "  -- INCOMPLETE");
        for (LinkCheck.Result check : run.linkChecks()) out.println("  link check " + check);
        List<String> paths = all.stream().map(Summary::path).distinct().toList();
        Map<String, Map<String, Summary[]>> byProfile = new LinkedHashMap<>();
        for (Summary s : all) {
            Summary[] row = byProfile.computeIfAbsent(s.profile(), p -> new LinkedHashMap<>())
                    .computeIfAbsent(s.step(), k -> new Summary[paths.size()]);
            row[paths.indexOf(s.path())] = s;
        }
        for (var profile : byProfile.entrySet()) {
            Summary any = profile.getValue().values().stream().flatMap(p -> java.util.Arrays.stream(p)).filter(java.util.Objects::nonNull)
                    .findFirst().orElseThrow();
            out.printf("%n%s (RTT %s ms)%n", profile.getKey(), Findings.trim(any.rttMillis()));
            StringBuilder header = new StringBuilder(String.format("  %-16s", ""));
            StringBuilder units = new StringBuilder(String.format("  %-16s", "step"));
            for (String path : paths) {
                header.append(String.format(" | %-39s", shorten(path)));
                units.append(String.format(" | %10s %9s %9s %7s", "resp ms", "commit ms", "down B", "up B"));
            }
            out.println(header);
            out.println(units);
            for (var step : profile.getValue().entrySet()) {
                StringBuilder line = new StringBuilder(String.format("  %-16s", step.getKey()));
                for (Summary s : step.getValue()) line.append(" | ").append(cells(s));
                out.println(line);
            }
        }
        if (!run.faults().isEmpty()) {
            out.printf("%nFailures and recovery%n  %-14s %-18s %-5s %-22s %13s  %-8s %-9s %s%n", "profile", "fault", "path", "broken",
                    "back to work", "acked ok", "twice", "lost");
            for (var f : run.faults()) {
                out.printf("  %-14s %-18s %-5s %-22s %13s  %-8s %-9d %s%n", f.profile(), f.fault(), f.path(), f.broken(),
                        f.backToWorkMillis() < 0 ? "NOT BACK" : ms(f.backToWorkMillis()), f.acknowledgedFound() + "/" + f.acknowledgedTotal(),
                        f.appliedTwice(), f.lost());
            }
        }
        if (all.stream().anyMatch(TerminalTable::few)) {
            out.printf("%n* a median of fewer than %d samples: an indication, not a percentile (raise --repetitions).%n", FEW);
        }
        out.println();
        for (String line : Findings.of(run)) out.println(line);
        if (!run.thinServerStages().isEmpty()) {
            out.println("\nServer time of a thin input that changed the picture, p50 ms: " + stages(run.thinServerStages()));
        }
    }

    /** "queue 0.8, handle 7.3, ...": stage p50s in ms, in order. */
    public static String stages(Map<String, Double> p50Millis) {
        return p50Millis.entrySet().stream().map(e -> e.getKey() + " " + String.format("%.1f", e.getValue()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Fewer samples than this make a median that is flagged as only an indication. */
    public static final int FEW = 3;

    /** Whether the step's latencies rest on fewer than {@link #FEW} samples (a step without latencies is not flagged). */
    public static boolean few(Summary s) {
        long n = Math.max(s.response().count(), s.commit().count());
        return n > 0 && n < FEW;
    }

    /** Bytes are medians through the link (TCP, headers included), so that every client is counted alike. */
    static String cells(Summary s) {
        if (s == null) return String.format("%10s %9s %9s %7s", "-", "-", "-", "-");
        String flag = few(s) ? "*" : " ";
        return String.format("%9s%s %9s %,9d %,7d", number(s.response().p50()), flag, number(s.commit().p50()), s.tcpDown(), s.tcpUp());
    }

    private static String shorten(String path) {
        return path.length() > 39 ? path.substring(0, 39) : path;
    }

    /** A latency in ms for a column headed "ms": two decimals below 10, none above, thousands separated; "-" when none. */
    static String number(double v) {
        return v < 0 ? "-" : v < 10 ? String.format("%.2f", v) : String.format("%,.0f", v);
    }

    static String ms(double v) {
        return v < 0 ? "-" : v < 10 ? String.format("%.2f ms", v) : String.format("%.0f ms", v);
    }

    static Optional<Summary> find(List<Summary> all, String profile, String path, String step) {
        return all.stream().filter(s -> s.profile().equals(profile) && s.path().equals(path) && s.step().equals(step)).findFirst();
    }
}
