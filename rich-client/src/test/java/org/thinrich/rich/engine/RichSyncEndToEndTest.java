package org.thinrich.rich.engine;

import org.thinrich.calendar.core.DemoAgenda;

import org.thinrich.calendar.core.CalendarColour;

import org.thinrich.calendar.core.UserCalendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.thinrich.server.store.Database;
import org.thinrich.testing.RawSocket;
import org.thinrich.testing.TestPostgres;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.rich.replica.SyncConflict;
import org.thinrich.server.AppServer;
import org.thinrich.server.DemoData;
import org.thinrich.server.ServerConfig;
import org.thinrich.sync.protocol.ClientSyncCodec;
import org.thinrich.sync.protocol.EventChanges;
import org.thinrich.sync.protocol.Messages;
import org.thinrich.sync.protocol.SyncCloseCode;
import org.thinrich.sync.protocol.SyncLimits;

/** The rich path end to end: real server, real WebSockets, replicas in real database files; the server's store on each database. */
@ParameterizedClass(name = "store on {0}")
@ValueSource(strings = {"h2", "postgresql"})
class RichSyncEndToEndTest {
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final Duration WAIT = Duration.ofSeconds(20);

    /** Where the server keeps its store: "h2" (its embedded file) or "postgresql". */
    @Parameter
    String database;
    @TempDir
    static Path serverDir;
    @TempDir
    Path clientDir;
    static AppServer server;
    final java.util.List<RichEngine> engines = new java.util.ArrayList<>();

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        ServerConfig config = ServerConfig.defaults(serverDir).withPort(0).withDemo(true).withPasswordIterations(1_000).withZone(ZONE);
        if (database.equals("postgresql")) {
            TestPostgres.Database db = TestPostgres.newDatabase();
            config = config.withDatabase(new Database.Address(db.url(), db.user(), db.password()));
        }
        server = AppServer.start(config);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @AfterEach
    void closeEngines() {
        engines.forEach(RichEngine::close);
    }

    RichEngine engine(String user, String replica) {
        String password = DemoAgenda.USERS.contains(user) ? DemoData.passwordOf(user) : "password";
        RichEngine e = RichEngine.open(server.uri(), user, password, clientDir.resolve(replica), Clock.systemUTC());
        engines.add(e);
        return e;
    }

    static Map<String, CalendarEvent> onServer(String user) {
        return server.store().changesSince(user, 0, 100_000).stream().filter(e -> !e.deleted())
                .collect(Collectors.toMap(CalendarEvent::id, Function.identity()));
    }

    static void assertSameAsServer(RichEngine engine) {
        Map<String, CalendarEvent> expected = onServer(engine.user());
        List<CalendarEvent> local = engine.calendar().events(java.time.Instant.EPOCH, java.time.Instant.parse("3000-01-01T00:00:00Z"));
        assertThat(local).hasSize(expected.size());
        for (CalendarEvent e : local) {
            assertThat(expected).containsKey(e.id());
            assertThat(e.sameContent(expected.get(e.id()))).as("%s equals the server's %s", e, expected.get(e.id())).isTrue();
            assertThat(e.version()).as("the user's number of its change").isEqualTo(server.store().userSeqAt(engine.user(), expected.get(e.id()).version()));
        }
    }

    static CalendarEvent anyTimedEvent(RichEngine engine) {
        return engine.calendar().events(java.time.Instant.EPOCH, java.time.Instant.parse("3000-01-01T00:00:00Z")).stream()
                .filter(e -> !e.allDay() && !e.recurring()).findFirst().orElseThrow();
    }

