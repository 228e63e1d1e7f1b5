package org.thinrich.scenarios.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.thinrich.scenarios.link.LinkCheck;
import org.thinrich.scenarios.record.Recorder;
import org.thinrich.scenarios.scenario.Scenario;

/**
 * What a run measured, and whether it ran to the end: a run that failed midway still reports what
 * it had, marked incomplete with the reasons. {@code thinServerStages}: where the embedded server's
 * time went for thin inputs that changed the picture, p50 ms per stage in order (empty when the
 * server ran elsewhere or no thin client ran). {@code faults}: what each fault step of a cluster
 * scenario did to each client (empty without faults).
 */
public record RunResult(Scenario scenario, Instant started, Instant finished, int cores, String java, List<LinkCheck.Result> linkChecks,
        Recorder recorder, List<String> failures, Map<String, Double> thinServerStages, List<FaultOutcome> faults) {

    public boolean complete() {
        return failures.isEmpty();
    }
}
