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
        List<Summary> all = run.recorder().summaries();
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
        if (!run.complete()) lines.add("INCOMPLETE: " + String.join("; ", run.failures()));
        return lines;
    }

    static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