    @Test
    void theFirstSyncBringsEveryEventAndEditsTravelBothWays() throws Exception {
        RichEngine alice = engine("alice", "a");
        alice.goOnline();
        assertThat(alice.awaitSynced(WAIT)).isTrue();
        assertThat(alice.state()).isEqualTo(SyncState.ONLINE);
        assertThat(alice.sendsAtOnce()).as("edits wait for no ACK (Nagle's algorithm off)").isTrue();
        assertThat(onServer("alice")).isNotEmpty();
        assertSameAsServer(alice);

        CalendarEvent e = anyTimedEvent(alice);
        alice.calendar().update(e.id(), EventPatch.times(e.start().plusHours(1), e.end().plusHours(1), false));
        assertThat(alice.awaitSynced(WAIT)).isTrue();
        assertThat(server.store().event("alice", e.id()).orElseThrow().start()).isEqualTo(e.start().plusHours(1));
        assertThat(alice.metrics().commit().getTotalCount()).isEqualTo(1);

        // A change made elsewhere (the HTTP API, a thin session) reaches the replica by a poke and a pull.
        server.store().update("alice", e.id(), EventPatch.title("Moved by someone else"));
        waitUntil(() -> alice.calendar().event(e.id()).orElseThrow().title().equals("Moved by someone else"));
        assertThat(alice.awaitSynced(WAIT)).isTrue();
        assertSameAsServer(alice);
    }

    /**
     * Calendars travel like events: one made offline on a laptop (with an event in it) reaches the
     * server in order and then a phone; the phone's rename and recolour reach the laptop and a thin
     * session's service (told at once); deleting it on the laptop takes its events everywhere.
     */
    /** A user of one test alone, with two calendars and an event in each. */
    String newUser(String name) {
        String user = name + "-" + database;
        server.accounts().create(user, "password".toCharArray());
        ZonedDateTime monday = ZonedDateTime.of(2026, 11, 23, 9, 0, 0, 0, ZONE);
        for (String calendar : List.of("work", "home")) {
            server.store().addCalendar(new UserCalendar(user + "-" + calendar, user, calendar.equals("work") ? "Work" : "Home", CalendarColour.BLUE));
            server.store().create(user, CalendarEvent.timed(user + "-" + calendar, "Seed", monday, monday.plusHours(1)));
        }
        return user;
    }

    @Test
    void calendarsAreAddedRenamedAndDeletedWithTheirEventsOnEveryReplica() throws Exception {
        String dave = newUser("dave");
        RichEngine laptop = engine(dave, "laptop");
        RichEngine phone = engine(dave, "phone");
        laptop.goOnline();
        phone.goOnline();
        assertThat(laptop.awaitSynced(WAIT) && phone.awaitSynced(WAIT)).isTrue();
        java.util.concurrent.atomic.AtomicInteger thinToldCalendars = new java.util.concurrent.atomic.AtomicInteger();
        org.thinrich.server.store.StoreCalendarService thin = new org.thinrich.server.store.StoreCalendarService(server.store(), dave);
        try (AutoCloseable told = thin.subscribeCalendars(thinToldCalendars::incrementAndGet)) {
            laptop.goOffline();
            UserCalendar family = laptop.calendar().addCalendar("Family", CalendarColour.GREEN);
            ZonedDateTime sunday = ZonedDateTime.of(2026, 11, 29, 12, 0, 0, 0, ZONE);
            CalendarEvent lunch = laptop.calendar().create(CalendarEvent.timed(family.id(), "Lunch", sunday, sunday.plusHours(2)));
            assertThat(laptop.calendar().calendars()).contains(family);
            laptop.goOnline();
            assertThat(laptop.awaitSynced(WAIT)).isTrue();
            assertThat(server.store().calendar(dave, family.id())).get().extracting(UserCalendar::name).isEqualTo("Family");
            assertThat(server.store().event(dave, lunch.id())).isPresent();
            waitUntil(() -> phone.calendar().event(lunch.id()).isPresent());
            assertThat(phone.calendar().calendars()).extracting(UserCalendar::name).contains("Family");
            waitUntil(() -> thinToldCalendars.get() >= 1);

            phone.calendar().changeCalendar(family.id(), "Home", CalendarColour.RED);
            assertThat(phone.awaitSynced(WAIT)).isTrue();
            waitUntil(() -> laptop.calendar().calendars().stream().anyMatch(c -> c.name().equals("Home") && c.colour() == CalendarColour.RED));
            assertThat(thin.calendars()).extracting(UserCalendar::name).contains("Home").doesNotContain("Family");
            waitUntil(() -> thinToldCalendars.get() >= 2);

            laptop.calendar().deleteCalendar(family.id());
            assertThat(laptop.calendar().event(lunch.id())).as("gone here at once").isEmpty();
            assertThat(laptop.awaitSynced(WAIT)).isTrue();
            assertThat(server.store().calendar(dave, family.id())).isEmpty();
            assertThat(server.store().event(dave, lunch.id())).isEmpty();
            waitUntil(() -> phone.calendar().calendars().stream().noneMatch(c -> c.id().equals(family.id())));
            waitUntil(() -> phone.calendar().event(lunch.id()).isEmpty());
            waitUntil(() -> thinToldCalendars.get() >= 3);
            assertThat(laptop.awaitSynced(WAIT) && phone.awaitSynced(WAIT)).isTrue();
            assertSameAsServer(laptop);
            assertSameAsServer(phone);
        }
    }

