package org.thinrich.scenarios.run;

import java.time.Instant;
import java.util.List;
import org.thinrich.scenarios.link.LinkCheck;
import org.thinrich.scenarios.record.Recorder;
import org.thinrich.scenarios.scenario.Scenario;

/**
 * What a run measured, and whether it ran to the end: a run that failed midway still reports what
 * it had, marked incomplete with the reasons.
 */
public record RunResult(Scenario scenario, Instant started, Instant finished, int cores, String java, List<LinkCheck.Result> linkChecks,
        Recorder recorder, List<String> failures) {

    public boolean complete() {
        return failures.isEmpty();
    }
}
