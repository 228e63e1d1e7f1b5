package org.thinrich.scenarios.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.thinrich.scenarios.scenario.ScenarioException;

/**
 * Two runs side by side, a baseline check as JMeter's: for each profile, client and step, the
 * median response and bytes down of each run, the change, and whether the change is outside the
 * runs' spread. A change counts only when the runs' samples do not overlap at all (every sample of
 * one above every sample of the other): with the few repetitions a run has, no stricter test is
 * honest, and two runs that overlap have not shown a difference.
 */
public final class Compare {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a change is, judged on the two runs' samples. */
    public enum Verdict {
        SAME("same"), WITHIN("within spread"), WORSE("worse"), BETTER("better"), ONLY_A("only in A"), ONLY_B("only in B"), NONE("-");

        final String words;

        Verdict(String words) {
            this.words = words;
        }

        @Override
        public String toString() {
            return words;
        }
    }

    /** One metric of one step in both runs: medians (NaN when a run has none) and the verdict. */
    public record Change(double a, double b, Verdict verdict) {
        /** The change in percent of A, NaN when either is missing or A is 0. */
        public double percent() {
            return Double.isNaN(a) || Double.isNaN(b) || a == 0 ? Double.NaN : (b - a) / a * 100;
        }
    }

    public record Row(String profile, String client, String step, Change response, Change bytesDown) {
    }

    public record Run(String name, String started, int cores, Map<String, List<JsonNode>> samples) {
    }

    private Compare() {
    }

    /** Reads a report folder (its report.json); a folder that holds none is one sentence. */
    public static Run read(Path folder) {
        Path file = Files.isDirectory(folder) ? folder.resolve("report.json") : folder;
        if (!Files.exists(file)) {
            throw new ScenarioException(folder + " holds no report.json; give the folders that 'run' wrote, e.g. reports/standard-20261205-101500.");
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ScenarioException(file + " cannot be read as a report (" + e.getMessage().lines().findFirst().orElse("") + ").");
        }
        if (doc == null || !doc.has("samples")) {
            throw new ScenarioException(file + " is not a scenario report (no samples); a capacity run's load.json cannot be compared this way.");
        }
        Map<String, List<JsonNode>> samples = new LinkedHashMap<>();
        for (JsonNode s : doc.get("samples")) samples.computeIfAbsent(key(s), k -> new ArrayList<>()).add(s);
        return new Run(doc.path("scenario").path("name").asText("?"), doc.path("started").asText("?"), doc.path("cores").asInt(), samples);
    }

    private static String key(JsonNode s) {
        return s.get("profile").asText() + "\u0000" + s.get("path").asText() + "\u0000" + s.get("step").asText();
    }

    /** Every step either run has, in A's order, then B's new ones. */
    public static List<Row> compare(Run a, Run b) {
        Set<String> keys = new LinkedHashSet<>(a.samples().keySet());
        keys.addAll(b.samples().keySet());
        List<Row> rows = new ArrayList<>();
        for (String key : keys) {
            String[] parts = key.split("\u0000", 3);
            List<JsonNode> inA = a.samples().getOrDefault(key, List.of());
            List<JsonNode> inB = b.samples().getOrDefault(key, List.of());
            rows.add(new Row(parts[0], parts[1], parts[2], change(inA, inB, s -> latency(s, "responseMillis")),
                    change(inA, inB, s -> s.path("tcpDown").asDouble(Double.NaN))));
        }
        return rows;
    }

    private static double latency(JsonNode sample, String field) {
        JsonNode v = sample.get(field);
        return v == null || v.isNull() || v.asDouble() < 0 ? Double.NaN : v.asDouble();
    }

    static Change change(List<JsonNode> inA, List<JsonNode> inB, ToDoubleFunction<JsonNode> metric) {
        double[] a = inA.stream().mapToDouble(metric).filter(v -> !Double.isNaN(v)).sorted().toArray();
        double[] b = inB.stream().mapToDouble(metric).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (a.length == 0 && b.length == 0) return new Change(Double.NaN, Double.NaN, Verdict.NONE);
        if (b.length == 0) return new Change(median(a), Double.NaN, Verdict.ONLY_A);
        if (a.length == 0) return new Change(Double.NaN, median(b), Verdict.ONLY_B);
        return new Change(median(a), median(b), verdict(a, b));
    }