    /**
     * The versions a client sees count its own user's changes only: another user's writes move them
     * not at all (the store's server-wide versions would tell how busy everyone else is).
     */
    @Test
    void versionsOnTheWireCountTheUsersOwnChangesOnly() throws Exception {
        String frank = newUser("frank");
        String grace = newUser("grace");
        RichEngine engine = engine(frank, "frank");
        engine.goOnline();
        assertThat(engine.awaitSynced(WAIT)).isTrue();
        assertThat(engine.syncedVersion()).as("frank's four changes: two calendars, two events").isEqualTo(4);
        long before = server.store().currentVersion();
        ZonedDateTime at = ZonedDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZONE);
        for (int i = 0; i < 10; i++) server.store().create(grace, CalendarEvent.timed(grace + "-work", "Busy " + i, at, at.plusHours(1)));
        CalendarEvent seed = anyTimedEvent(engine);
        engine.calendar().update(seed.id(), EventPatch.title("Frank's own"));
        assertThat(engine.awaitSynced(WAIT)).isTrue();
        server.store().update(frank, seed.id(), EventPatch.notes("Bring slides"));
        waitUntil(() -> engine.calendar().event(seed.id()).orElseThrow().notes().equals("Bring slides"));
        assertThat(engine.awaitSynced(WAIT)).isTrue();
        assertThat(engine.syncedVersion()).as("two more of frank's, none of grace's").isEqualTo(6);
        assertThat(engine.calendar().event(seed.id()).orElseThrow().version()).isEqualTo(6);
        assertThat(server.store().currentVersion() - before).as("the store counted grace's too").isEqualTo(12);
    }

    /** A calendar edit the server refuses (the only calendar cannot go) is undone on the replica: the calendar and its events come back. */
    @Test
    void aRefusedCalendarDeletionBringsTheCalendarAndItsEventsBack() throws Exception {
        String dave = newUser("erin");
        RichEngine phone = engine(dave, "phone-alone");
        phone.goOnline();
        assertThat(phone.awaitSynced(WAIT)).isTrue();
        List<UserCalendar> before = phone.calendar().calendars();
        int events = onServer(dave).size();
        // The replica believes it has two; on the server, someone deleted the other one meanwhile.
        UserCalendar spare = server.store().addCalendar(new UserCalendar(dave + "-spare", dave, "Spare", CalendarColour.BROWN));
        waitUntil(() -> phone.calendar().calendars().contains(spare));
        phone.goOffline();
        server.store().deleteCalendar(dave, spare.id());
        UserCalendar last = before.get(0);
        for (UserCalendar c : before.subList(1, before.size())) server.store().deleteCalendar(dave, c.id());
        phone.calendar().deleteCalendar(last.id());
        phone.goOnline();
        waitUntil(() -> phone.calendar().calendars().stream().anyMatch(c -> c.id().equals(last.id())));
        assertThat(phone.awaitSynced(WAIT)).isTrue();
        assertThat(server.store().calendars(dave)).containsExactly(last);
        assertThat(phone.calendar().calendars()).containsExactly(last);
        assertSameAsServer(phone);
        assertThat(events).isPositive();
    }

    @Test
    void editsMadeOfflineAreKeptAcrossARestartAndSentWhenOnline() throws Exception {
        RichEngine first = engine("bob", "b");
        first.goOnline();
        assertThat(first.awaitSynced(WAIT)).isTrue();
        first.goOffline();
        CalendarEvent e = anyTimedEvent(first);
        String calendarId = first.calendar().calendars().get(0).id();
        ZonedDateTime at = ZonedDateTime.of(2026, 12, 1, 10, 0, 0, 0, ZONE);
        CalendarEvent created = first.calendar().create(CalendarEvent.timed(calendarId, "Made offline", at, at.plusHours(1)));
        first.calendar().update(created.id(), EventPatch.title("Made offline, renamed"));
        first.calendar().delete(e.id());
        assertThat(first.pendingOperations()).isEqualTo(3);
        assertThat(server.store().event("bob", created.id())).isEmpty();
        first.close();
        engines.remove(first);

        RichEngine again = engine("bob", "b");
        assertThat(again.pendingOperations()).isEqualTo(3);
        assertThat(again.calendar().event(created.id()).orElseThrow().title()).isEqualTo("Made offline, renamed");
        again.goOnline();
        assertThat(again.awaitSynced(WAIT)).isTrue();
        assertThat(server.store().event("bob", created.id()).orElseThrow().title()).isEqualTo("Made offline, renamed");
        assertThat(server.store().event("bob", e.id())).isEmpty();
        assertSameAsServer(again);
    }

    @Test
    void editsOfDifferentPartsMergeAndEditsOfTheSamePartConflict() throws Exception {
        RichEngine laptop = engine("alice", "laptop");
        RichEngine phone = engine("alice", "phone");
        laptop.goOnline();
        phone.goOnline();
        assertThat(laptop.awaitSynced(WAIT) && phone.awaitSynced(WAIT)).isTrue();
        CalendarEvent e = anyTimedEvent(laptop);
        laptop.goOffline();
        phone.goOffline();
        laptop.calendar().update(e.id(), EventPatch.title("Laptop title"));
        phone.calendar().update(e.id(), new EventPatch(null, null, "Phone room", null, null, null, null, null, false));
        phone.calendar().update(e.id(), EventPatch.title("Phone title"));
        laptop.goOnline();
        assertThat(laptop.awaitSynced(WAIT)).isTrue();
        phone.goOnline();
        assertThat(phone.awaitSynced(WAIT)).isTrue();
        CalendarEvent stored = server.store().event("alice", e.id()).orElseThrow();
        // The phone's push may still be on its way to the laptop as a poke: wait for that version.
        assertThat(laptop.awaitSyncedTo(server.store().userSeqAt("alice", stored.version()), WAIT)).isTrue();

        // The location merged; the title conflicted: the server's copy is shown, the phone's kept aside.
        assertThat(stored.title()).isEqualTo("Laptop title");
        assertThat(stored.location()).isEqualTo("Phone room");
        assertThat(phone.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.mine().title()).isEqualTo("Phone title");
            assertThat(c.theirs().title()).isEqualTo("Laptop title");
        });
        assertSameAsServer(phone);
        assertSameAsServer(laptop);

        phone.resolve(e.id(), SyncConflict.Resolution.KEEP_MINE);
        assertThat(phone.awaitSynced(WAIT)).isTrue();
        assertThat(server.store().event("alice", e.id()).orElseThrow().title()).isEqualTo("Phone title");
        assertThat(phone.conflicts()).isEmpty();
        waitUntil(() -> laptop.calendar().event(e.id()).orElseThrow().title().equals("Phone title"));
    }

    @Test
    void duplicatedPushesApplyOnce() throws Exception {
        RichEngine alice = engine("alice", "dup");
        alice.duplicatePushes(3);
        alice.goOnline();
        assertThat(alice.awaitSynced(WAIT)).isTrue();
        int before = onServer("alice").size();
        String calendarId = alice.calendar().calendars().get(0).id();
        ZonedDateTime at = ZonedDateTime.of(2026, 12, 2, 10, 0, 0, 0, ZONE);
        for (int i = 0; i < 5; i++) alice.calendar().create(CalendarEvent.timed(calendarId, "Once " + i, at.plusDays(i), at.plusDays(i).plusHours(1)));
        assertThat(alice.awaitSynced(WAIT)).isTrue();
        assertThat(onServer("alice")).hasSize(before + 5);
        assertThat(alice.metrics().operationsApplied()).isEqualTo(5);
        assertSameAsServer(alice);
    }

    @Test
    void aReplicaOfAnotherDatabaseStartsOver() throws Exception {
        RichEngine bob = engine("bob", "resync");
        bob.goOnline();
        assertThat(bob.awaitSynced(WAIT)).isTrue();
        bob.close();
        engines.remove(bob);
        // The replica now claims a token of another store, and holds an event the server never had.
        try (var replica = org.thinrich.rich.replica.LocalReplica.open(clientDir.resolve("resync"), Clock.systemUTC())) {
            replica.saveToken(new org.thinrich.sync.protocol.SyncToken(12345, 999_999));
            CalendarEvent ghost = anyTimedEventIn(replica).withId(UUID.randomUUID().toString()).stored(7, java.time.Instant.EPOCH);
            replica.applyServerChanges(List.of(org.thinrich.sync.protocol.EventDelta.whole(ghost, ghost.zone())), ghost.zone());
        }
        RichEngine again = engine("bob", "resync");
        again.goOnline();
        assertThat(again.awaitSynced(WAIT)).isTrue();
        assertThat(again.metrics().resyncs()).isEqualTo(1);
        assertSameAsServer(again);
    }

    @Test
    void aReplicaAwayLongerThanDeletionsAreRememberedStartsOverAndLosesTheDeletedEvent() throws Exception {
        RichEngine bob = engine("bob", "away");
        bob.goOnline();
        assertThat(bob.awaitSynced(WAIT)).isTrue();
        bob.goOffline();
        CalendarEvent gone = anyTimedEvent(bob);
        server.store().delete("bob", gone.id());
        assertThat(server.store().forgetTombstonesBefore(java.time.Instant.now().plusSeconds(1))).isPositive();
        long resyncs = bob.metrics().resyncs();
        bob.goOnline();
        assertThat(bob.awaitSyncedTo(server.store().userSeqAt("bob", server.store().currentVersion()), WAIT)).isTrue();
        assertThat(bob.metrics().resyncs()).isEqualTo(resyncs + 1);
        assertThat(bob.calendar().event(gone.id())).as("the deletion reached the replica without its tombstone").isEmpty();
        assertSameAsServer(bob);
    }

    static CalendarEvent anyTimedEventIn(org.thinrich.rich.replica.LocalReplica replica) {
        return replica.liveEvents().stream().filter(e -> !e.allDay()).findFirst().orElseThrow();
    }

    @Test
    void aWrongPasswordFailsWithOneSentenceAndAnUnreachableServerLeavesTheClientWorkingOffline() throws Exception {
        RichEngine wrong = RichEngine.open(server.uri(), "alice", "not-her-password", clientDir.resolve("wrong"), Clock.systemUTC());
        engines.add(wrong);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(wrong::checkLogin))
                .isInstanceOf(RichClientException.class).hasMessageNotContaining("Exception");
        wrong.goOnline();
        waitUntil(() -> wrong.state() == SyncState.FAILED);

        RichEngine nowhere = RichEngine.open(URI.create("http://127.0.0.1:9"), "alice", "x", clientDir.resolve("nowhere"), Clock.systemUTC());
        engines.add(nowhere);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(nowhere::checkLogin)).hasMessageStartingWith("Cannot reach the server");
        nowhere.goOnline();
        waitUntil(() -> nowhere.state() == SyncState.OFFLINE && nowhere.stateDetail().contains("retrying"));
    }

    @Test
    void oneUserCanNeitherReadNorChangeAnothersEvents() throws Exception {
        CalendarEvent alices = onServer("alice").values().iterator().next();
        String bobToken = server.accounts().login("bob", DemoData.passwordOf("bob").toCharArray()).orElseThrow();
        RawSocket raw = RawSocket.open(server.uri(), "/sync");
        raw.send(ClientSyncCodec.encode(new Messages.Hello(org.thinrich.sync.protocol.SyncLimits.PROTOCOL_VERSION, bobToken, UUID.randomUUID(), null)));
        Messages.Welcome welcome = (Messages.Welcome) ClientSyncCodec.decode(raw.next());
        assertThat(welcome.user()).isEqualTo("bob");
        raw.send(ClientSyncCodec.encode(new Messages.PullChanges(0, 1000)));
        Messages.ChangesPage page = (Messages.ChangesPage) ClientSyncCodec.decode(raw.next());
        assertThat(page.changes()).isNotEmpty().noneMatch(e -> onServer("alice").containsKey(e.id()));
        raw.send(ClientSyncCodec.encode(new Messages.PushOperations(List.of(
                new Messages.ChangeEvent(1, alices.id(), alices.version(), new EventChanges(null, "Bob was here", null, null, null, null, false)),
                new Messages.DeleteEvent(2, alices.id(), alices.version())))));
        Messages.OperationResults results = (Messages.OperationResults) ClientSyncCodec.decode(raw.next());
        assertThat(results.results()).allSatisfy(r -> assertThat(r).isInstanceOf(Messages.Rejected.class));
        assertThat(server.store().event("alice", alices.id()).orElseThrow()).isEqualTo(alices);
        raw.close();
    }

    @Test
    void malformedOversizedAndUnregisteredMessagesCloseOnlyTheirConnection() throws Exception {
        RichEngine alice = engine("alice", "bystander");
        alice.goOnline();
        assertThat(alice.awaitSynced(WAIT)).isTrue();
        String token = server.accounts().login("alice", DemoData.passwordOf("alice").toCharArray()).orElseThrow();

        RawSocket unregistered = RawSocket.open(server.uri(), "/sync");
        unregistered.send(new byte[] {0x00, 0x03, 0x05, 'h', 'e', 'l', 'l', 'o'}); // Kryo's String: not a message
        assertThat(unregistered.awaitClose()).isEqualTo(SyncCloseCode.PROTOCOL_ERROR);
        assertThat(unregistered.closeReason).contains("Unregistered message tag 0x3");

        RawSocket garbage = RawSocket.open(server.uri(), "/sync");
        garbage.send(ClientSyncCodec.encode(new Messages.Hello(SyncLimits.PROTOCOL_VERSION, token, UUID.randomUUID(), null)));
        garbage.next();
        garbage.send(new byte[] {0x00, 0x12, (byte) 0xff, (byte) 0xff, 0x03});
        assertThat(garbage.awaitClose()).isEqualTo(SyncCloseCode.TOO_BIG);

        RawSocket huge = RawSocket.open(server.uri(), "/sync");
        huge.send(new byte[SyncLimits.MAX_MESSAGE_BYTES + 1]);
        assertThat(huge.awaitClose()).isEqualTo(1009);

        RawSocket stranger = RawSocket.open(server.uri(), "/sync");
        stranger.send(ClientSyncCodec.encode(new Messages.Hello(SyncLimits.PROTOCOL_VERSION, "no-such-token", UUID.randomUUID(), null)));
        assertThat(stranger.awaitClose()).isEqualTo(SyncCloseCode.AUTHENTICATION_FAILED);

        // A client of version 1 (its Hello is laid out as version 2's) is told to update, in a sentence.
        RawSocket old = RawSocket.open(server.uri(), "/sync");
        old.send(ClientSyncCodec.encode(new Messages.Hello(1, token, UUID.randomUUID(), null)));
        assertThat(old.awaitClose()).isEqualTo(SyncCloseCode.VERSION_MISMATCH);
        assertThat(old.closeReason).contains("version " + SyncLimits.PROTOCOL_VERSION + ", not 1").contains("update the client");

        // The bystander still syncs.
        CalendarEvent e = anyTimedEvent(alice);
        alice.calendar().update(e.id(), EventPatch.title("Still here"));
        assertThat(alice.awaitSynced(WAIT)).isTrue();
        assertThat(server.store().event("alice", e.id()).orElseThrow().title()).isEqualTo("Still here");
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within %s", WAIT).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
