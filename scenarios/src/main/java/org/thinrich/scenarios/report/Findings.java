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
        for (var check : run.linkChecks()) {
            if (!check.ok()) {
                lines.add("Link emulator OFF on this machine at " + check.problems()
                        + ": the figures measured at this profile carry that error.");
            }
        }
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
        for (String vnc : all.stream().map(Summary::path).filter(org.thinrich.scenarios.scenario.Scenario::vnc).distinct().toList()) {
            String line = againstVnc(all, vnc);
            if (line != null) lines.add(line);
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

    /**
     * The thin path's bytes down against a VNC viewer's on the same steps and links (TCP through the
     * link, medians): the ratio per (profile, step), and how many are within a quarter of VNC's.
     */
    static String againstVnc(List<Summary> all, String vnc) {
        java.util.Map<String, Summary> thin = new java.util.HashMap<>();
        for (Summary s : all) if (s.path().equals("thin")) thin.put(s.profile() + "\u0000" + s.step(), s);
        List<Double> ratios = new ArrayList<>();
        long thinBytes = 0;
        long vncBytes = 0;
        for (Summary v : all) {
            Summary t = thin.get(v.profile() + "\u0000" + v.step());
            if (!v.path().equals(vnc) || t == null || v.step().startsWith("idle") || v.tcpDown() <= 0) continue;
            ratios.add((double) t.tcpDown() / v.tcpDown());
            thinBytes += t.tcpDown();
            vncBytes += v.tcpDown();
        }
        if (ratios.isEmpty()) return null;
        long quarter = ratios.stream().filter(r -> r <= 0.25).count();
        return String.format("Thin against %s (bytes down per step, TCP): %.2fx to %.2fx of VNC's, at most 0.25x in %d of %d (profile, step) pairs; "
                + "%,d against %,d bytes over all of them (%.2fx).", vnc, ratios.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                ratios.stream().mapToDouble(Double::doubleValue).max().orElse(0), quarter, ratios.size(), thinBytes, vncBytes,
                (double) thinBytes / vncBytes);
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
