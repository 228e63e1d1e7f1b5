package org.thinrich.scenarios.load;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.thinrich.scenarios.scenario.LoadPlan;

/**
 * What a load run measured: one row per ramp step and client kind (and thin-session mode), and
 * each ramp's capacity.
 */
public record LoadResult(String scenario, Instant started, Instant finished, int cores, int thresholdMillis, int thinkMillis,
                         int stepSeconds, List<Row> rows, List<String> failures) {

    /**
     * One ramp step: {@code users} concurrent users of {@code client} kind measured for the step's
     * window. Latencies in ms (-1: none recorded): response of the steps that only wait for the view,
     * of the editing steps ({@code edit}), and commit; server CPU in cores (CPU seconds per second, server
     * and hosts together); resident memory of server and hosts in MB.
     */
    public record Row(String client, String mode, int users, long actions, long errors, double responseP50, double responseP95,
                      double responseP99, double editP50, double editP95, double commitP50, double commitP95, double bytesPerUserMinute,
                      double serverCores, double residentMb, int processes) {

        public boolean within(int thresholdMillis) {
            return servedP95() >= 0 && servedP95() <= thresholdMillis && errors == 0;
        }

        /**
         * The p95 a step is judged by: the response of the steps that wait for the view, or, for
         * users of the sync protocol alone (whose views cross no wire), the commit of their edits.
         */
        public double servedP95() {
            return client.equals(LoadPlan.RICH_PROTOCOL) ? commitP95 : responseP95;
        }
    }

    /**
     * A ramp's capacity: the most users whose response p95 stayed within the threshold (0 when even
     * the first step broke it), the server CPU they took, and so users per core.
     */
    public record Capacity(String client, String mode, int users, double serverCores, double usersPerCore, double residentMbPerAddedUser) {
    }

    public List<Capacity> capacities() {
        List<Capacity> result = new ArrayList<>();
        List<String> ramps = rows.stream().map(r -> r.client() + " " + r.mode()).distinct().toList();
        for (String ramp : ramps) {
            List<Row> steps = rows.stream().filter(r -> (r.client() + " " + r.mode()).equals(ramp)).toList();
            Optional<Row> best = steps.stream().filter(r -> r.within(thresholdMillis)).reduce((a, b) -> b.users() > a.users() ? b : a);
            Row first = steps.get(0);
            Row last = steps.get(steps.size() - 1);
            // What one more user costs in memory: the slope over the ramp, server and hosts together.
            double perAdded = last.users() > first.users() && first.residentMb() >= 0
                    ? (last.residentMb() - first.residentMb()) / (last.users() - first.users()) : -1;
            result.add(best.map(r -> new Capacity(r.client(), r.mode(), r.users(), r.serverCores(),
                            r.serverCores() > 0 ? r.users() / r.serverCores() : -1, perAdded))
                    .orElse(new Capacity(first.client(), first.mode(), 0, -1, -1, perAdded)));
        }
        return result;
    }
}
