package org.thinrich.rich.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;
import org.thinrich.server.store.Database;
import org.thinrich.testing.TestPostgres;

/**
 * A record the sync protocol cannot carry (times in year 0, stored before the store refused them,
 * or by hand) does not stop a client from receiving every other change: the live one is left out,
 * the tombstone goes with its times replaced.
 */
class UnsendableRecordTest {
    @TempDir
    Path directory;

    @Test
    void aRecordOutsideTheYearsOneTo9999DoesNotStopSync() throws Exception {
        TestPostgres.Database db = TestPostgres.newDatabase();
        try (AppServer server = AppServer.start(ServerConfig.defaults(directory.resolve("server")).withPort(0).withDemo(true)
                .withPasswordIterations(1_000).withDatabase(new Database.Address(db.url(), db.user(), db.password())))) {
            long yearZero = OffsetDateTime.of(0, 6, 1, 10, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();
            try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
                for (String[] row : new String[][] {{"ancient-live", "false"}, {"ancient-gone", "true"}}) {
                    long version;
                    try (var s = c.createStatement(); var r = s.executeQuery("SELECT nextval('change_version')")) {
                        r.next();
                        version = r.getLong(1);
                    }
                    try (var s = c.prepareStatement("INSERT INTO events (owner, id, calendar_id, title, location, notes, start_ms, end_ms, zone, "
                            + "all_day, recurrence, version, last_modified, deleted) VALUES ('alice', ?, 'alice-work', 'Ancient', '', '', ?, ?, "
                            + "'UTC', false, NULL, ?, ?, ?)")) {
                        s.setString(1, row[0]);
                        s.setLong(2, yearZero);
                        s.setLong(3, yearZero + 3_600_000);
                        s.setLong(4, version);
                        s.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
                        s.setBoolean(6, Boolean.parseBoolean(row[1]));
                        s.executeUpdate();
                    }
                    try (var s = c.prepareStatement("INSERT INTO change_log (version, owner, event_id, kind, changed_at, user_seq) VALUES "
                            + "(?, 'alice', ?, ?, ?, (SELECT MAX(user_seq) + 1 FROM change_log WHERE owner = 'alice'))")) {
                        s.setLong(1, version);
                        s.setString(2, row[0]);
                        s.setString(3, Boolean.parseBoolean(row[1]) ? "DELETED" : "CREATED");
                        s.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
                        s.executeUpdate();
                    }
                }
            }
            int sound = (int) server.store().changesSince("alice", 0, 100_000).stream().filter(e -> !e.deleted())
                    .filter(e -> !e.id().startsWith("ancient")).count();

            try (RichEngine alice = RichEngine.open(server.uri(), "alice", "alice-demo", directory.resolve("replica"), Clock.systemUTC())) {
                alice.goOnline();
                assertThat(alice.awaitSynced(Duration.ofSeconds(30))).as("in step despite the record").isTrue();
                assertThat(alice.state()).isEqualTo(SyncState.ONLINE);
                var held = alice.calendar().events(Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("9999-01-01T00:00:00Z"));
                assertThat(held).hasSize(sound).noneMatch(e -> e.id().startsWith("ancient"));
            }
        }
    }
}
