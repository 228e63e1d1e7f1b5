package org.thinrich.scenarios.scenario;

/** Lets tests of other packages read a scenario from text. */
public final class ScenarioFileTestAccess {
    private ScenarioFileTestAccess() {
    }

    public static Scenario parse(String yaml) {
        return ScenarioFile.parse("test.yaml", yaml);
    }
}
