package org.thinrich.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.calendar.core.CalendarChange;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.server.store.Database;
import org.thinrich.server.store.OperationKey;
import org.thinrich.server.store.StoreBackend;
import org.thinrich.server.store.SyncOutcome;

/**
 * Two servers on one PostgreSQL database, as the nodes of a cluster run: what one stores reaches
 * the other's listeners (its sync connections and thin sessions), a login on one is good on the
 * other, and an operation retried through the other node is applied once.
 */
class ClusterTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    @TempDir
    static Path directory;
    static AppServer nodeA;
    static AppServer nodeB;

    @BeforeAll
    static void start() {
        Database.Address database = StoreBackend.POSTGRESQL.newAddress();
        ServerConfig config = ServerConfig.defaults(directory).withPort(0).withPasswordIterations(1_000).withZone(ZONE)
                .withDatabase(database);
        nodeA = AppServer.start(config.withDemo(true));
        nodeB = AppServer.start(config);
    }

    @AfterAll
    static void stop() {
        nodeB.close();
        nodeA.close();
    }

    @Test
    void anEditThroughOneNodeReachesListenersOfTheOther() throws Exception {
        ConcurrentHashMap<String, Long> heardAt = new ConcurrentHashMap<>();
        ApiClient alice = new ApiClient(nodeA.uri()).login("alice", "alice-demo");
        List<Long> delaysMicros = new ArrayList<>();
        try (AutoCloseable ignored = nodeB.store().subscribe("alice", change -> heardAt.putIfAbsent(change.event().title(), System.nanoTime()))) {
            for (int i = 0; i < 40; i++) {
                String title = "Across nodes " + i;
                long sent = System.nanoTime();
                var reply = alice.send("POST", "/api/calendars/alice-work/events",
                        "{\"title\":\"" + title + "\",\"start\":\"2026-12-01T10:00:00Z\",\"end\":\"2026-12-01T11:00:00Z\"}");
                assertThat(reply.status()).isEqualTo(201);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!heardAt.containsKey(title) && System.nanoTime() < deadline) Thread.sleep(1);
                assertThat(heardAt).as("node B heard '%s'", title).containsKey(title);
                delaysMicros.add((heardAt.get(title) - sent) / 1_000);
            }
        }
        delaysMicros.sort(null);
        System.out.printf("Edit on node A to a listener on node B (HTTP request included): p50 %.1f ms, max %.1f ms over %d edits%n",
                delaysMicros.get(delaysMicros.size() / 2) / 1000.0, delaysMicros.get(delaysMicros.size() - 1) / 1000.0, delaysMicros.size());
    }

    @Test
    void aListenerOfNodeBHearsEveryChangeOnceAndInOrder() throws Exception {
        List<CalendarChange> heard = java.util.Collections.synchronizedList(new ArrayList<>());
        ZonedDateTime nine = ZonedDateTime.of(2026, 12, 2, 9, 0, 0, 0, ZONE);
        try (AutoCloseable ignored = nodeB.store().subscribe("bob", heard::add)) {
            CalendarEvent event = nodeA.store().create("bob", CalendarEvent.timed("bob-work", "Moved about", nine, nine.plusHours(1)));
            for (int i = 1; i <= 20; i++) {
                nodeA.store().update("bob", event.id(), org.thinrich.calendar.core.EventPatch.times(nine.plusMinutes(i), nine.plusMinutes(60 + i), false));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (heard.size() < 21 && System.nanoTime() < deadline) Thread.sleep(5);
        }
        assertThat(heard).extracting(c -> c.event().version()).isSorted().doesNotHaveDuplicates();
        assertThat(heard.get(heard.size() - 1).event().start()).isEqualTo(nine.plusMinutes(20));
    }

    @Test
    void aTokenIssuedByOneNodeIsGoodOnTheOther() {
        ApiClient onA = new ApiClient(nodeA.uri()).login("bob", "bob-demo");
        ApiClient onB = onA.at(nodeB.uri());
        assertThat(onB.get("/api/calendars").status()).isEqualTo(200);
        assertThat(new ApiClient(nodeB.uri()).get("/api/calendars").status()).as("without a token").isEqualTo(401);
    }

    @Test
    void anOperationRetriedThroughTheOtherNodeIsAppliedOnce() {
        ZonedDateTime ten = ZonedDateTime.of(2026, 12, 3, 10, 0, 0, 0, ZONE);
        OperationKey key = new OperationKey(UUID.randomUUID(), 1);
        CalendarEvent event = CalendarEvent.timed("alice-work", "Pushed twice", ten, ten.plusHours(1));
        int before = nodeA.store().eventCount("alice");

        SyncOutcome first = nodeA.store().createOnce("alice", key, event);
        SyncOutcome retried = nodeB.store().createOnce("alice", key, event); // the client failed over before the result came

        assertThat(first).isInstanceOf(SyncOutcome.Applied.class);
        assertThat(retried).isEqualTo(first);
        assertThat(nodeB.store().eventCount("alice")).isEqualTo(before + 1);
    }
}
