package org.thinrich.scenarios.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.rich.engine.RichEngine;
import org.thinrich.rich.engine.SyncState;
import org.thinrich.scenarios.drive.UserApi;
import org.thinrich.thin.engine.ConnectionState;
import org.thinrich.thin.engine.ThinEngine;
import org.thinrich.thin.engine.ThinListener;

/**
 * The three tiers as `workbench cluster` starts them (embedded PostgreSQL, two calendar servers,
 * HAProxy with the generated configuration), both clients through the switch, and the node
 * serving each client killed with SIGKILL: the stateless rich path comes back on the other node
 * and loses nothing; the stateful thin session is gone and the client gets a new one elsewhere.
 */
class ClusterFailoverTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    @TempDir
    static Path directory;
    static Cluster cluster;

    @BeforeAll
    static void start() throws Exception {
        // CI installs HAProxy (.ci/run) and says so; elsewhere a machine without it skips these tests.
        if (System.getenv("THINRICH_REQUIRE_HAPROXY") == null) {
            Assumptions.assumeTrue(Haproxy.installed(), "HAProxy is not installed (apt-get install haproxy)");
        }
        cluster = Cluster.start(new Cluster.Plan(2, "127.0.0.1", 0, directory.resolve("cluster"), null,
                List.of("--demo", "--thin-sessions", "in-process")), System.out::println);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.close();
    }

    @Test
    void theGeneratedConfigurationBalancesApiCallsOverTheNodes() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        java.util.Set<String> nodes = new java.util.TreeSet<>();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(cluster.uri().resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).isEqualTo(200);
            reply.headers().firstValue("Calendar-Node").ifPresent(nodes::add);
        }
        assertThat(nodes).as("nodes that answered through the switch").containsExactly("node1", "node2");
    }

    @Test
    void aRichClientWhoseNodeIsKilledComesBackOnTheOtherAndLosesNothing() throws Exception {
        try (RichEngine alice = RichEngine.open(cluster.uri(), "alice", "alice-demo", directory.resolve("replica-alice"), Clock.systemUTC())) {
            alice.goOnline();
            assertThat(alice.awaitSynced(Duration.ofSeconds(30))).isTrue();
            String calendarId = alice.calendar().calendars().get(0).id();
            ZonedDateTime at = ZonedDateTime.of(2026, 12, 7, 8, 0, 0, 0, ZONE);
            List<String> titles = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                titles.add("Before the failure " + i);
                alice.calendar().create(CalendarEvent.timed(calendarId, titles.get(i), at.plusHours(i), at.plusHours(i).plusMinutes(30)));
            }
            assertThat(alice.awaitSynced(Duration.ofSeconds(30))).as("the first edits acknowledged").isTrue();
            Cluster.Node serving = cluster.node(alice.servedBy()).orElseThrow();

            cluster.kill(serving);
            long killed = System.nanoTime();
            for (int i = 5; i < 10; i++) { // made while the client has no server
                titles.add("During the failure " + i);
                alice.calendar().create(CalendarEvent.timed(calendarId, titles.get(i), at.plusHours(i), at.plusHours(i).plusMinutes(30)));
            }
            assertThat(alice.awaitSynced(Duration.ofSeconds(30))).as("synced again through the switch").isTrue();
            double backMs = (System.nanoTime() - killed) / 1e6;
            System.out.printf("Rich client: online and in step on %s %.0f ms after %s was killed%n", alice.servedBy(), backMs, serving.name());
            assertThat(alice.state()).isEqualTo(SyncState.ONLINE);
            assertThat(alice.servedBy()).isNotEqualTo(serving.name());

            Map<String, Long> stored = eventsOnServer("alice", "alice-demo").stream()
                    .collect(Collectors.groupingBy(CalendarEvent::title, Collectors.counting()));
            for (String title : titles) assertThat(stored.get(title)).as("'%s' stored once", title).isEqualTo(1L);
        } finally {
            restartKilled();
        }
    }

    @Test
    void aThinClientWhoseNodeIsKilledGetsANewSessionOnTheOther() throws Exception {
        ThinEngine bob = new ThinEngine(cluster.uri(), new ThinListener() {
        });
        try {
            bob.connect("bob", "bob-demo", 1024, 700);
            String firstSession = bob.sessionId();
            Cluster.Node serving = cluster.node(bob.servedBy()).orElseThrow();

            cluster.kill(serving);
            long killed = System.nanoTime();
            long deadline = killed + TimeUnit.SECONDS.toNanos(60);
            while ((bob.state() != ConnectionState.CONNECTED || bob.sessionId().equals(firstSession)) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            double backMs = (System.nanoTime() - killed) / 1e6;
            System.out.printf("Thin client: a new session on %s %.0f ms after %s was killed%n", bob.servedBy(), backMs, serving.name());
            assertThat(bob.state()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(bob.sessionId()).as("the old session died with its node").isNotEqualTo(firstSession);
            assertThat(bob.servedBy()).isNotEqualTo(serving.name());
            int input = bob.click(10, 10);
            assertThat(bob.awaitReflected(input, Duration.ofSeconds(20))).as("the new session answers input").isTrue();

            // The killed node returns; the client's affinity stays with the node that has its session now.
            String secondSession = bob.sessionId();
            String secondNode = bob.servedBy();
            restartKilled();
            bob.dropConnection();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Thread.sleep(100);
            while (bob.state() != ConnectionState.CONNECTED && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(bob.servedBy()).as("resumed where the session is").isEqualTo(secondNode);
            assertThat(bob.sessionId()).isEqualTo(secondSession);
        } finally {
            bob.close();
            restartKilled();
        }
    }

    private static List<CalendarEvent> eventsOnServer(String user, String password) throws Exception {
        UserApi api = UserApi.login(cluster.uri(), user, password);
        List<CalendarEvent> all = new ArrayList<>();
        for (var calendar : api.calendars()) {
            all.addAll(api.events(calendar.id(), java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.Instant.parse("2027-12-31T00:00:00Z")));
        }
        return all;
    }

    private static void restartKilled() throws Exception {
        for (Cluster.Node node : cluster.nodes()) if (!node.running()) cluster.restart(node);
    }
}
