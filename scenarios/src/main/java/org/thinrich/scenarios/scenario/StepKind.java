package org.thinrich.scenarios.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The user-level steps a workload is made of; in YAML by their kebab-case names. */
public enum StepKind {
    NEXT_WEEK(false), PREVIOUS_WEEK(false), SWITCH_TO_MONTH(false), SWITCH_TO_WEEK(false), OPEN_EVENT(false),
    CREATE_EVENT(true), MOVE_EVENT(true), DELETE_EVENT(true), IDLE(false);

    private final boolean edits;

    StepKind(boolean edits) {
        this.edits = edits;
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
