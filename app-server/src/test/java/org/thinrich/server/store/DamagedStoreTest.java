package org.thinrich.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.UserCalendar;

/** A damaged database file is refused at start with one sentence, and never quietly replaced. */
class DamagedStoreTest {
    @TempDir
    Path directory;

    @Test
    void anEmptyDatabaseFileIsRefusedAndKept() throws Exception {
        Path file = directory.resolve("calendar.mv.db");
        Files.createFile(file);
        assertThatThrownBy(() -> Database.open(directory)).isInstanceOf(StoreException.class)
                .hasMessage("The database file " + file.toAbsolutePath() + " is empty (0 bytes), so whatever it held is lost; restore it "
                        + "from a backup, or move it away to start with an empty store.");
        assertThat(Files.size(file)).as("not replaced by a new store").isZero();
    }

    @Test
    void aFileDamagedInTheMiddleIsRefusedAtStart() throws Exception {
        try (Database database = Database.open(directory)) {
            UserAccounts accounts = new UserAccounts(database, Clock.systemUTC(), 1_000);
            accounts.create("alice", "alice-secret".toCharArray());
            CalendarStore store = new CalendarStore(database, Clock.systemUTC());
            store.addCalendar(new UserCalendar("alice-work", "alice", "Work", CalendarColour.BLUE));
            ZonedDateTime nine = ZonedDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZoneId.of("Europe/Berlin"));
            for (int i = 0; i < 2_000; i++) {
                store.create("alice", CalendarEvent.timed("alice-work", "Event " + i + " with a title long enough to fill pages",
                        nine.plusMinutes(i), nine.plusMinutes(i + 30)).withNotes("notes ".repeat(20)));
            }
        }
        Path file = directory.resolve("calendar.mv.db");
        // Noise over the pages that hold one event (every copy of it: H2 appends, so older copies lie about too),
        // leaving the schema and Flyway's history readable: the server would start, and fail that user's reads.
        byte[] bytes = Files.readAllBytes(file);
        byte[] needle = "Event 1500 with".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] noise = new byte[512];
        new Random(7).nextBytes(noise);
        int hits = 0;
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            for (int at = 0; at + needle.length <= bytes.length; at++) {
                if (java.util.Arrays.equals(bytes, at, at + needle.length, needle, 0, needle.length)) {
                    raw.seek(Math.max(0, at - 256));
                    raw.write(noise);
                    hits++;
                }
            }
        }
        assertThat(hits).as("copies of the event found in the file").isPositive();
        byte[] damaged = Files.readAllBytes(file);

        assertThatThrownBy(() -> Database.open(directory)).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("The database file " + file.toAbsolutePath() + " cannot be read whole (")
                .hasMessageEndingWith("); restore it from a backup, or move it away to start with an empty store.");
        assertThat(Files.readAllBytes(file)).as("left as it was, for whoever restores it").isEqualTo(damaged);
    }
}
