package org.thinrich.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.scenarios.record.Recorder;
import org.thinrich.scenarios.record.Sample;
import org.thinrich.scenarios.report.HtmlReport;
import org.thinrich.scenarios.report.ReportFiles;
import org.thinrich.scenarios.scenario.Scenario;
import org.thinrich.scenarios.scenario.ScenarioFileTestAccess;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;
import org.thinrich.server.display.dispatch.HostingMode;

/** Both clients through an emulated 100 ms link against the embedded server, and a run whose server cannot be reached. */
class ScenarioRunnerTest {
    @TempDir
    Path directory;

    static final ScenarioRunner.Progress QUIET = new ScenarioRunner.Progress() {
        @Override
        public void started(long totalSteps) {
        }

        @Override
        public void stepDone(String what) {
        }
    };

    @Test
    void theThinClientWaitsAtLeastARoundTripAndTheRichClientDoesNot() throws Exception {
        Scenario scenario = ScenarioFileTestAccess.parse("""
                name: hundred
                profiles: [wan100]
                customProfiles:
                  - {name: wan100, rttMillis: 100, downKbps: 50000, upKbps: 50000}
                thinkMillis: 50
                warmup: 1
                workload:
                  - step: next-week
                  - step: previous-week
                  - step: move-event
                """);
        RunResult run = new ScenarioRunner(scenario, directory.resolve("work"), QUIET).run();
        assertThat(run.failures()).isEmpty();
        assertThat(run.linkChecks()).singleElement().satisfies(c -> assertThat(c.rttOk()).as(c.toString()).isTrue());
        List<Sample> all = run.recorder().samples();
        assertThat(all).as("the warm-up pass is not recorded; each client's connecting is").hasSize(8);
        List<Sample> connects = all.stream().filter(s -> s.step().equals("connect")).toList();
        assertThat(connects).extracting(Sample::path).containsExactly("thin", "rich");
        assertThat(connects.get(0).tcpDown()).as("the thin client's first full frame").isGreaterThan(10_000);
        assertThat(connects.get(1).tcpDown()).as("the rich client's login and first sync").isGreaterThan(1_000);
        List<Sample> samples = all.stream().filter(s -> !s.step().equals("connect")).toList();
        for (Sample s : samples) {
            if (s.path().equals("thin")) {
                assertThat(s.responseMillis()).as("thin %s", s.step()).isGreaterThanOrEqualTo(100);
                assertThat(s.payloadDown()).as("thin %s brings pixels", s.step()).isGreaterThan(1000);
                assertThat(s.tcpDown()).isGreaterThanOrEqualTo(s.payloadDown());
            } else {
                assertThat(s.responseMillis()).as("rich %s answers locally", s.step()).isLessThan(50);
            }
        }
        Sample richMove = samples.stream().filter(s -> s.path().equals("rich") && s.step().equals("move-event")).findFirst().orElseThrow();
        assertThat(richMove.commitMillis()).as("the ack takes a round trip").isGreaterThanOrEqualTo(100);
        assertThat(richMove.propagationMillis()).as("the watcher hears of it later").isGreaterThanOrEqualTo(richMove.commitMillis());
        assertThat(richMove.payloadUp()).isLessThan(100);

        ReportFiles.writeCsv(run, directory);
        ReportFiles.writeJson(run, directory);
        HtmlReport.write(run, directory);
        assertThat(Files.readAllLines(directory.resolve("samples.csv"))).hasSize(9);
        assertThat(Files.readString(directory.resolve("report.html"))).contains("data:image/png;base64").doesNotContain("could not be drawn")
                .contains("Where the server's time goes for a thin input");
        // The thin steps changed the picture, so the embedded server measured its stages for them.
        assertThat(run.thinServerStages()).containsKeys("handle", "render", "encode");
        assertThat(run.thinServerStages().get("encode")).isPositive();
        String json = Files.readString(directory.resolve("report.json"));
        assertThat(json).contains("\"thinServerStagesP50Millis\"").as("the password stays out of the report").doesNotContain("alice-demo")
                .doesNotContain("-1.0").contains("\"commitMillis\" : null");
        assertThat(Files.readAllLines(directory.resolve("samples.csv")).get(1)).as("a connection's latencies do not apply").contains(",,,");
    }

