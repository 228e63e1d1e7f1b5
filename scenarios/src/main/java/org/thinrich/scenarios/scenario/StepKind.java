package org.thinrich.scenarios.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The user-level steps a workload is made of; in YAML by their kebab-case names. */
public enum StepKind {
    NEXT_WEEK(false), PREVIOUS_WEEK(false), SWITCH_TO_MONTH(false), SWITCH_TO_WEEK(false), OPEN_EVENT(false),
    CREATE_EVENT(true), MOVE_EVENT(true), DELETE_EVENT(true), IDLE(false),
    /** SIGKILL to the cluster node serving the client. */
    KILL_NODE(false),
    /** Starts the killed nodes again. */
    RESTART_NODE(false),
    /** Stops the cluster's database for {@code seconds} (default 5), then starts it again. */
    STOP_DATABASE(false);

    private final boolean edits;

    StepKind(boolean edits) {
        this.edits = edits;
    }

    /** True for the steps that break part of a cluster, done by the runner rather than the client. */
    public boolean fault() {
        return this == KILL_NODE || this == RESTART_NODE || this == STOP_DATABASE;
    }

    /** True for steps that change the calendar: they have commit and propagation latency. */
    public boolean edits() {
        return edits;
    }

    @JsonValue
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static StepKind of(String name) {
        for (StepKind k : values()) if (k.yamlName().equals(name)) return k;
        throw new IllegalArgumentException("Unknown step '" + name + "'; the steps are "
                + Arrays.stream(values()).map(StepKind::yamlName).collect(Collectors.joining(", ")) + ".");
    }
}
