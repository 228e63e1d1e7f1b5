package org.thinrich.scenarios.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Scenario files: the examples load; each kind of mistake names the file, the line and the field. */
class ScenarioFileTest {
    static final String GOOD = """
            name: small
            profiles: [lan, 3g]
            repetitions: 2
            workload:
              - step: next-week
              - step: create-event
                title: Coffee
              - step: idle
                seconds: 0.5
            """;

    @Test
    void aValidFileLoadsWithDefaults() {
        Scenario s = ScenarioFile.parse("small.yaml", GOOD);
        assertThat(s.server()).isEqualTo("embedded");
        assertThat(s.clients()).containsExactly("thin", "rich");
        assertThat(s.linkProfiles()).extracting(p -> p.name()).containsExactly("lan", "3g");
        assertThat(s.workload()).extracting(Step::kind).containsExactly(StepKind.NEXT_WEEK, StepKind.CREATE_EVENT, StepKind.IDLE);
        assertThat(s.seed()).isEqualTo(42);
    }

    @Test
    void caldavClientsPollAsTheirNameOrTheScenarioSays() {
        Scenario s = ScenarioFile.parse("caldav.yaml", GOOD + "clients: [rich, caldav, caldav-5s, caldav-0.5s]\ncaldavPollSeconds: 120\n");
        assertThat(s.clients()).containsExactly("rich", "caldav", "caldav-5s", "caldav-0.5s");
        assertThat(s.pollInterval("caldav")).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(s.pollInterval("caldav-5s")).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(s.pollInterval("caldav-0.5s")).isEqualTo(java.time.Duration.ofMillis(500));
        assertThatThrownBy(() -> ScenarioFile.parse("caldav.yaml", GOOD + "clients: [caldav-fast]\n"))
                .hasMessageContaining("clients are 'thin', 'rich', 'rich-ka60s'").hasMessageContaining("'caldav' (polling every caldavPollSeconds)");
        assertThatThrownBy(() -> ScenarioFile.parse("caldav.yaml", GOOD + "clients: [rich, rich]\n"))
                .hasMessageContaining("names one client twice");
    }

    @Test
    void richClientsPingAsTheirNameSays() {
        Scenario s = ScenarioFile.parse("ka.yaml", GOOD + "clients: [rich, rich-ka60s, rich-ka0s]\n");
        assertThat(s.clients()).allMatch(Scenario::rich);
        assertThat(Scenario.keepAlive("rich")).as("the client's default").isNull();
        assertThat(Scenario.keepAlive("rich-ka60s")).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(Scenario.keepAlive("rich-ka0s")).as("never").isZero();
        assertThatThrownBy(() -> ScenarioFile.parse("ka.yaml", GOOD + "clients: [rich-ka]\n"))
                .hasMessageContaining("'rich-ka60s' (a keep-alive ping every 60 s instead of 20)");
    }

    @Test
    void vncClientsOfferTheirEncodingFirst() {
        Scenario s = ScenarioFile.parse("vnc.yaml", GOOD + "clients: [thin, vnc, vnc-zrle, vnc-raw, vnc-tight-pull]\n");
        // Fences and continuous updates as TigerVNC's viewer takes them; "-pull" leaves both out.
        assertThat(Scenario.vncEncodings("vnc")).containsExactly(7, 16, 0, 1, -254, -312, -313);
        assertThat(Scenario.vncEncodings("vnc-zrle")).containsExactly(16, 7, 0, 1, -254, -312, -313);
        assertThat(Scenario.vncEncodings("vnc-tight-pull")).containsExactly(7, 16, 0, 1, -254);
        assertThat(Scenario.vncEncodings("vnc-raw")).startsWith(0);
        assertThat(s.clients().stream().filter(Scenario::vnc)).containsExactly("vnc", "vnc-zrle", "vnc-raw", "vnc-tight-pull");
        assertThatThrownBy(() -> ScenarioFile.parse("vnc.yaml", GOOD + "clients: [vnc-hextile]\n"))
                .hasMessageContaining("'vnc-tight', 'vnc-zrle'");
        assertThatThrownBy(() -> ScenarioFile.parse("vnc.yaml", GOOD + "server: http://127.0.0.1:8080\nclients: [vnc]\n"))
                .hasMessageContaining("VNC clients need the embedded server");
    }

    @Test
    void faultStepsNeedACluster() {
        String cluster = """
                name: faults
                server: cluster
                nodes: 3
                profiles: [lan]
                workload:
                  - step: kill-node
                  - step: stop-database
                """;
        Scenario s = ScenarioFile.parse("faults.yaml", cluster);
        assertThat(s.cluster()).isTrue();
        assertThat(s.nodes()).isEqualTo(3);
        assertThat(s.workload()).extracting(Step::label).containsExactly("kill-node", "stop-database 5 s");
        assertThatThrownBy(() -> ScenarioFile.parse("faults.yaml", cluster.replace("server: cluster\nnodes: 3\n", "")))
                .hasMessageContaining("Fault steps (kill-node, restart-node, stop-database) need server: cluster.");
        assertThatThrownBy(() -> ScenarioFile.parse("faults.yaml", cluster.replace("server: cluster", "server: embedded")))
                .hasMessageContaining("nodes goes with server: cluster.");
        assertThatThrownBy(() -> s.onServer("embedded", null)).hasMessageContaining("need server: cluster");
        Scenario standard = ScenarioFile.parse("small.yaml", GOOD);
        assertThat(standard.onServer("cluster", 4).nodes()).isEqualTo(4);
        assertThat(standard.onServer("cluster", null).nodes()).as("the default").isEqualTo(2);
    }

