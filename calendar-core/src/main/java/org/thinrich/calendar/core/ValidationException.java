package org.thinrich.calendar.core;

import java.util.List;

/** An event or request that breaks a rule; {@link #problems()} says each broken rule in a sentence. */
public class ValidationException extends IllegalArgumentException {
    private final List<String> problems;

    public ValidationException(List<String> problems) {
        super(String.join(" ", problems));
        this.problems = List.copyOf(problems);
    }

    public ValidationException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
