package org.thinrich.scenarios.scenario;

/** A scenario file that cannot be run; the message names the file, line and field and says what is wrong. */
public final class ScenarioException extends RuntimeException {
    public ScenarioException(String message) {
        super(message);
    }
}
