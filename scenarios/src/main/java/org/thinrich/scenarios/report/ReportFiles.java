package org.thinrich.scenarios.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thinrich.scenarios.record.Sample;
import org.thinrich.scenarios.run.RunResult;

/** samples.csv and report.json: every sample, the summaries, the link checks, and whether the run is complete. */
public final class ReportFiles {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .findAndRegisterModules();

    private ReportFiles() {
    }

    public static Path writeCsv(RunResult run, Path directory) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(Sample.CSV_HEADER);
        for (Sample s : run.recorder().samples()) lines.add(s.csv());
        Path file = directory.resolve("samples.csv");
        Files.write(file, lines);
        return file;
    }

    public static Path writeJson(RunResult run, Path directory) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        // The scenario as run, without its password.
        com.fasterxml.jackson.databind.node.ObjectNode scenario = JSON.valueToTree(run.scenario());
        scenario.remove("password");
        doc.put("scenario", scenario);
        doc.put("complete", run.complete());
        doc.put("failures", run.failures());
        doc.put("started", run.started().toString());
        doc.put("finished", run.finished().toString());
        doc.put("cores", run.cores());
        doc.put("java", run.java());
        doc.put("findings", Findings.of(run));
        doc.put("linkChecks", run.linkChecks().stream().map(c -> Map.of("profile", c.profile().name(), "rttMillis", c.rttMillis(),
                "downBitsPerSecond", c.downBitsPerSecond(), "upBitsPerSecond", c.upBitsPerSecond(), "ok", c.ok())).toList());
        doc.put("thinServerStagesP50Millis", run.thinServerStages());
        doc.put("faults", run.faults());
        doc.put("summaries", run.recorder().summaries());
        doc.put("samples", run.recorder().samples());
        Path file = directory.resolve("report.json");
        com.fasterxml.jackson.databind.JsonNode tree = JSON.valueToTree(doc);
        notApplicable(tree);
        JSON.writeValue(file.toFile(), tree);
        return file;
    }

    /**
     * The run in brief, for scripts ({@code run --json}): per profile, client and step the p50 and p90
     * latencies and the median bytes each way; the findings, link checks and where the files are.
     * A median of fewer than {@link TerminalTable#FEW} samples is flagged {@code fewSamples}.
     */
    public static com.fasterxml.jackson.databind.JsonNode summary(RunResult run, Path directory) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scenario", run.scenario().name());
        doc.put("complete", run.complete());
        doc.put("failures", run.failures());
        doc.put("cores", run.cores());
        doc.put("java", run.java());
        doc.put("profiles", run.scenario().profiles());
        doc.put("clients", run.scenario().clients());
        doc.put("repetitions", run.scenario().repetitions());
        doc.put("report", directory.resolve("report.html").toAbsolutePath().toString());
        doc.put("samples", directory.resolve("samples.csv").toAbsolutePath().toString());
        doc.put("findings", Findings.of(run));
        doc.put("linkChecks", run.linkChecks().stream().map(c -> Map.of("profile", c.profile().name(), "ok", c.ok(),
                "rttMillis", c.rttMillis())).toList());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (org.thinrich.scenarios.record.Recorder.Summary s : run.recorder().summaries()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("profile", s.profile());
            step.put("client", s.path());
            step.put("step", s.step());
            step.put("samples", s.count());
            step.put("responseP50Millis", s.response().p50());
            step.put("responseP90Millis", s.response().p90());
            step.put("commitP50Millis", s.commit().p50());
            step.put("propagationP50Millis", s.propagation().p50());
            step.put("downBytes", s.tcpDown());
            step.put("upBytes", s.tcpUp());
            step.put("fewSamples", TerminalTable.few(s));
            steps.add(step);
        }
        doc.put("steps", steps);
        com.fasterxml.jackson.databind.JsonNode tree = JSON.valueToTree(doc);
        notApplicable(tree);
        return tree;
    }

    /** One line of JSON, as {@code --json} prints it. */
    public static String oneLine(com.fasterxml.jackson.databind.JsonNode tree) throws IOException {
        return new ObjectMapper().writeValueAsString(tree);
    }

    /**
     * Null where a figure does not apply, never -1: a latency of a step that has none (a view's
     * commit, a connection's response), and a latency summary of no samples.
     */
    static void notApplicable(com.fasterxml.jackson.databind.JsonNode node) {
        nullWhere(node, (name, value) -> name.endsWith("Millis") && value.isNumber() && value.asDouble() < 0
                || value.isObject() && value.has("count") && value.has("p50") && value.get("count").asLong() == 0);
    }

    /** Replaces, anywhere in {@code node}, each field for which {@code absent} holds with null. */
    static void nullWhere(com.fasterxml.jackson.databind.JsonNode node,
            java.util.function.BiPredicate<String, com.fasterxml.jackson.databind.JsonNode> absent) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            java.util.List<String> names = new java.util.ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                com.fasterxml.jackson.databind.JsonNode value = object.get(name);
                if (absent.test(name, value)) object.putNull(name);
                else nullWhere(value, absent);
            }
        } else if (node.isArray()) {
            for (com.fasterxml.jackson.databind.JsonNode element : node) nullWhere(element, absent);
        }
    }
}
