package org.thinrich.rich.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.server.DemoData;
import org.thinrich.server.ServerProcess;

/**
 * The server, in its own JVM, is killed with SIGKILL while it applies a large push of edits made
 * offline, and started again on the same port and data. The client retries what it had in flight;
 * each edit ends up stored exactly once and the replica equals the server.
 */
class ServerKilledMidSyncTest {
    static final int EDITS = 200;

    @TempDir
    Path serverData;
    @TempDir
    Path clientData;

    @Test
    void editsInFlightWhenTheServerDiesAreStoredOnceAfterItComesBack() throws Exception {
        ServerProcess server = ServerProcess.start(serverData, "--demo");
        int port = server.uri().getPort();
        try (RichEngine alice = RichEngine.open(server.uri(), "alice", DemoData.passwordOf("alice"), clientData.resolve("a"), Clock.systemUTC())) {
            alice.goOnline();
            assertThat(alice.awaitSynced(Duration.ofSeconds(30))).isTrue();
            alice.goOffline();
            String calendar = alice.calendar().calendars().get(0).id();
            ZonedDateTime at = ZonedDateTime.of(2026, 12, 7, 8, 0, 0, 0, ZoneId.of("Europe/Berlin"));
            for (int i = 0; i < EDITS; i++) {
                alice.calendar().create(CalendarEvent.timed(calendar, "Offline " + i, at.plusMinutes(15L * i), at.plusMinutes(15L * i + 15)));
            }
            long upBefore = alice.metrics().bytesUp();
            alice.goOnline();
            // Kill once the push is on its way, while the server works through its operations.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (alice.metrics().bytesUp() - upBefore < 5_000 && System.nanoTime() < deadline) Thread.sleep(1);
            Thread.sleep(40);
            server.kill();
            int pendingAtKill = alice.pendingOperations();

            alice.goOffline(); // until we have looked at what the server kept
            server = ServerProcess.startOnPort(serverData, port);
            try (RichEngine before = RichEngine.open(server.uri(), "alice", DemoData.passwordOf("alice"), clientData.resolve("before"), Clock.systemUTC())) {
                before.goOnline();
                assertThat(before.awaitSynced(Duration.ofSeconds(30))).isTrue();
                long kept = all(before).stream().filter(e -> e.title().startsWith("Offline ")).count();
                System.out.printf("Server killed mid-sync: %d of %d edits stored before the kill, %d unacknowledged at the client%n",
                        kept, EDITS, pendingAtKill);
                assertThat(kept).as("the kill came before the whole push was stored").isLessThan(EDITS);
            }
            alice.goOnline();
            assertThat(alice.awaitSynced(Duration.ofSeconds(60))).as("synced after the restart").isTrue();
            assertThat(alice.pendingOperations()).isZero();
            assertThat(alice.conflicts()).isEmpty();
            assertThat(pendingAtKill).as("edits still unacknowledged when the server died").isPositive();

            // What the server has, seen through a fresh replica.
            try (RichEngine check = RichEngine.open(server.uri(), "alice", DemoData.passwordOf("alice"), clientData.resolve("check"), Clock.systemUTC())) {
                check.goOnline();
                assertThat(check.awaitSynced(Duration.ofSeconds(30))).isTrue();
                List<CalendarEvent> onServer = all(check);
                Map<String, Long> copies = onServer.stream().filter(e -> e.title().startsWith("Offline "))
                        .collect(Collectors.groupingBy(CalendarEvent::title, Collectors.counting()));
                assertThat(copies).hasSize(EDITS).allSatisfy((title, n) -> assertThat(n).as(title).isEqualTo(1));
                Map<String, CalendarEvent> byId = onServer.stream().collect(Collectors.toMap(CalendarEvent::id, Function.identity()));
                List<CalendarEvent> mine = all(alice);
                assertThat(mine).hasSameSizeAs(onServer);
                assertThat(mine).allSatisfy(e -> assertThat(e.sameContent(byId.get(e.id()))).isTrue());
            }
        } finally {
            server.close();
        }
    }

    static List<CalendarEvent> all(RichEngine engine) {
        return engine.calendar().events(Instant.EPOCH, Instant.parse("3000-01-01T00:00:00Z"));
    }
}
