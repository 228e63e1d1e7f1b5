package org.thinrich.scenarios.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.scenarios.report.LoadReport;
import org.thinrich.scenarios.scenario.Scenario;
import org.thinrich.scenarios.scenario.ScenarioFileTestAccess;

/** A short capacity ramp, both clients, thin sessions in a pool of hosts: the steps are measured and the capacity chart is written. */
class LoadRunnerTest {
    @TempDir
    Path directory;

    @Test
    void aSmallRampMeasuresEachStepAndWritesTheCapacityReport() throws Exception {
        Scenario scenario = ScenarioFileTestAccess.parse("""
                name: small-ramp
                profiles: [lan]
                workload:
                  - step: next-week
                  - step: previous-week
                  - step: move-event
                load:
                  users: [1, 2]
                  thinkMillis: 500
                  stepSeconds: 4
                  thresholdMillis: 5000
                  clients: [thin, rich]
                  thinSessions: [pool:1:2]
                  maxMinutes: 5
                """);
        LoadResult run = new LoadRunner(scenario, directory.resolve("work"), line -> { }).run();

        assertThat(run.failures()).isEmpty();
        assertThat(run.rows()).extracting(r -> r.client() + " " + r.users()).containsExactly("thin 1", "thin 2", "rich 1", "rich 2");
        for (LoadResult.Row row : run.rows()) {
            assertThat(row.actions()).as("%s %d users acted", row.client(), row.users()).isPositive();
            assertThat(row.errors()).isZero();
            assertThat(row.responseP95()).isPositive();
            assertThat(row.serverCores()).as("the server's CPU is read").isPositive();
            assertThat(row.residentMb()).isPositive();
            assertThat(row.bytesPerUserMinute()).isPositive();
        }
        assertThat(run.rows().get(0).processes()).as("the server and its session host").isEqualTo(2);
        assertThat(run.rows().get(2).commitP50()).as("the rich client's moves were acknowledged").isPositive();
        assertThat(run.rows()).allSatisfy(r -> assertThat(r.editP50()).as("moves are measured apart").isPositive());
        List<LoadResult.Capacity> capacity = run.capacities();
        assertThat(capacity).extracting(LoadResult.Capacity::users).containsExactly(2, 2);

        Path html = LoadReport.write(run, directory);
        assertThat(Files.readString(html)).contains("data:image/png;base64").contains("Response p95 against concurrent users")
                .doesNotContain("could not be drawn");
        assertThat(Files.readAllLines(directory.resolve("load.csv"))).hasSize(5);
        // run --json of a capacity run: the capacities and steps, with null (never -1) for what was not recorded
        var summary = LoadReport.summary(run, directory);
        assertThat(summary.get("complete").asBoolean()).isTrue();
        assertThat(summary.get("capacity")).hasSize(2);
        assertThat(summary.get("steps")).hasSize(run.rows().size());
        assertThat(summary.toString()).doesNotContain(":-1,").doesNotContain(":-1.0");
    }

    /** Rich users at the sync protocol: their steps are judged by the commit p95 of their edits, and the report says so. */
    @Test
    void protocolOnlyRichUsersAreJudgedByTheirCommits() throws Exception {
        Scenario scenario = ScenarioFileTestAccess.parse("""
                name: rich-protocol-ramp
                profiles: [lan]
                workload:
                  - step: next-week
                  - step: move-event
                load:
                  users: [2, 6]
                  thinkMillis: 300
                  stepSeconds: 3
                  thresholdMillis: 5000
                  clients: [rich-protocol]
                  maxMinutes: 3
                """);
        LoadResult run = new LoadRunner(scenario, directory.resolve("work"), line -> { }).run();

        assertThat(run.failures()).isEmpty();
        assertThat(run.rows()).extracting(LoadResult.Row::users).containsExactly(2, 6);
        for (LoadResult.Row row : run.rows()) {
            assertThat(row.errors()).isZero();
            assertThat(row.responseP95()).as("views cross no wire").isEqualTo(-1);
            assertThat(row.commitP95()).as("moves were acknowledged").isPositive();
            assertThat(row.servedP95()).isEqualTo(row.commitP95());
            assertThat(row.bytesPerUserMinute()).as("pings, pushes and pulls").isPositive();
        }
        assertThat(run.capacities()).singleElement().extracting(LoadResult.Capacity::users).isEqualTo(6);
        assertThat(Files.readString(LoadReport.write(run, directory))).contains("rich, sync protocol only")
                .contains("commit p95 for the sync protocol alone");
    }
}