    /**
     * A CalDAV client beside the rich client: views from its copy, edits by PUT and DELETE (its
     * commit the server's answer), and another copy of the program hears of an edit at its next
     * poll, so its propagation is at least the time to that poll; the idle step holds its polls.
     */
    @Test
    void aCaldavClientPollsAndTheReportPutsItBesideTheRichClient() throws Exception {
        Scenario scenario = ScenarioFileTestAccess.parse("""
                name: caldav
                profiles: [wan50]
                customProfiles:
                  - {name: wan50, rttMillis: 50, downKbps: 50000, upKbps: 50000}
                clients: [rich, caldav-1s]
                thinkMillis: 50
                workload:
                  - step: next-week
                  - step: create-event
                    title: Made over CalDAV
                  - step: move-event
                  - step: delete-event
                  - step: idle
                    seconds: 3
                """);
        RunResult run = new ScenarioRunner(scenario, directory.resolve("work"), QUIET).run();
        assertThat(run.failures()).isEmpty();
        List<Sample> caldav = run.recorder().samples().stream().filter(s -> s.path().equals("caldav-1s")).toList();
        assertThat(caldav).extracting(Sample::step).containsExactly("connect", "next-week", "create-event", "move-event", "delete-event", "idle 3 s");
        assertThat(caldav.get(0).tcpDown()).as("discovery and the first sync").isPositive();
        for (Sample s : caldav.subList(1, caldav.size())) {
            if (s.step().startsWith("idle")) {
                assertThat(s.tcpDown()).as("polls while idle").isPositive();
                continue;
            }
            assertThat(s.responseMillis()).as("caldav %s shows from its copy", s.step()).isLessThan(50);
            if (s.step().equals("next-week")) {
                assertThat(s.tcpDown() + s.tcpUp()).as("a view costs nothing on the wire").isZero();
            } else {
                assertThat(s.commitMillis()).as("%s: the PUT or DELETE takes a round trip", s.step()).isGreaterThanOrEqualTo(50);
                assertThat(s.propagationMillis()).as("%s: heard at the other copy's next poll", s.step()).isGreaterThanOrEqualTo(s.commitMillis());
                assertThat(s.tcpUp()).as("%s sends a request", s.step()).isPositive();
            }
        }
        HtmlReport.write(run, directory);
        assertThat(Files.readString(directory.resolve("report.html"))).contains("<td>caldav-1s</td>")
                .as("3 s of idling say little per minute").doesNotContain("Idle cost")
                .as("one poll interval draws no line against it").doesNotContain("against the CalDAV poll interval")
                .doesNotContain("could not be drawn");
    }

    /**
     * A VNC viewer beside the thin client, on the same server and link: each step's controls are
     * found in its own session, its edits are stored, it waits at least a round trip, and Tight
     * costs more bytes than the thin path's protocol for a week not seen before.
     */
    @Test
    void aVncViewerIsDrivenThroughTheSameStepsAsTheThinClient() throws Exception {
        Scenario scenario = ScenarioFileTestAccess.parse("""
                name: vnc
                profiles: [wan50]
                customProfiles:
                  - {name: wan50, rttMillis: 50, downKbps: 50000, upKbps: 50000}
                clients: [thin, vnc-tight]
                thinkMillis: 50
                workload:
                  - step: next-week
                  - step: previous-week
                  - step: create-event
                    title: Made over VNC
                  - step: move-event
                """);
        RunResult run = new ScenarioRunner(scenario, directory.resolve("work"), QUIET).run();
        assertThat(run.failures()).isEmpty();
        List<Sample> vnc = run.recorder().samples().stream().filter(s -> s.path().equals("vnc-tight")).toList();
        assertThat(vnc).extracting(Sample::step).containsExactly("connect", "next-week", "previous-week", "create-event", "move-event");
        assertThat(vnc.get(0).tcpDown()).as("login and the first full frame").isGreaterThan(30_000);
        vnc = vnc.subList(1, vnc.size());
        for (Sample s : vnc) {
            assertThat(s.responseMillis()).as("vnc %s takes a round trip", s.step()).isGreaterThanOrEqualTo(50);
            assertThat(s.tcpDown()).as("vnc %s brings pixels", s.step()).isPositive();
        }
        assertThat(vnc.get(2).commitMillis()).as("the created event's title stored").isPositive();
        assertThat(vnc.get(3).propagationMillis()).as("another viewer, showing the same week, sees the move").isPositive();
        Sample thinWeek = run.recorder().samples().stream().filter(s -> s.path().equals("thin") && s.step().equals("next-week")).findFirst().orElseThrow();
        assertThat(vnc.get(0).tcpDown()).as("Tight against the thin path's week").isGreaterThan(thinWeek.tcpDown());
        HtmlReport.write(run, directory);
        assertThat(Files.readString(directory.resolve("report.html"))).contains("vnc-tight").doesNotContain("could not be drawn")
                .contains("Thin against vnc-tight (bytes down per step, TCP)");
    }

