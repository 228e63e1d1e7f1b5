package org.thinrich.scenarios.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One step of a workload. {@code title} names a created event; {@code seconds} is how long an idle
 * step lasts, or a stop-database fault; {@code thinkMillis} overrides the scenario's think time after this step.
 */
public record Step(
        @JsonProperty(value = "step", required = true) StepKind kind,
        @JsonProperty("title") String title,
        @JsonProperty("seconds") Double seconds,
        @JsonProperty("thinkMillis") Integer thinkMillis) {

    public Step {
        if (kind == null) throw new IllegalArgumentException("Every workload entry needs a 'step'.");
        if (title != null && (title.isBlank() || title.length() > 200)) throw new IllegalArgumentException("A title has 1 to 200 characters.");
        if (seconds != null && (seconds < 0 || seconds > 600)) throw new IllegalArgumentException("seconds must be 0 to 600.");
        if (kind == StepKind.IDLE && seconds == null) seconds = 1.0;
        if (kind == StepKind.STOP_DATABASE && seconds == null) seconds = 5.0;
        if (thinkMillis != null && (thinkMillis < 0 || thinkMillis > 60_000)) throw new IllegalArgumentException("thinkMillis must be 0 to 60000.");
    }

    public static Step of(StepKind kind) {
        return new Step(kind, null, null, null);
    }

    /** The name the report uses: the step, with its title or length if it has one. */
    public String label() {
        return kind.yamlName() + (kind == StepKind.IDLE || kind == StepKind.STOP_DATABASE ? " " + trim(seconds) + " s" : "");
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
