package org.thinrich.rich.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventField;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.calendar.core.UserCalendar;
import org.thinrich.sync.protocol.EventDelta;
import org.thinrich.sync.protocol.Messages.Applied;
import org.thinrich.sync.protocol.Messages.Conflict;
import org.thinrich.sync.protocol.Messages.Operation;

/** The replica's bookkeeping on its own, with the server's answers written by hand. */
class LocalReplicaTest {
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final ZonedDateTime NINE = ZonedDateTime.of(2026, 11, 26, 9, 0, 0, 0, ZONE);
    @TempDir
    Path directory;
    LocalReplica replica;
    CalendarEvent v1;

    @BeforeEach
    void open() {
        replica = LocalReplica.open(directory, Clock.systemUTC());
        replica.takeServerCalendars("alice", List.of(new UserCalendar("work", "alice", "Work", CalendarColour.BLUE)));
        v1 = CalendarEvent.timed("work", "Plan", NINE, NINE.plusHours(1)).stored(1, Instant.EPOCH);
        replica.applyServerChanges(List.of(EventDelta.whole(v1, v1.zone())), v1.zone());
    }

    @AfterEach
    void close() {
        replica.close();
    }

    @Test
    void anEditAcknowledgedLateIsReplacedByTheNewerServerCopyItIsAlreadyIn() {
        replica.update(v1.id(), EventPatch.times(NINE.minusHours(1), NINE, false)); // moved to 08:00
        Operation move = replica.nextBatch(10).get(0);
        // The push got through (stored as version 2) but its answer was lost; someone then moved the
        // event to 07:15 (version 3), and the replica pulled that copy while the move was still queued.
        CalendarEvent v3 = v1.withTimes(NINE.minusMinutes(105), NINE.minusMinutes(45), false).stored(3, Instant.EPOCH);
        replica.applyServerChanges(List.of(EventDelta.whole(v3, v3.zone())), v3.zone());
        assertThat(replica.event(v1.id()).orElseThrow().start()).as("queued edit shown on top").isEqualTo(NINE.minusHours(1));
        // The retried push is answered from the server's record: applied, as version 2.
        replica.applyResult(new Applied(move.opSeq(), 2, Instant.EPOCH), false);
        CalendarEvent shown = replica.event(v1.id()).orElseThrow();
        assertThat(shown.start()).as("the server's newer copy, not the old edit on top of it").isEqualTo(v3.start());
        assertThat(shown.sameContent(v3)).isTrue();
        assertThat(replica.pendingOperations()).isZero();
    }

    @Test
    void anEditAcknowledgedBeforeItsEchoKeepsShowing() {
        replica.update(v1.id(), EventPatch.title("Plan B"));
        Operation retitle = replica.nextBatch(10).get(0);
        replica.applyResult(new Applied(retitle.opSeq(), 2, Instant.EPOCH), false);
        assertThat(replica.event(v1.id()).orElseThrow().title()).isEqualTo("Plan B");
    }

    @Test
    void anEditAppliedInStepBecomesTheServersCopyWithItsVersion() {
        replica.update(v1.id(), EventPatch.title("Plan B"));
        Operation retitle = replica.nextBatch(10).get(0);
        Instant at = Instant.parse("2026-12-05T08:00:00Z");
        replica.applyResult(new Applied(retitle.opSeq(), 7, at), true);
        CalendarEvent shown = replica.event(v1.id()).orElseThrow();
        assertThat(shown.title()).isEqualTo("Plan B");
        assertThat(shown.version()).as("the base of the next edit: nothing was pulled back").isEqualTo(7);
        assertThat(shown.lastModified()).isEqualTo(at);
        // Someone then moves it: a page brings the times only, which go onto the copy that has the title.
        ZonedDateTime later = v1.start().plusHours(2);
        EventDelta moved = EventDelta.of(shown.withTimes(later, later.plusMinutes(30), false).stored(8, at.plusSeconds(5)),
                java.util.EnumSet.of(EventField.TIMES), v1.zone());
        LocalReplica.PageOutcome outcome = replica.applyServerChanges(List.of(moved), v1.zone());
        assertThat(outcome.missing()).isEmpty();
        CalendarEvent after = replica.event(v1.id()).orElseThrow();
        assertThat(after.title()).isEqualTo("Plan B");
        assertThat(after.start()).isEqualTo(later);
        assertThat(after.version()).isEqualTo(8);
    }

    @Test
    void aDeleteAppliedInStepLeavesNothingAndARemovalOfAnUnknownEventIsNoChange() {
        replica.delete(v1.id());
        Operation delete = replica.nextBatch(10).get(0);
        replica.applyResult(new Applied(delete.opSeq(), 9, Instant.EPOCH), true);
        assertThat(replica.event(v1.id())).isEmpty();
        assertThat(replica.liveEvents()).isEmpty();
        LocalReplica.PageOutcome outcome = replica.applyServerChanges(List.of(EventDelta.removal("never-seen", 10, Instant.EPOCH)), v1.zone());
        assertThat(outcome.changes()).isEmpty();
        assertThat(outcome.missing()).isEmpty();
    }

    @Test
    void aPartialEntryForAnEventTheReplicaLacksIsReportedMissing() {
        EventDelta retitled = new EventDelta("not-here", 5, Instant.EPOCH, false,
                new org.thinrich.sync.protocol.EventChanges(null, "Renamed", null, null, null, null, false));
        LocalReplica.PageOutcome outcome = replica.applyServerChanges(List.of(retitled), v1.zone());
        assertThat(outcome.missing()).containsExactly("not-here");
        assertThat(replica.event("not-here")).isEmpty();
    }

    @Test
    void aConflictShowsTheServersCopyAndKeepsMine() {
        replica.update(v1.id(), EventPatch.title("Mine"));
        Operation retitle = replica.nextBatch(10).get(0);
        CalendarEvent theirs = v1.withTitle("Theirs").stored(2, Instant.EPOCH);
        replica.applyResult(new Conflict(retitle.opSeq(), theirs), false);
        assertThat(replica.event(v1.id()).orElseThrow().title()).isEqualTo("Theirs");
        assertThat(replica.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.mine().title()).isEqualTo("Mine");
            assertThat(c.theirs().title()).isEqualTo("Theirs");
        });
        replica.resolve(v1.id(), SyncConflict.Resolution.KEEP_BOTH);
        assertThat(replica.liveEvents()).extracting(CalendarEvent::title).containsExactlyInAnyOrder("Theirs", "Mine");
        assertThat(replica.conflicts()).isEmpty();
    }
}
