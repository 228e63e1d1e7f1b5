package org.thinrich.scenarios.report;

import java.util.ArrayList;
import java.util.List;
import org.thinrich.scenarios.record.Recorder.Summary;
import org.thinrich.scenarios.run.RunResult;

/**
 * The workbench's claims, checked against what was measured: every thin interaction costs at least
 * a round trip; the rich client's response does not grow with the round trip.
 */
public final class Findings {
    private Findings() {
    }

    public static List<String> of(RunResult run) {
        List<Summary> all = interactions(run);
        List<String> lines = new ArrayList<>();
        List<Summary> thin = all.stream().filter(s -> s.path().equals("thin") && s.response().count() > 0).toList();
        List<Summary> rich = all.stream().filter(s -> s.path().equals("rich") && s.response().count() > 0).toList();
        if (!thin.isEmpty()) {
            long atLeastRtt = thin.stream().filter(s -> s.response().p50() >= s.rttMillis()).count();
            lines.add(String.format("Thin: response p50 >= one RTT in %d of %d (profile, step) pairs.", atLeastRtt, thin.size()));
        }
        if (!rich.isEmpty()) {
            double lowRtt = rich.stream().mapToDouble(Summary::rttMillis).min().orElse(0);
            double highRtt = rich.stream().mapToDouble(Summary::rttMillis).max().orElse(0);
            double worst = rich.stream().mapToDouble(s -> s.response().p99()).max().orElse(0);
            double atLow = rich.stream().filter(s -> s.rttMillis() == lowRtt).mapToDouble(s -> s.response().p50()).max().orElse(0);
            double atHigh = rich.stream().filter(s -> s.rttMillis() == highRtt).mapToDouble(s -> s.response().p50()).max().orElse(0);
            lines.add(String.format("Rich: response p50 at most %.2f ms at RTT %s ms and %.2f ms at RTT %s ms; p99 at most %.2f ms anywhere.",
                    atLow, trim(lowRtt), atHigh, trim(highRtt), worst));
        }
        if (!thin.isEmpty() && !rich.isEmpty()) {
            long thinDown = thin.stream().mapToLong(s -> s.payloadDown()).sum();
            long richDown = rich.stream().mapToLong(s -> s.payloadDown()).sum();
            lines.add(String.format("Bytes down over all steps and profiles (medians summed): thin %,d, rich %,d.", thinDown, richDown));
        }
        if (!run.faults().isEmpty()) {
            long kept = run.faults().stream().filter(org.thinrich.scenarios.run.FaultOutcome::kept).count();
            StringBuilder line = new StringBuilder(String.format("Faults: %d of %d left the user working again with every acknowledged edit "
                    + "stored once", kept, run.faults().size()));
            for (String path : List.of("thin", "rich")) {
                double[] back = run.faults().stream().filter(f -> f.path().equals(path) && f.fault().equals("kill-node") && f.backToWorkMillis() >= 0)
                        .mapToDouble(org.thinrich.scenarios.run.FaultOutcome::backToWorkMillis).sorted().toArray();
                if (back.length > 0) line.append(String.format("; %s back to work after kill-node in %.0f ms (median of %d)", path, back[back.length / 2], back.length));
            }
            lines.add(line.append('.').toString());
        }
        if (!run.complete()) lines.add("INCOMPLETE: " + String.join("; ", run.failures()));
        return lines;
    }

    /** The summaries of the workload's interactions: fault steps are reported in a table of their own. */
    public static List<Summary> interactions(RunResult run) {
        return run.recorder().summaries().stream().filter(s -> !isFault(s.step())).toList();
    }

    static boolean isFault(String stepLabel) {
        String kind = stepLabel.split(" ")[0];
        return java.util.Arrays.stream(org.thinrich.scenarios.scenario.StepKind.values())
                .anyMatch(k -> k.fault() && k.yamlName().equals(kind));
    }

    public static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
