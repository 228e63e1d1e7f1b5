package org.thinrich.rich.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.thinrich.testing.Theories.qt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.calendar.core.UserCalendar;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;
import org.thinrich.sync.protocol.Messages.Applied;
import org.thinrich.sync.protocol.Messages.ChangeEvent;
import org.thinrich.sync.protocol.Messages.CreateEvent;
import org.thinrich.sync.protocol.Messages.DeleteEvent;
import org.thinrich.sync.protocol.Messages.Operation;

/**
 * Three replicas of one user edit at random, some while offline, with connections cut and pushes
 * delivered twice, while the server's own API edits too. Once all are back online: every replica
 * equals the server, and every acknowledged edit is there unless a later acknowledged edit of the
 * same part replaced it.
 */
class ConvergenceProperties {
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final ZonedDateTime MONDAY = ZonedDateTime.of(2026, 11, 23, 8, 0, 0, 0, ZONE);
    static final AtomicInteger USERS = new AtomicInteger();
    /** The server's data and each script's client replicas; JUnit deletes it after the class. */
    @TempDir
    static Path scratch;
    static AppServer server;

    @BeforeAll
    static void start() throws Exception {
        server = AppServer.start(ServerConfig.defaults(scratch.resolve("server")).withPort(0).withPasswordIterations(1_000).withZone(ZONE));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    enum Kind { CREATE, MOVE, RETITLE, RELOCATE, DELETE, OFFLINE, ONLINE, DROP, DUPLICATE, SERVER_EDIT }

    record Step(int client, Kind kind, int target, int value, int pauseMs) {
    }

    static Gen<List<Step>> scripts() {
        Gen<Kind> kinds = Generate.frequency(List.of(
                Pair.of(4, Generate.constant(Kind.CREATE)), Pair.of(5, Generate.constant(Kind.MOVE)), Pair.of(5, Generate.constant(Kind.RETITLE)),
                Pair.of(3, Generate.constant(Kind.RELOCATE)), Pair.of(2, Generate.constant(Kind.DELETE)), Pair.of(3, Generate.constant(Kind.OFFLINE)),
                Pair.of(3, Generate.constant(Kind.ONLINE)), Pair.of(1, Generate.constant(Kind.DROP)), Pair.of(1, Generate.constant(Kind.DUPLICATE)),
                Pair.of(2, Generate.constant(Kind.SERVER_EDIT))));
        Gen<Step> steps = in -> new Step(integers().between(0, 2).generate(in), kinds.generate(in), integers().between(0, 1000).generate(in),
                integers().between(0, 1000).generate(in), integers().between(0, 25).generate(in));
        return lists().of(steps).ofSizeBetween(10, 30);
    }

    /** An applied write: the version it made and what it set. */
    record Write(long version, Operation op, EventPatch serverPatch) {
    }

    /** Fifteen scripts; a failing one is made shorter in at most 30 more runs, each a whole sync (seconds). */
    @Test
    void replicasConvergeAndNoAcknowledgedEditIsLost() {
        qt(15, 30).forAll(scripts()).checkAssert(script -> {
            try {
                replicasConverge(script);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    private static void replicasConverge(List<Step> script) throws Exception {
        String user = "u" + USERS.incrementAndGet();
        server.accounts().create(user, "password".toCharArray());
        server.store().addCalendar(new UserCalendar(user + "-work", user, "Work", CalendarColour.BLUE));
        server.store().addCalendar(new UserCalendar(user + "-home", user, "Home", CalendarColour.GREEN));
        for (int i = 0; i < 4; i++) {
            server.store().create(user, CalendarEvent.timed(user + "-work", "Seed " + i, MONDAY.plusDays(i), MONDAY.plusDays(i).plusHours(1)));
        }
        Map<String, List<Write>> writes = new ConcurrentHashMap<>();
        Path clients = Files.createTempDirectory(scratch, "clients");
        List<RichEngine> engines = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RichEngine engine = RichEngine.open(server.uri(), user, "password", clients.resolve("c" + i), Clock.systemUTC());
                engine.addResultListener((op, result) -> {
                    if (result instanceof Applied applied && op instanceof org.thinrich.sync.protocol.Messages.EventOperation e) {
                        // On the wire the user's number of the change; the store's own version to compare with the server's writes.
                        long version = server.store().versionOfUserSeq(user, applied.newVersion()).orElseThrow();
                        writes.computeIfAbsent(e.eventId(), id -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                .add(new Write(version, op, null));
                    }
                });
                engines.add(engine);
                engine.goOnline();
            }
            for (RichEngine engine : engines) assertThat(engine.awaitSynced(Duration.ofSeconds(20))).isTrue();

            for (Step step : script) {
                RichEngine engine = engines.get(step.client());
                List<CalendarEvent> live = engine.calendar().events(Instant.EPOCH, Instant.parse("3000-01-01T00:00:00Z"));
                live.sort(Comparator.comparing(CalendarEvent::id));
                CalendarEvent target = live.isEmpty() ? null : live.get(step.target() % live.size());
                try {
                    clientStep(engine, user, step, target);
                } catch (org.thinrich.calendar.core.UnknownEventException deletedMeanwhile) {
                    // the sync applied another client's delete between the listing and this edit,
                    // as it may in the application: the user is told, nothing is written
                }
                switch (step.kind()) {
                    case OFFLINE -> engine.goOffline();
                    case ONLINE -> engine.goOnline();
                    case DROP -> engine.dropConnection();
                    case DUPLICATE -> engine.duplicatePushes(2);
                    case SERVER_EDIT -> {
                        List<CalendarEvent> onServer = server.store().changesSince(user, 0, 1000).stream().filter(e -> !e.deleted())
                                .sorted(Comparator.comparing(CalendarEvent::id)).toList();
                        if (!onServer.isEmpty()) {
                            CalendarEvent e = onServer.get(step.target() % onServer.size());
                            EventPatch patch = EventPatch.title("Server " + step.value());
                            try {
                                CalendarEvent stored = server.store().update(user, e.id(), patch);
                                writes.computeIfAbsent(e.id(), id -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                        .add(new Write(stored.version(), null, patch));
                            } catch (org.thinrich.calendar.core.UnknownEventException deletedMeanwhile) {
                                // a client's delete was applied between the listing and this edit: nothing to write
                            }
                        }
                    }
                }
                Thread.sleep(step.pauseMs());
            }

            for (RichEngine engine : engines) engine.goOnline();
            for (RichEngine engine : engines) assertThat(engine.awaitSynced(Duration.ofSeconds(30))).as("synced").isTrue();
            // Every push is answered now; each replica pulls up to the server's newest change.
            long newest = server.store().userSeqAt(user, server.store().currentVersion());
            for (RichEngine engine : engines) assertThat(engine.awaitSyncedTo(newest, Duration.ofSeconds(30))).as("caught up").isTrue();

            Map<String, CalendarEvent> all = new java.util.HashMap<>();
            for (CalendarEvent e : server.store().changesSince(user, 0, 10_000)) all.put(e.id(), e);
            List<CalendarEvent> live = all.values().stream().filter(e -> !e.deleted()).sorted(Comparator.comparing(CalendarEvent::id)).toList();
            for (RichEngine engine : engines) {
                assertThat(engine.pendingOperations()).isZero();
                List<CalendarEvent> replica = new ArrayList<>(engine.calendar().events(Instant.EPOCH, Instant.parse("3000-01-01T00:00:00Z")));
                replica.sort(Comparator.comparing(CalendarEvent::id));
                assertThat(replica).hasSameSizeAs(live);
                for (int i = 0; i < live.size(); i++) {
                    assertThat(replica.get(i).sameContent(live.get(i))).as("replica %s equals server %s", replica.get(i), live.get(i)).isTrue();
                }
            }
            writes.forEach((id, list) -> assertNoAcknowledgedWriteLost(all.get(id), list));
        } finally {
            engines.forEach(RichEngine::close);
        }
    }

    /** A step of a user at {@code engine}'s calendar; other kinds of step do nothing here. */
    private static void clientStep(RichEngine engine, String user, Step step, CalendarEvent target) {
        switch (step.kind()) {
            case CREATE -> {
                ZonedDateTime at = MONDAY.plusHours(step.value() % 100);
                engine.calendar().create(CalendarEvent.timed(user + (step.value() % 2 == 0 ? "-work" : "-home"),
                        "New " + step.value(), at, at.plusMinutes(30)));
            }
            case MOVE -> {
                if (target != null) engine.calendar().update(target.id(), EventPatch.times(
                        target.start().plusMinutes(15L * (step.value() % 9 - 4)), target.end().plusMinutes(15L * (step.value() % 9 - 4)), false));
            }
            case RETITLE -> {
                if (target != null) engine.calendar().update(target.id(), EventPatch.title("Title " + step.value()));
            }
            case RELOCATE -> {
                if (target != null) engine.calendar().update(target.id(),
                        new EventPatch(null, null, "Room " + step.value(), null, null, null, null, null, false));
            }
            case DELETE -> {
                if (target != null) engine.calendar().delete(target.id());
            }
            default -> { }
        }
    }

    /** The final event holds, for each part, what the newest acknowledged write of that part set. */
    static void assertNoAcknowledgedWriteLost(CalendarEvent finalState, List<Write> writes) {
        assertThat(finalState).isNotNull();
        List<Write> ordered = writes.stream().sorted(Comparator.comparingLong(Write::version)).toList();
        Write newest = ordered.get(ordered.size() - 1);
        assertThat(finalState.version()).as("the newest acknowledged write of %s is the event's version", finalState.id())
                .isGreaterThanOrEqualTo(newest.version());
        if (finalState.deleted()) {
            assertThat(ordered.stream().anyMatch(w -> w.op() instanceof DeleteEvent)).as("a deletion was acknowledged").isTrue();
            return;
        }
        String title = null;
        String location = null;
        ZonedDateTime start = null;
        for (Write w : ordered) {
            if (w.op() instanceof CreateEvent c) {
                title = c.event().title();
                location = c.event().location();
                start = c.event().start();
            } else if (w.op() instanceof ChangeEvent c) {
                if (c.changes().title() != null) title = c.changes().title();
                if (c.changes().location() != null) location = c.changes().location();
                if (c.changes().times() != null) start = Instant.ofEpochSecond(c.changes().times().startEpochSecond()).atZone(ZONE);
            } else if (w.serverPatch() != null && w.serverPatch().title() != null) {
                title = w.serverPatch().title();
            }
        }
        if (title != null) assertThat(finalState.title()).as("title of %s", finalState.id()).isEqualTo(title);
        if (location != null) assertThat(finalState.location()).as("location of %s", finalState.id()).isEqualTo(location);
        if (start != null) assertThat(finalState.start().toInstant()).as("start of %s", finalState.id()).isEqualTo(start.toInstant());
    }
}
