package org.thinrich.rich.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;
import org.thinrich.server.store.Database;
import org.thinrich.testing.TestPostgres;

/**
 * Replication transparency without a load balancer: a rich client given two servers of one
 * calendar (two servers on one PostgreSQL database) goes on with the second when the first dies,
 * and every edit, made before or while it was offline, is stored once.
 */
class RichServersFailoverTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    @TempDir
    Path directory;

    @Test
    void theClientMovesToTheNextServerWhenItsServerDies() throws Exception {
        TestPostgres.Database db = TestPostgres.newDatabase();
        ServerConfig config = ServerConfig.defaults(directory.resolve("server")).withPort(0).withPasswordIterations(1_000).withZone(ZONE)
                .withDatabase(new Database.Address(db.url(), db.user(), db.password()));
        AppServer first = AppServer.start(config.withDemo(true).withNodeName("first"));
        try (AppServer second = AppServer.start(config.withNodeName("second"));
             RichEngine alice = RichEngine.open(List.of(first.uri(), second.uri()), "alice", "alice-demo", directory.resolve("replica"),
                     Clock.systemUTC())) {
            alice.goOnline();
            assertThat(alice.awaitSynced(Duration.ofSeconds(30))).isTrue();
            assertThat(alice.servedBy()).isEqualTo("first");
            String calendar = alice.calendar().calendars().get(0).id();
            ZonedDateTime at = ZonedDateTime.of(2026, 12, 14, 9, 0, 0, 0, ZONE);
            List<String> ids = new ArrayList<>();
            ids.add(alice.calendar().create(CalendarEvent.timed(calendar, "Before", at, at.plusHours(1))).id());
            assertThat(alice.awaitSynced(Duration.ofSeconds(30))).isTrue();

            first.close(); // its sockets close: the client is offline for a moment
            for (int i = 1; i <= 3; i++) {
                ids.add(alice.calendar().create(CalendarEvent.timed(calendar, "Meanwhile " + i, at.plusHours(i), at.plusHours(i + 1))).id());
            }
            assertThat(alice.awaitSynced(Duration.ofSeconds(30))).as("in step again, through the second server").isTrue();
            assertThat(alice.servedBy()).isEqualTo("second");
            assertThat(alice.server()).isEqualTo(second.uri());
            for (String id : ids) assertThat(second.store().event("alice", id)).as("event %s stored", id).isPresent();
            assertThat(second.store().search("alice", "Meanwhile", 100)).hasSize(3);
        } finally {
            first.close();
        }
    }
}