    /**
     * A server given by URL, whose thin sessions run in a pool of session hosts: the thin steps find
     * their controls through the server's screen maps, and edits made in a hosted session are
     * stored in the server's database.
     */
    @Test
    void bothClientsAreDrivenAgainstAServerGivenByUrlWithHostedSessions() throws Exception {
        try (AppServer server = AppServer.start(ServerConfig.defaults(directory.resolve("server")).withPort(0).withDemo(true)
                .withPasswordIterations(1_000).withThinSessions(HostingMode.pool(1, 4)))) {
            Scenario scenario = ScenarioFileTestAccess.parse("""
                    name: by-url
                    server: %s
                    profiles: [lan]
                    thinkMillis: 50
                    workload:
                      - step: next-week
                      - step: move-event
                      - step: create-event
                        title: Made in a host
                      - step: delete-event
                    """.formatted(server.uri()));
            RunResult run = new ScenarioRunner(scenario, directory.resolve("work"), QUIET).run();
            assertThat(run.failures()).isEmpty();
            List<Sample> thin = run.recorder().samples().stream().filter(s -> s.path().equals("thin")).toList();
            assertThat(thin).extracting(Sample::step).containsExactly("connect", "next-week", "move-event", "create-event", "delete-event");
            assertThat(thin.subList(1, thin.size())).allSatisfy(s -> assertThat(s.payloadDown()).as("thin %s brings pixels", s.step()).isPositive());
            assertThat(server.hosts().sessionCount()).as("the thin session ran in a host").isPositive();
            // The events the thin client (in its host, titled in its editor) and the rich client made were
            // stored with their title, then deleted, in the server's database.
            assertThat(server.store().changesSince("alice", 0, 100_000)).filteredOn(e -> e.title().equals("Made in a host"))
                    .hasSize(2).allSatisfy(e -> assertThat(e.deleted()).isTrue());
        }
    }

    @Test
    void anUnreachableServerEndsWithAReportMarkedIncomplete() throws Exception {
        Scenario scenario = ScenarioFileTestAccess.parse("""
                name: nowhere
                server: http://127.0.0.1:9
                profiles: [lan]
                clients: [rich, thin]
                workload:
                  - step: move-event
                """);
        RunResult run = new ScenarioRunner(scenario, directory.resolve("work"), QUIET).run();
        assertThat(run.complete()).isFalse();
        assertThat(run.failures()).containsExactly("Cannot reach the server at http://127.0.0.1:9; check the address and that "
                + "the server runs, or use server: embedded.");
        ReportFiles.writeCsv(run, directory);
        ReportFiles.writeJson(run, directory);
        HtmlReport.write(run, directory);
        assertThat(Files.readString(directory.resolve("report.json"))).contains("\"complete\" : false");
        assertThat(Files.readString(directory.resolve("report.html"))).contains("INCOMPLETE");
        assertThat(new Recorder().summaries()).isEmpty();
    }
}
