package org.thinrich.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.thinrich.calendar.core.CalendarChange;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.calendar.core.UnknownEventException;
import org.thinrich.calendar.core.UserCalendar;
import org.thinrich.calendar.core.ValidationException;

/** The store's rules, on each database it runs on. */
@ParameterizedClass
@EnumSource(StoreBackend.class)
class CalendarStoreTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    @Parameter
    StoreBackend backend;
    @TempDir
    Path directory;
    /** The PostgreSQL database of this test (null on H2). */
    private Database.Address address;
    private Database database;
    private CalendarStore store;
    private final ZonedDateTime nine = ZonedDateTime.of(2026, 11, 26, 9, 0, 0, 0, ZONE);

    @BeforeEach
    void open() {
        address = backend.newAddress();
        database = reopen();
        store = new CalendarStore(database, Clock.systemUTC());
        UserAccounts accounts = new UserAccounts(database, Clock.systemUTC(), 1_000);
        for (String user : List.of("alice", "bob")) {
            accounts.create(user, (user + "-secret").toCharArray());
            store.addCalendar(new UserCalendar(user + "-work", user, "Work", CalendarColour.BLUE));
        }
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void everyChangeTakesTheNextVersionAndIsLogged() {
        CalendarEvent created = store.create("alice", meeting("Plan"));
        CalendarEvent moved = store.update("alice", created.id(), EventPatch.times(nine.plusHours(1), nine.plusHours(2), false));
        CalendarEvent deleted = store.delete("alice", created.id());

        assertThat(List.of(created.version(), moved.version(), deleted.version())).isSorted().doesNotHaveDuplicates();
        assertThat(store.currentVersion()).isEqualTo(deleted.version());
        assertThat(store.event("alice", created.id())).isEmpty();
        assertThat(store.eventIncludingDeleted("alice", created.id())).get().extracting(CalendarEvent::deleted).isEqualTo(true);
        assertThat(store.changesSince("alice", created.version(), 100)).singleElement()
                .satisfies(e -> assertThat(e.deleted()).isTrue());
        assertThat(moved.title()).isEqualTo("Plan");
    }

    /**
     * Jetty interrupts a request's thread when its client goes away (a 20,000-event import whose
     * client gave up after 30 s), and an interrupted thread's file write closes the file channel:
     * H2 on a plain file then refused every read and write of every user until a restart.
     */
    @Test
    void aWriterInterruptedMidWriteLeavesTheStoreWorkingForEveryone() throws Exception {
        List<CalendarEvent> many = new java.util.ArrayList<>();
        for (int i = 0; i < 2_000; i++) many.add(meeting("Imported " + i));
        RuntimeException[] failed = new RuntimeException[1];
        Thread importer = new Thread(() -> {
            Thread.currentThread().interrupt(); // as Jetty does when the client has gone
            try {
                store.importEvents("alice", "alice-work", many);
            } catch (RuntimeException e) {
                failed[0] = e;
            }
        });
        importer.start();
        importer.join(60_000);

        CalendarEvent after = store.create("bob", CalendarEvent.timed("bob-work", "Still here", nine, nine.plusHours(1)));
        assertThat(store.event("bob", after.id())).as("another user's write after the interrupt").isPresent();
        int imported = store.events("alice", nine.minusDays(1).toInstant(), nine.plusDays(1).toInstant()).size();
        assertThat(imported).as("the import committed whole (%s)", failed[0]).isEqualTo(2_000);
    }

    @Test
    void storedEventsComeBackExactly() {
        CalendarEvent event = meeting("Review").withLocation("Room Ada").withNotes("Bring numbers")
                .withRecurrenceRule("FREQ=WEEKLY;BYDAY=TH");
        CalendarEvent stored = store.create("alice", event);
        CalendarEvent read = store.event("alice", event.id()).orElseThrow();
        assertThat(read).isEqualTo(stored);
        assertThat(read.sameContent(event)).isTrue();
        assertThat(read.zone()).isEqualTo(ZONE);
    }

    @Test
    void invalidChangesAreRefusedAndChangeNothing() {
        CalendarEvent created = store.create("alice", meeting("Plan"));
        long before = store.currentVersion();
        assertThatThrownBy(() -> store.update("alice", created.id(), EventPatch.times(nine, nine.minusHours(1), false)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("before it starts");
        assertThatThrownBy(() -> store.create("alice", meeting("Elsewhere").withCalendarId("bob-work")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("Unknown calendar 'bob-work'");
        assertThatThrownBy(() -> store.create("alice", created)).hasMessageContaining("already exists");
        assertThat(store.currentVersion()).isEqualTo(before);
        assertThat(store.event("alice", created.id())).contains(created);
    }

    @Test
    void usersSeeOnlyTheirOwnEvents() {
        CalendarEvent alices = store.create("alice", meeting("Alice only"));
        assertThat(store.event("bob", alices.id())).isEmpty();
        assertThatThrownBy(() -> store.update("bob", alices.id(), EventPatch.title("mine now"))).isInstanceOf(UnknownEventException.class);
        assertThatThrownBy(() -> store.delete("bob", alices.id())).isInstanceOf(UnknownEventException.class);
        assertThat(store.search("bob", "alice", 10)).isEmpty();
        assertThat(store.events("bob", nine.minusDays(1).toInstant(), nine.plusDays(1).toInstant())).isEmpty();
        assertThat(store.event("alice", alices.id())).contains(alices);
    }

    @Test
    void importIsAllOrNothing() {
        List<CalendarEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) events.add(meeting("Imported " + i));
        events.add(2, meeting("Backwards").withTimes(nine, nine.minusHours(2), false));
        long before = store.currentVersion();

        assertThatThrownBy(() -> store.importEvents("alice", "alice-work", events))
                .isInstanceOf(ValidationException.class).hasMessageContaining("Event 3 ('Backwards')");
        assertThat(store.eventCount("alice")).isZero();
        assertThat(store.currentVersion()).isEqualTo(before);

        events.remove(2);
        assertThat(store.importEvents("alice", "alice-work", events)).hasSize(5);
        assertThat(store.importEvents("alice", "alice-work", events)).as("re-import replaces").hasSize(5);
        assertThat(store.eventCount("alice")).isEqualTo(5);
    }

    @Test
    void rangeQueryAndSearch() {
        store.create("alice", meeting("This week"));
        store.create("alice", meeting("Weekly").withTimes(nine.minusWeeks(5), nine.minusWeeks(5).plusHours(1), false)
                .withRecurrenceRule("FREQ=WEEKLY"));
        store.create("alice", meeting("Past").withTimes(nine.minusWeeks(5), nine.minusWeeks(5).plusHours(1), false));
        store.create("alice", CalendarEvent.allDay("alice-work", "100% offsite_day", LocalDate.of(2026, 11, 27),
                LocalDate.of(2026, 11, 27), ZONE));
        var week = store.events("alice", nine.minusDays(3).toInstant(), nine.plusDays(4).toInstant());
        assertThat(week).extracting(CalendarEvent::title).containsExactly("Weekly", "This week", "100% offsite_day");
        assertThat(store.search("alice", "100%", 10)).extracting(CalendarEvent::title).containsExactly("100% offsite_day");
        assertThat(store.search("alice", "_", 10)).extracting(CalendarEvent::title).containsExactly("100% offsite_day");
        assertThat(store.search("alice", "WEEK", 10)).extracting(CalendarEvent::title).containsExactly("Weekly", "This week");
    }

    @Test
    void listenersOfTheOwnerHearCommittedChanges() throws Exception {
        List<CalendarChange> alice = new ArrayList<>();
        List<CalendarChange> bob = new ArrayList<>();
        try (AutoCloseable a = store.subscribe("alice", alice::add); AutoCloseable b = store.subscribe("bob", bob::add)) {
            CalendarEvent created = store.create("alice", meeting("Heard"));
            store.delete("alice", created.id());
        }
        assertThat(alice).extracting(CalendarChange::kind).containsExactly(CalendarChange.Kind.CREATED, CalendarChange.Kind.DELETED);
        assertThat(bob).isEmpty();
    }

    @Test
    void calendarsAreAddedRenamedAndDeletedWithTheirEventsAndListenersHearEachInOrder() throws Exception {
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        long before = store.currentVersion();
        UserCalendar home = store.addCalendar(new UserCalendar("alice-home", "alice", "Home", CalendarColour.GREEN));
        CalendarEvent atHome = store.create("alice", meeting("Dinner").withCalendarId(home.id()));
        CalendarEvent atWork = store.create("alice", meeting("Review"));
        try (AutoCloseable e = store.subscribe("alice", c -> heard.add(c.kind() + " " + c.event().title()));
                AutoCloseable k = store.subscribeCalendars("alice", v -> heard.add("calendars " + v))) {
            store.changeCalendar("alice", home.id(), "Family", CalendarColour.RED);
            store.deleteCalendar("alice", home.id());
        }
        long renamed = store.currentVersion() - 2;
        assertThat(heard).containsExactly("calendars " + renamed, "DELETED Dinner", "calendars " + store.currentVersion());
        assertThat(store.calendars("alice")).extracting(UserCalendar::id).containsExactly("alice-work");
        assertThat(store.eventIncludingDeleted("alice", atHome.id())).get().extracting(CalendarEvent::deleted).isEqualTo(true);
        assertThat(store.event("alice", atWork.id())).isPresent();
        // What a sync page carries: the added calendar once, at its newest state: deleted.
        assertThat(store.calendarsChanged("alice", before, store.currentVersion())).singleElement()
                .satisfies(c -> {
                    assertThat(c.deleted()).isTrue();
                    assertThat(c.calendar().name()).isEqualTo("Family");
                    assertThat(c.version()).isEqualTo(store.currentVersion());
                });
        assertThat(store.latestVersion("alice")).isEqualTo(store.currentVersion());
        assertThatThrownBy(() -> store.create("alice", meeting("Late").withCalendarId(home.id())))
                .isInstanceOf(ValidationException.class).hasMessageContaining("Unknown calendar");
    }

    @Test
    void calendarRulesHoldOnTheStore() {
        assertThatThrownBy(() -> store.deleteCalendar("alice", "alice-work")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("only calendar");
        assertThatThrownBy(() -> store.deleteCalendar("alice", "bob-work")).as("another user's calendar")
                .isInstanceOf(ValidationException.class).hasMessageContaining("Unknown calendar");
        assertThatThrownBy(() -> store.changeCalendar("alice", "bob-work", "Mine", CalendarColour.RED))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> store.addCalendar(new UserCalendar("bob-work", "alice", "Taken", CalendarColour.RED)))
                .as("ids are unique across users").isInstanceOf(ValidationException.class).hasMessageContaining("already exists");
        assertThatThrownBy(() -> store.addCalendar(new UserCalendar("alice-x", "alice", " ", CalendarColour.RED)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("needs a name");
        assertThatThrownBy(() -> store.changeCalendar("alice", "alice-work", "x".repeat(101), CalendarColour.RED))
                .isInstanceOf(ValidationException.class).hasMessageContaining("at most 100");
        assertThat(store.calendars("bob")).extracting(UserCalendar::name).containsExactly("Work");
    }

    @Test
    void calendarOperationsOfRichClientsApplyOnce() {
        OperationKey key = new OperationKey(java.util.UUID.randomUUID(), 1);
        UserCalendar home = new UserCalendar("alice-home", "somebody-else", "Home", CalendarColour.GREEN);
        SyncOutcome first = store.addCalendarOnce("alice", key, home);
        SyncOutcome again = store.addCalendarOnce("alice", key, home);
        assertThat(first).isInstanceOf(SyncOutcome.Applied.class).isEqualTo(again);
        assertThat(store.calendar("alice", "alice-home")).get().extracting(UserCalendar::owner).isEqualTo("alice");
        OperationKey delete = new OperationKey(key.clientId(), 2);
        assertThat(store.deleteCalendarOnce("alice", delete, "alice-home")).isInstanceOf(SyncOutcome.Applied.class);
        long after = store.currentVersion();
        assertThat(store.deleteCalendarOnce("alice", new OperationKey(key.clientId(), 3), "alice-home"))
                .as("deleted already: done, nothing changes").isInstanceOf(SyncOutcome.Applied.class);
        assertThat(store.currentVersion()).isEqualTo(after);
        assertThat(store.changeCalendarOnce("alice", new OperationKey(key.clientId(), 4), "alice-home", "Gone", CalendarColour.RED))
                .isInstanceOfSatisfying(SyncOutcome.Rejected.class, r -> assertThat(r.reason()).contains("Unknown calendar"));
    }

    /**
     * The quota holds whichever process wrote: two stores over one database (a server and a session
     * host, or two servers of a cluster) each make events, and neither lets the user past it.
     */
    @Test
    void theQuotaHoldsAcrossProcessesWritingToOneDatabase() {
        CalendarStore server = store.limitEventsPerUser(30);
        CalendarStore host = new CalendarStore(database, Clock.systemUTC()).limitEventsPerUser(30);
        for (int i = 0; i < 5; i++) server.create("alice", meeting("Before " + i)); // the server has counted alice once
        for (int i = 0; i < 25; i++) host.create("alice", meeting("In the host " + i));
        assertThatThrownBy(() -> server.create("alice", meeting("One too many"))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("You keep 30 events");
        CalendarEvent gone = host.create("bob", meeting("Bob's").withCalendarId("bob-work"));
        host.delete("bob", gone.id());
        server.delete("alice", server.search("alice", "Before 0", 1).get(0).id());
        assertThat(host.create("alice", meeting("Room again"))).as("a deletion makes room").isNotNull();
        assertThatThrownBy(() -> server.create("alice", meeting("Full again"))).isInstanceOf(ValidationException.class);
        assertThat(store.eventCount("alice")).isEqualTo(30);
    }

    @Test
    void dataSurvivesAReopen() {
        CalendarEvent created = store.create("alice", meeting("Durable"));
        database.close();
        database = reopen();
        store = new CalendarStore(database, Clock.systemUTC());
        assertThat(store.event("alice", created.id())).contains(created);
        CalendarEvent next = store.create("alice", meeting("After reopen"));
        assertThat(next.version()).isGreaterThan(created.version());
    }

    @Test
    void calendarsAreListedInTheOneOrderEveryServiceUses() {
        store.addCalendar(new UserCalendar("alice-zeta", "alice", "Zeta", CalendarColour.RED));
        store.addCalendar(new UserCalendar("alice-alpha", "alice", "alpha", CalendarColour.GREEN));
        List<UserCalendar> listed = store.calendars("alice");
        // Code-point order, whatever the database's collation ("Zeta" before "alpha"): as the in-memory service and the replica list them.
        assertThat(listed).extracting(UserCalendar::name).containsExactly("Work", "Zeta", "alpha");
        assertThat(new org.thinrich.calendar.core.InMemoryCalendarService(List.of(listed.get(2), listed.get(0), listed.get(1))).calendars())
                .isEqualTo(listed);
    }

    @Test
    void aUserCannotKeepMoreEventsThanTheQuota() {
        store.limitEventsPerUser(30);
        List<CalendarEvent> twenty = new ArrayList<>();
        for (int i = 0; i < 20; i++) twenty.add(meeting("Imported " + i));
        store.importEvents("alice", "alice-work", twenty);
        for (int i = 0; i < 10; i++) store.create("alice", meeting("Made " + i));
        assertThatThrownBy(() -> store.create("alice", meeting("One too many"))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("You keep 30 events; with 1 more you would pass the 30 one user may keep");
        List<CalendarEvent> more = List.of(meeting("Import a"), meeting("Import b"));
        assertThatThrownBy(() -> store.importEvents("alice", "alice-work", more)).isInstanceOf(ValidationException.class);
        assertThat(store.eventCount("alice")).as("nothing half-imported").isEqualTo(30);
        assertThat(store.create("bob", CalendarEvent.timed("bob-work", "Bob's own", nine, nine.plusHours(1)))).as("another user's room").isNotNull();
        store.delete("alice", twenty.get(0).id());
        assertThat(store.create("alice", meeting("Room again"))).as("after a delete").isNotNull();
    }

    @Test
    void passwordsAndTokens() {
        UserAccounts accounts = new UserAccounts(database, Clock.systemUTC(), 1_000);
        assertThat(accounts.login("alice", "wrong-password".toCharArray())).isEmpty();
        assertThat(accounts.login("nobody", "alice-secret".toCharArray())).isEmpty();
        String token = accounts.login("alice", "alice-secret".toCharArray()).orElseThrow();
        assertThat(accounts.userForToken(token)).contains("alice");
        assertThat(accounts.userForToken(token + "x")).isEmpty();
        assertThatThrownBy(() -> accounts.create("Bad Name", "long-enough".toCharArray())).hasMessageContaining("user name");
        assertThatThrownBy(() -> accounts.create("carol", "short".toCharArray())).hasMessageContaining("password needs");
    }

    private Database reopen() {
        return address == null ? Database.open(directory) : Database.open(address);
    }

    private CalendarEvent meeting(String title) {
        return CalendarEvent.timed("alice-work", title, nine, nine.plusHours(1));
    }

    // ---- operations of rich clients ----

    private static final java.util.UUID LAPTOP = java.util.UUID.randomUUID();
    private static final java.util.UUID PHONE = java.util.UUID.randomUUID();

    @Test
    void editsOfDifferentPartsMergeAndOfTheSamePartConflictUnlessTheSameClientMadeBoth() {
        CalendarEvent base = store.create("alice", meeting("Plan"));
        SyncOutcome laptopTitle = store.changeOnce("alice", new OperationKey(LAPTOP, 1), base.id(), base.version(), e -> EventPatch.title("Laptop"));
        assertThat(laptopTitle).isInstanceOf(SyncOutcome.Applied.class);
        // The phone saw the base version only: its room merges, its title conflicts.
        SyncOutcome phoneRoom = store.changeOnce("alice", new OperationKey(PHONE, 1), base.id(), base.version(),
                e -> new EventPatch(null, null, "Room 2", null, null, null, null, null, false));
        SyncOutcome phoneTitle = store.changeOnce("alice", new OperationKey(PHONE, 2), base.id(), base.version(), e -> EventPatch.title("Phone"));
        assertThat(phoneRoom).isInstanceOf(SyncOutcome.Applied.class);
        assertThat(phoneTitle).isInstanceOfSatisfying(SyncOutcome.Conflict.class, c -> assertThat(c.serverCopy().title()).isEqualTo("Laptop"));
        // The laptop's second title edit, made on top of its first, is no conflict with its own.
        SyncOutcome laptopAgain = store.changeOnce("alice", new OperationKey(LAPTOP, 2), base.id(), base.version(), e -> EventPatch.title("Laptop 2"));
        assertThat(laptopAgain).isInstanceOf(SyncOutcome.Applied.class);
        CalendarEvent now = store.event("alice", base.id()).orElseThrow();
        assertThat(now.title()).isEqualTo("Laptop 2");
        assertThat(now.location()).isEqualTo("Room 2");
        // The phone's delete made on the base version conflicts: others changed the event since.
        assertThat(store.deleteOnce("alice", new OperationKey(PHONE, 3), base.id(), base.version())).isInstanceOf(SyncOutcome.Conflict.class);
        assertThat(store.deleteOnce("alice", new OperationKey(PHONE, 4), base.id(), now.version())).isInstanceOf(SyncOutcome.Applied.class);
    }

    @Test
    void anOperationPushedTwiceIsAppliedOnce() {
        CalendarEvent event = meeting("Once");
        SyncOutcome first = store.createOnce("alice", new OperationKey(LAPTOP, 7), event);
        long version = store.currentVersion();
        SyncOutcome again = store.createOnce("alice", new OperationKey(LAPTOP, 7), event);
        assertThat(again).isEqualTo(first);
        assertThat(store.currentVersion()).isEqualTo(version);
        SyncOutcome change = store.changeOnce("alice", new OperationKey(LAPTOP, 8), event.id(), 0, e -> EventPatch.title("Twice?"));
        assertThat(store.changeOnce("alice", new OperationKey(LAPTOP, 8), event.id(), 0, e -> EventPatch.title("Twice?"))).isEqualTo(change);
        assertThat(store.currentVersion()).isEqualTo(version + 1);
        // The same numbers from another user's client are another operation, on that user's events only.
        assertThat(store.changeOnce("bob", new OperationKey(LAPTOP, 8), event.id(), 0, e -> EventPatch.title("Bob")))
                .isInstanceOf(SyncOutcome.Rejected.class);
    }

    @Test
    void anEditThatBreaksARuleIsRejectedWithTheReasonAndChangesNothing() {
        CalendarEvent event = store.create("alice", meeting("Valid"));
        SyncOutcome outcome = store.changeOnce("alice", new OperationKey(PHONE, 1), event.id(), event.version(), e -> EventPatch.title("x".repeat(300)));
        assertThat(outcome).isInstanceOfSatisfying(SyncOutcome.Rejected.class, r -> {
            assertThat(r.reason()).contains("title");
            assertThat(r.serverCopy()).isEqualTo(event);
        });
        assertThat(store.event("alice", event.id()).orElseThrow()).isEqualTo(event);
    }

    @Test
    void forgettingTombstonesRaisesTheSyncHorizon() {
        CalendarEvent kept = store.create("alice", meeting("Kept"));
        CalendarEvent gone = store.create("alice", meeting("Gone"));
        CalendarEvent tombstone = store.delete("alice", gone.id());
        assertThat(store.syncHorizon()).isZero();
        assertThat(store.forgetTombstonesBefore(java.time.Instant.now().plusSeconds(1))).isEqualTo(1);
        assertThat(store.syncHorizon()).isEqualTo(tombstone.version());
        assertThat(store.eventIncludingDeleted("alice", gone.id())).isEmpty();
        assertThat(store.event("alice", kept.id())).isPresent();
    }
}