    /** Larger is worse for both metrics (a latency, bytes). */
    static Verdict verdict(double[] a, double[] b) {
        if (Arrays.equals(a, b) || a[0] == a[a.length - 1] && b[0] == b[b.length - 1] && a[0] == b[0]) return Verdict.SAME;
        if (b[0] > a[a.length - 1]) return Verdict.WORSE;
        if (b[b.length - 1] < a[0]) return Verdict.BETTER;
        return Verdict.WITHIN;
    }

    /** The upper median, as the reports take it. */
    static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    public static void print(Run a, Run b, List<Row> rows, PrintStream out) {
        out.printf("A: %s, started %s, %d cores%nB: %s, started %s, %d cores%n", a.name(), a.started(), a.cores(), b.name(), b.started(), b.cores());
        out.println("A change counts (worse, better) when the runs' samples do not overlap; otherwise it is within their spread.");
        String profile = null;
        for (Row r : rows) {
            if (!r.profile().equals(profile)) {
                profile = r.profile();
                out.printf("%n%s%n  %-9s %-16s | %9s %9s %7s %-13s | %9s %9s %7s %s%n", profile, "client", "step", "A resp ms", "B resp ms",
                        "change", "", "A down B", "B down B", "change", "");
            }
            out.printf("  %-9s %-16s | %9s %9s %7s %-13s | %9s %9s %7s %s%n", shorten(r.client(), 9), shorten(r.step(), 16),
                    TerminalTable.number(nanAsNone(r.response().a())), TerminalTable.number(nanAsNone(r.response().b())),
                    percent(r.response()), r.response().verdict(), bytes(r.bytesDown().a()), bytes(r.bytesDown().b()), percent(r.bytesDown()),
                    r.bytesDown().verdict());
        }
        long worse = rows.stream().filter(r -> r.response().verdict() == Verdict.WORSE || r.bytesDown().verdict() == Verdict.WORSE).count();
        long better = rows.stream().filter(r -> r.response().verdict() == Verdict.BETTER || r.bytesDown().verdict() == Verdict.BETTER).count();
        out.printf("%nOf %d steps, %d got worse and %d better outside the runs' spread.%n", rows.size(), worse, better);
    }

    /** Whether any step got worse outside the spread, in its response or its bytes. */
    public static boolean anyWorse(List<Row> rows) {
        return rows.stream().anyMatch(r -> r.response().verdict() == Verdict.WORSE || r.bytesDown().verdict() == Verdict.WORSE);
    }

    public static JsonNode json(Run a, Run b, List<Row> rows) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("a", Map.of("scenario", a.name(), "started", a.started(), "cores", a.cores()));
        doc.put("b", Map.of("scenario", b.name(), "started", b.started(), "cores", b.cores()));
        List<Map<String, Object>> list = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("profile", r.profile());
            row.put("client", r.client());
            row.put("step", r.step());
            row.put("response", change(r.response()));
            row.put("downBytes", change(r.bytesDown()));
            list.add(row);
        }
        doc.put("steps", list);
        doc.put("anyWorse", anyWorse(rows));
        return JSON.valueToTree(doc);
    }

    private static Map<String, Object> change(Change c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", Double.isNaN(c.a()) ? null : c.a());
        m.put("b", Double.isNaN(c.b()) ? null : c.b());
        m.put("changePercent", Double.isNaN(c.percent()) ? null : Math.round(c.percent() * 10) / 10.0);
        m.put("verdict", c.verdict().name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }

    private static double nanAsNone(double v) {
        return Double.isNaN(v) ? -1 : v;
    }

    private static String bytes(double v) {
        return Double.isNaN(v) ? "-" : String.format("%,d", Math.round(v));
    }

    private static String percent(Change c) {
        double p = c.percent();
        return Double.isNaN(p) ? "" : Math.abs(p) < 0.5 ? "0 %" : String.format("%+.0f %%", p);
    }

    private static String shorten(String s, int width) {
        return s.length() > width ? s.substring(0, width) : s;
    }
}
