package org.thinrich.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./workbench launcher at the project's root, run as a user runs it: help that names the
 * program as typed with examples, one sentence for a mistake, and --json for scripts. The build
 * has just made the class path it reads; WORKBENCH_NO_BUILD keeps it from starting another build.
 */
class LauncherTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path directory;

    private record Ran(int exit, String out, String err) {
    }

    private Ran launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("./workbench"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectOutput(directory.resolve("out").toFile()).redirectError(directory.resolve("err").toFile());
        builder.environment().put("WORKBENCH_NO_BUILD", "1");
        Process process = builder.start();
        try {
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the launcher finished").isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Ran(process.exitValue(), Files.readString(directory.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(directory.resolve("err"), StandardCharsets.UTF_8));
    }

    @Test
    void helpNamesTheProgramAsTypedAndGivesExamples() throws Exception {
        Ran help = launch("--help");
        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.out()).startsWith("Usage: ./workbench [").contains("Examples:\n  ./workbench run scenarios/quick.yaml");
        Ran run = launch("run", "--help");
        assertThat(run.out()).startsWith("Usage: ./workbench run ").contains("--profiles=PROFILE").contains("--json")
                .contains("  ./workbench run scenarios/standard.yaml --profiles lan,3g --repetitions 5");
    }

    @Test
    void mistakesAreOneSentence() throws Exception {
        Ran missing = launch("run", "no-such.yaml");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("no-such.yaml: no such file; scenarios/ holds examples such as scenarios/standard.yaml.");
        Ran profile = launch("run", "scenarios/quick.yaml", "--profiles", "lan,5g");
        assertThat(profile.exit()).isEqualTo(2);
        assertThat(profile.err().strip()).startsWith("Unknown link profile '5g'; known: lan, cable").endsWith("Run './workbench run --help' for its options.")
                .doesNotContain("\tat ").hasLineCount(1);
        Ran repetitions = launch("run", "scenarios/quick.yaml", "--repetitions", "0");
        assertThat(repetitions.err().strip()).startsWith("repetitions must be 1 to 1000").hasLineCount(1);
    }

    @Test
    void jsonPutsOneSummaryOnStandardOutput() throws Exception {
        Path scenario = directory.resolve("tiny.yaml");
        Files.writeString(scenario, """
                name: tiny
                profiles: [cable]
                clients: [thin]
                thinkMillis: 50
                workload:
                  - step: next-week
                """);
        Ran ran = launch("run", scenario.toString(), "--out", directory.resolve("report").toString(), "-J", "--repetitions", "2",
                "--profiles", "lan");
        assertThat(ran.exit()).as(ran.err()).isZero();
        assertThat(ran.out().strip()).as("standard output holds the JSON alone").hasLineCount(1);
        JsonNode summary = new ObjectMapper().readTree(ran.out());
        assertThat(summary.get("scenario").asText()).isEqualTo("tiny");
        assertThat(summary.get("complete").asBoolean()).isTrue();
        assertThat(summary.get("profiles").toString()).as("the command line's profiles, not the file's").isEqualTo("[\"lan\"]");
        assertThat(summary.get("repetitions").asInt()).isEqualTo(2);
        JsonNode step = null;
        for (JsonNode s : summary.get("steps")) if (s.get("step").asText().equals("next-week")) step = s;
        assertThat(step).isNotNull();
        assertThat(step.get("client").asText()).isEqualTo("thin");
        assertThat(step.get("samples").asInt()).isEqualTo(2);
        assertThat(step.get("fewSamples").asBoolean()).as("a median of two samples is flagged").isTrue();
        assertThat(step.get("responseP50Millis").asDouble()).isPositive();
        assertThat(step.get("commitP50Millis").isNull()).as("a view has no commit: null, not -1").isTrue();
        assertThat(step.get("downBytes").asLong()).isGreaterThan(1000);
        assertThat(Path.of(summary.get("report").asText())).exists();
        // The table went to standard error, with its units in the header and the flag explained; no library INFO lines.
        assertThat(ran.err()).contains("resp ms").contains("* a median of fewer than 3 samples").doesNotContain("INFO org.flywaydb")
                .doesNotContain("Setting PULSE_DURATION");
        // A run compared with itself: nothing changed, and --fail-on-worse passes.
        Ran compared = launch("compare", "--fail-on-worse", directory.resolve("report").toString(), directory.resolve("report").toString());
        assertThat(compared.exit()).as(compared.err()).isZero();
        assertThat(compared.out()).contains("next-week").contains("0 got worse and 0 better outside the runs' spread.");
    }
}
