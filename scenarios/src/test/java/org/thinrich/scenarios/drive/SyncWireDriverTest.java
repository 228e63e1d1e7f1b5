package org.thinrich.scenarios.drive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.scenarios.drive.ClientDriver.StepOutcome;
import org.thinrich.scenarios.scenario.Step;
import org.thinrich.scenarios.scenario.StepKind;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;

/**
 * The load runs' rich user at the protocol level against a real server: its edits are committed
 * as the rich client's are (and reach another of the user's sync connections), it follows what
 * others change, and a wrong password is one sentence.
 */
class SyncWireDriverTest {
    private static final ZoneId ZONE = ZoneId.systemDefault();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path directory;

    @Test
    void editsAreCommittedAndEveryConnectionOfTheUserFollowsThem() throws Exception {
        try (AppServer server = AppServer.start(ServerConfig.defaults(directory).withPort(0).withDemo(true).withPasswordIterations(1_000));
             SyncWireDriver alice = driver(server, "alice-demo");
             SyncWireDriver alicesOther = driver(server, "alice-demo")) {
            alice.connect();
            alicesOther.connect();
            assertThat(alice.traffic().payloadDown()).as("the first sync pulled alice's events").isGreaterThan(1_000);

            StepOutcome moved = alice.perform(Step.of(StepKind.MOVE_EVENT));
            assertThat(alice.lastCommitNanos()).as("the push was answered").isPositive();
            CalendarEvent stored = server.store().event("alice", moved.eventId()).orElseThrow();
            assertThat(stored.version()).as("moved once").isGreaterThan(1);
            // On the wire, versions count alice's own changes.
            long movedSeq = server.store().userSeqAt("alice", stored.version());

            StepOutcome created = alice.perform(new Step(StepKind.CREATE_EVENT, "Made at the wire", null, null));
            assertThat(server.store().event("alice", created.eventId())).get().extracting(CalendarEvent::title).isEqualTo("Made at the wire");
            StepOutcome deleted = alice.perform(Step.of(StepKind.DELETE_EVENT));
            assertThat(deleted.eventId()).as("the event made before goes first").isEqualTo(created.eventId());
            assertThat(server.store().event("alice", created.eventId())).isEmpty();

            // The other connection was poked and pulled what alice's changed, as a rich client does.
            long deadline = System.nanoTime() + WAIT.toNanos();
            // (the delete's poke may come after the move has been pulled: wait for both)
            while ((alicesOther.held(moved.eventId()).map(CalendarEvent::version).orElse(0L) < movedSeq
                    || alicesOther.held(created.eventId()).isPresent()) && System.nanoTime() < deadline) Thread.sleep(10);
            alicesOther.settle();
            assertThat(alicesOther.held(moved.eventId())).get().satisfies(e -> {
                assertThat(e.version()).isEqualTo(movedSeq);
                assertThat(e.start().toInstant()).isEqualTo(stored.start().toInstant());
            });
            assertThat(alicesOther.held(created.eventId())).as("deleted").isEmpty();
            assertThat(alice.perform(Step.of(StepKind.NEXT_WEEK)).responseNanos()).as("a view crosses no wire").isEqualTo(-1);
        }
    }

    @Test
    void aWrongPasswordIsOneSentence() throws Exception {
        try (AppServer server = AppServer.start(ServerConfig.defaults(directory).withPort(0).withDemo(true).withPasswordIterations(1_000));
             SyncWireDriver alice = driver(server, "not-her-password")) {
            assertThatThrownBy(alice::connect).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("alice could not log in: ")
                    .hasMessageNotContaining("Exception");
        }
    }

    private static SyncWireDriver driver(AppServer server, String password) {
        return new SyncWireDriver(server.uri(), "alice", password, ZONE, LocalDate.now(ZONE), WAIT);
    }
}
