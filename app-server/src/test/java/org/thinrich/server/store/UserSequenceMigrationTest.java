package org.thinrich.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.thinrich.calendar.core.CalendarEvent;

/**
 * A store written before changes were numbered per user (schema 4) gets the numbers on upgrade:
 * each user's changes 1, 2, 3, ... in version order, and a new store id, so that every replica's
 * token of server-wide versions starts over instead of being read as its user's numbers.
 */
class UserSequenceMigrationTest {
    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void changesOfEachUserAreNumberedInVersionOrderAndTheStoreIdChanges(StoreBackend backend) throws Exception {
        Database.Address address = backend.newAddress();
        String url = address == null ? "jdbc:h2:file:" + directory.toAbsolutePath().resolve("calendar") : address.url();
        String user = address == null ? "thinrich" : address.user();
        String password = address == null ? "" : address.password();
        Database.Kind kind = address == null ? Database.Kind.H2 : Database.Kind.POSTGRESQL;
        Flyway.configure().dataSource(url, user, password).locations(kind.migrations()).target("4").load().migrate();
        long oldStoreId;
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            try (var s = c.createStatement()) {
                String bytes = kind == Database.Kind.H2 ? "X'00'" : "decode('00', 'hex')";
                for (String name : new String[] {"alice", "bob"}) {
                    s.executeUpdate("INSERT INTO users (name, password_salt, password_hash, iterations, created_at) VALUES ('" + name
                            + "', " + bytes + ", " + bytes + ", 1, CURRENT_TIMESTAMP)");
                }
                // Interleaved writes of two users, as a shared server makes them.
                String[] owners = {"alice", "bob", "bob", "alice", "bob", "alice"};
                for (int v = 1; v <= owners.length; v++) {
                    s.executeUpdate("INSERT INTO change_log (version, owner, event_id, kind, changed_at) VALUES (" + v + ", '" + owners[v - 1]
                            + "', 'e" + v + "', 'CREATED', CURRENT_TIMESTAMP)");
                }
                s.executeUpdate("ALTER SEQUENCE change_version RESTART WITH 7"); // as the writes above would have left it
                try (var r = s.executeQuery("SELECT store_id FROM store_identity")) {
                    r.next();
                    oldStoreId = r.getLong(1);
                }
            }
        }

        Database database = address == null ? Database.open(directory) : Database.open(address);
        try {
            CalendarStore store = new CalendarStore(database, Clock.systemUTC());
            assertThat(store.storeId()).as("tokens of server-wide versions are not continued").isNotEqualTo(oldStoreId);
            assertThat(store.userSeqAt("alice", 6)).isEqualTo(3);
            assertThat(store.userSeqAt("alice", 5)).as("alice's newest change at or below version 5 is her second").isEqualTo(2);
            assertThat(store.userSeqAt("bob", 6)).isEqualTo(3);
            assertThat(store.versionOfUserSeq("bob", 2)).hasValue(3);
            assertThat(store.versionOfUserSeq("bob", 4)).as("bob made three changes").isEmpty();

            // New changes go on counting from there, per user.
            store.addCalendar(new org.thinrich.calendar.core.UserCalendar("alice-work", "alice", "Work",
                    org.thinrich.calendar.core.CalendarColour.BLUE));
            ZonedDateTime nine = ZonedDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZoneId.of("Europe/Berlin"));
            CalendarEvent made = store.create("alice", CalendarEvent.timed("alice-work", "After the upgrade", nine, nine.plusHours(1)));
            assertThat(store.userSeqAt("alice", made.version())).as("her calendar was her 4th change, this her 5th").isEqualTo(5);
            assertThat(store.userSeqAt("bob", made.version())).isEqualTo(3);
        } finally {
            database.close();
        }
    }
}
