package org.thinrich.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.scenarios.cluster.Haproxy;
import org.thinrich.scenarios.report.HtmlReport;
import org.thinrich.scenarios.report.ReportFiles;
import org.thinrich.scenarios.scenario.Scenario;
import org.thinrich.scenarios.scenario.ScenarioFileTestAccess;

/**
 * A cluster scenario with a fault step, end to end: the runner starts two nodes behind HAProxy,
 * kills the node under each client, and reports what happened; the report holds the table.
 */
class FailoverScenarioTest {
    @TempDir
    Path directory;

    @Test
    void killingTheNodeUnderEachClientIsReportedPerClient() throws Exception {
        if (System.getenv("THINRICH_REQUIRE_HAPROXY") == null) {
            Assumptions.assumeTrue(Haproxy.installed(), "HAProxy is not installed (apt-get install haproxy)");
        }
        Scenario scenario = ScenarioFileTestAccess.parse("""
                name: failover-short
                server: cluster
                nodes: 2
                profiles: [lan]
                watcher: false
                thinkMillis: 50
                workload:
                  - step: create-event
                    title: Before
                  - step: kill-node
                  - step: create-event
                    title: After
                  - step: restart-node
                """);
        RunResult run = new ScenarioRunner(scenario, directory.resolve("work"), ScenarioRunnerTest.QUIET).run();

        assertThat(run.failures()).isEmpty();
        assertThat(run.faults()).extracting(f -> f.path() + " " + f.fault())
                .containsExactly("thin kill-node", "thin restart-node", "rich kill-node", "rich restart-node");
        assertThat(run.faults().get(1).broken()).matches("none \\(node[12] restarted\\)");
        var kills = run.faults().stream().filter(f -> f.fault().equals("kill-node")).toList();
        for (FaultOutcome f : kills) {
            assertThat(f.broken()).matches("node[12]");
            assertThat(f.backToWorkMillis()).as("%s back to work", f.path()).isPositive();
            assertThat(f.acknowledgedFound()).isEqualTo(f.acknowledgedTotal()).isEqualTo(1);
            assertThat(f.appliedTwice()).isZero();
            assertThat(f.recoveryBytesDown()).as("a reconnection crossed the link").isPositive();
        }
        assertThat(kills.get(0).lost()).startsWith("its session");
        assertThat(kills.get(1).lost()).isEqualTo("nothing");
        assertThat(run.recorder().samples()).filteredOn(s -> s.step().equals("create-event")).hasSize(4)
                .allSatisfy(s -> assertThat(s.commitMillis()).as("%s commit heard from the database", s.path()).isPositive());

        Path html = HtmlReport.write(run, directory);
        ReportFiles.writeJson(run, directory);
        assertThat(Files.readString(html)).contains("Failures and recovery", "kill-node", "its session");
        assertThat(Files.readString(directory.resolve("report.json"))).contains("\"faults\"", "\"backToWorkMillis\"");
    }
}