    @Test
    void everyExampleInTheScenariosFolderLoads() throws Exception {
        Path folder = Path.of(System.getProperty("basedir", "."));
        try (Stream<Path> files = Files.list(folder)) {
            var yamls = files.filter(f -> f.toString().endsWith(".yaml")).toList();
            assertThat(yamls).isNotEmpty();
            for (Path f : yamls) assertThat(ScenarioFile.load(f).workload()).as(f.toString()).isNotEmpty();
        }
    }

    @Test
    void anUnknownStepNamesLineAndField() {
        assertThatThrownBy(() -> ScenarioFile.parse("x.yaml", GOOD.replace("step: create-event", "step: create-evnt")))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("x.yaml, line 6, field 'workload[1].step': Unknown step 'create-evnt'");
    }

    @Test
    void anUnknownFieldIsNamedWithTheFieldsThereAre() {
        assertThatThrownBy(() -> ScenarioFile.parse("x.yaml", GOOD.replace("repetitions: 2", "repetitons: 2")))
                .hasMessageStartingWith("x.yaml, line 3, field 'repetitons': there is no such field")
                .hasMessageContaining("repetitions");
    }

    @Test
    void anUnknownProfileNamesItsLine() {
        assertThatThrownBy(() -> ScenarioFile.parse("x.yaml", GOOD.replace("[lan, 3g]", "[lan, 5g]")))
                .hasMessageStartingWith("x.yaml, line 2, field 'profiles': Unknown link profile '5g'");
    }

    @Test
    void aWrongValueAndAMissingFieldAreNamed() {
        assertThatThrownBy(() -> ScenarioFile.parse("x.yaml", GOOD.replace("repetitions: 2", "repetitions: many")))
                .hasMessageStartingWith("x.yaml, line 3, field 'repetitions':");
        assertThatThrownBy(() -> ScenarioFile.parse("x.yaml", GOOD.replace("seconds: 0.5", "seconds: 9999")))
                .hasMessageStartingWith("x.yaml, line 9, field 'workload[2].seconds': seconds must be 0 to 600.");
        assertThatThrownBy(() -> ScenarioFile.parse("x.yaml", "name: x\nworkload:\n  - step: idle\n"))
                .hasMessageContaining("field 'profiles'").hasMessageContaining("required");
    }

    @Test
    void brokenYamlAndAMissingFileSaySo() {
        assertThatThrownBy(() -> ScenarioFile.parse("x.yaml", "name: x\nprofiles: [lan]\n  workload: - a\n")).hasMessageStartingWith("x.yaml, line 3: the indentation does not match");
        assertThatThrownBy(() -> ScenarioFile.load(Path.of("no-such.yaml"))).hasMessageStartingWith("no-such.yaml: no such file");
    }

    @Test
    void syntaxErrorsSayWhatIsBrokenWhereItStarts() {
        // The parser reports an unclosed list at the next line, in its own words ("while parsing a flow sequence").
        assertThatThrownBy(() -> ScenarioFile.parse("x.yaml", GOOD.replace("[lan, 3g]", "[lan, 3g")))
                .hasMessage("x.yaml, line 2: a list opened with '[' is not closed with ']' before line 3.");
        assertThatThrownBy(() -> ScenarioFile.parse("x.yaml", GOOD.replace("    title: Coffee", "\ttitle: Coffee")))
                .hasMessageStartingWith("x.yaml, line 7: a tab;");
        assertThatThrownBy(() -> ScenarioFile.parse("x.yaml", GOOD.replace("name: small", "name: \"small")))
                .hasMessageStartingWith("x.yaml, line 1: a quoted value is not closed");
        assertThatThrownBy(() -> ScenarioFile.parse("x.yaml", GOOD.replace("repetitions: 2", "  repetitions: 2")))
                .hasMessageStartingWith("x.yaml, line 3: ").hasMessageNotContaining("while parsing");
    }

    @Test
    void aWrongTypeSaysWhatTheFieldTakes() {
        assertThatThrownBy(() -> ScenarioFile.parse("x.yaml", GOOD.replace("repetitions: 2", "repetitions: two")))
                .hasMessage("x.yaml, line 3, field 'repetitions': expected a whole number, not 'two'.");
        assertThatThrownBy(() -> ScenarioFile.parse("x.yaml", GOOD.replace("seconds: 0.5", "seconds: soon")))
                .hasMessage("x.yaml, line 9, field 'workload[2].seconds': expected a number, not 'soon'.");
        assertThatThrownBy(() -> ScenarioFile.parse("x.yaml", GOOD.replace("[lan, 3g]", "{lan: 1}")))
                .hasMessageStartingWith("x.yaml, line 2, field 'profiles': expected a list").hasMessageNotContaining("java.");
    }
}
