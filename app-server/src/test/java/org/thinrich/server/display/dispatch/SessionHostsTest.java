package org.thinrich.server.display.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;
import org.thinrich.thin.engine.ConnectionState;
import org.thinrich.thin.engine.ThinEngine;
import org.thinrich.thin.engine.ThinListener;

/**
 * Thin sessions in session hosts, one process per session: each user's session runs in a JVM of
 * its own; a host killed with SIGKILL takes only its own session, whose client is told and gets a
 * new one; changes made elsewhere reach a hosted session.
 */
class SessionHostsTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path directory;
    static AppServer server;

    @BeforeAll
    static void start() {
        server = AppServer.start(ServerConfig.defaults(directory).withPort(0).withDemo(true).withPasswordIterations(1_000)
                .withZone(ZONE).withThinSessions(HostingMode.PROCESS_PER_SESSION).withDisplayGrace(Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A thin client and what its connection went through. */
    record Client(ThinEngine engine, List<String> states) implements AutoCloseable {
        @Override
        public void close() {
            engine.close();
        }
    }

    private static Client connect(String user) throws Exception {
        List<String> states = new CopyOnWriteArrayList<>();
        ThinEngine engine = new ThinEngine(server.uri(), new ThinListener() {
            @Override
            public void stateChanged(ConnectionState state, String detail) {
                states.add(state + ": " + detail);
            }
        });
        long started = System.nanoTime();
        engine.connect(user, user + "-demo", 1280, 800);
        long deadline = started + WAIT.toNanos();
        while (!notBlank(engine.snapshot()) && System.nanoTime() < deadline) Thread.sleep(20);
        System.out.printf("%s's first frame after %d ms%n", user, (System.nanoTime() - started) / 1_000_000);
        assertThat(engine.awaitQuiet(Duration.ofMillis(400), WAIT)).isTrue();
        return new Client(engine, states);
    }

    private static long hostOf(ThinEngine engine) {
        return server.hosts().hostPidOf(engine.sessionId()).orElseThrow();
    }

    private static boolean notBlank(Framebuffer frame) {
        int first = frame.get(0, 0);
        for (int y = 0; y < frame.height(); y += 7) {
            for (int x = 0; x < frame.width(); x += 7) if (frame.get(x, y) != first) return true;
        }
        return false;
    }

    @Test
    void eachSessionRunsInAHostOfItsOwnAndAKilledHostTakesOnlyItsOwn() throws Exception {
        try (Client alice = connect("alice"); Client bob = connect("bob")) {
            assertThat(notBlank(alice.engine().snapshot())).as("alice sees her calendar").isTrue();
            long alicesHost = hostOf(alice.engine());
            long bobsHost = hostOf(bob.engine());
            assertThat(alicesHost).isNotEqualTo(bobsHost).isNotEqualTo(ProcessHandle.current().pid());

            String before = alice.engine().sessionId();
            ProcessHandle.of(alicesHost).orElseThrow().destroyForcibly();

            // Alice is told in one sentence, and her client opens a new session in another host.
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((alice.engine().sessionId().equals(before) || alice.engine().state() != ConnectionState.CONNECTED)
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(alice.states()).anyMatch(s -> s.contains("Your session stopped on the server"));
            assertThat(alice.engine().sessionId()).isNotEqualTo(before);
            while (!notBlank(alice.engine().snapshot()) && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(notBlank(alice.engine().snapshot())).as("alice's new session is drawn").isTrue();
            assertThat(hostOf(alice.engine())).isNotEqualTo(alicesHost);

            // Bob noticed nothing: same session, same host, and his inputs are still answered.
            assertThat(bob.states()).noneMatch(s -> s.startsWith("RECONNECTING"));
            assertThat(hostOf(bob.engine())).isEqualTo(bobsHost);
            int input = bob.engine().pointer(640, 400, 0, 0);
            assertThat(bob.engine().awaitReflected(input, WAIT)).isTrue();
        }
    }

    /**
     * Carol's week holds thousands of events: laying it out keeps her session's JavaFX thread busy
     * for a long while. Alice's inputs are answered meanwhile, since her session runs elsewhere.
     */
    @Test
    void aVeryBusySessionDoesNotHoldUpAnotherUsersInputs() throws Exception {
        server.accounts().create("carol", "carol-password".toCharArray());
        server.store().addCalendar(new org.thinrich.calendar.core.UserCalendar("carol-work", "carol", "Work",
                org.thinrich.calendar.core.CalendarColour.BLUE));
        ZonedDateTime monday = ZonedDateTime.now(ZONE).with(java.time.DayOfWeek.MONDAY).withHour(8).withMinute(0).withSecond(0).withNano(0);
        List<CalendarEvent> crowd = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            ZonedDateTime at = monday.plusDays(i % 5).plusMinutes(5L * (i % 100));
            crowd.add(CalendarEvent.timed("carol-work", "Crowd " + i, at, at.plusHours(1)));
        }
        server.store().importEvents("carol", "carol-work", crowd);

        try (Client alice = connect("alice")) {
            List<Long> alone = pointerMoves(alice.engine());
            ThinEngine carol = new ThinEngine(server.uri(), new ThinListener() { });
            Thread opening = new Thread(() -> {
                try {
                    carol.connect("carol", "carol-password", 1280, 800);
                } catch (Exception ignored) {
                    // still laying out when the test ends: that is the point
                }
            });
            opening.start();
            try {
                Thread.sleep(1500); // carol's session is being built and laid out now
                List<Long> answered = pointerMoves(alice.engine());
                System.out.println("alice's inputs answered in " + answered + " ms while carol's session was busy; alone " + alone + " ms");
                assertThat(answered).allMatch(ms -> ms < 1000);
            } finally {
                carol.close();
                opening.join(10_000);
            }
        }
    }

    /**
     * Alice drags an event in a session of one host; the server's own listeners hear of it, and her
     * second session, in another host, shows it: changes cross processes through the store.
     */
    /** Ten pointer moves 100 ms apart, each waited for: how long each took to be answered, in ms. */
    private static List<Long> pointerMoves(ThinEngine engine) throws InterruptedException {
        List<Long> answered = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long sent = System.nanoTime();
            int input = engine.pointer(300 + 20 * i, 300 + (answered.size() % 2), 0, 0);
            assertThat(engine.awaitReflected(input, Duration.ofSeconds(5))).as("input %d answered", i).isTrue();
            answered.add((System.nanoTime() - sent) / 1_000_000);
            Thread.sleep(100);
        }
        return answered;
    }

    @Test
    void anEditInOneHostReachesTheServerAndASessionInAnotherHost() throws Exception {
        try (Client first = connect("alice"); Client second = connect("alice")) {
            assertThat(hostOf(first.engine())).isNotEqualTo(hostOf(second.engine()));
            java.util.concurrent.BlockingQueue<org.thinrich.calendar.core.CalendarChange> heard = new java.util.concurrent.LinkedBlockingQueue<>();
            try (AutoCloseable listening = server.store().subscribe("alice", heard::add)) {
                var screen = screenOf(first.engine());
                var event = java.util.stream.StreamSupport.stream(screen.path("events").spliterator(), false)
                        .filter(e -> !e.get("recurring").asBoolean()).findFirst().orElseThrow();
                var day = java.time.LocalDate.parse(event.get("start").asText().substring(0, 10));
                var column = java.util.stream.StreamSupport.stream(screen.path("days").spliterator(), false)
                        .filter(d -> d.get("date").asText().equals(day.toString())).findFirst().orElseThrow();
                double hour = column.get("hours").get(13).asDouble() - column.get("hours").get(12).asDouble();
                int x = event.get("x").asInt();
                int y = event.get("y").asInt();
                Framebuffer before = second.engine().snapshot();
                long sent = System.nanoTime();
                first.engine().drag(x, y, x, (int) (y + hour), 6);

                var change = heard.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(change).as("the server heard of the hosted session's edit").isNotNull();
                assertThat(change.event().id()).isEqualTo(event.get("id").asText());
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (second.engine().snapshot().samePixels(before) && System.nanoTime() < deadline) Thread.sleep(2);
                assertThat(second.engine().snapshot().samePixels(before)).as("the session in the other host shows the move").isFalse();
                System.out.println("a drag in one host shown in another after " + (System.nanoTime() - sent) / 1_000_000 + " ms");
            }
        }
    }

    /** The screen map of an engine's session, asked over HTTP as its user (alice). */
    private static com.fasterxml.jackson.databind.JsonNode screenOf(ThinEngine engine) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var login = http.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/api/login"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"user\":\"alice\",\"password\":\"alice-demo\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        String token = org.thinrich.server.http.Json.MAPPER.readTree(login.body()).get("token").asText();
        var screen = http.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/api/display/sessions/" + engine.sessionId() + "/screen"))
                .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(screen.statusCode()).as(screen.body()).isEqualTo(200);
        return org.thinrich.server.http.Json.MAPPER.readTree(screen.body());
    }

    @Test
    void aChangeStoredByTheServerReachesAHostedSession() throws Exception {
        try (Client alice = connect("alice")) {
            Framebuffer before = alice.engine().snapshot();
            ZonedDateTime at = ZonedDateTime.now(ZONE).withHour(10).withMinute(0).withSecond(0).withNano(0);
            server.store().create("alice", CalendarEvent.timed("alice-work", "Hosted change", at, at.plusHours(2)));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (alice.engine().snapshot().samePixels(before) && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(alice.engine().snapshot().samePixels(before)).as("the new event is drawn").isFalse();
        }
    }

    /** A calendar added, recoloured and deleted by another client shows at once in a hosted thin session, with its events. */
    @Test
    void aCalendarChangedElsewhereShowsAtOnceInAHostedSession() throws Exception {
        try (Client alice = connect("alice")) {
            var family = server.store().addCalendar(new org.thinrich.calendar.core.UserCalendar("alice-hosted-family", "alice", "Family",
                    org.thinrich.calendar.core.CalendarColour.GREEN));
            ZonedDateTime at = ZonedDateTime.now(ZONE).withHour(15).withMinute(0).withSecond(0).withNano(0);
            server.store().create("alice", CalendarEvent.timed(family.id(), "Family dinner", at, at.plusHours(2)));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!shows(alice, "Family dinner") && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(shows(alice, "Family dinner")).as("the new calendar and its event are shown").isTrue();

            assertThat(alice.engine().awaitQuiet(Duration.ofMillis(300), WAIT)).isTrue();
            Framebuffer green = alice.engine().snapshot();
            server.store().changeCalendar("alice", family.id(), "Family", org.thinrich.calendar.core.CalendarColour.PURPLE);
            while (alice.engine().snapshot().samePixels(green) && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(alice.engine().snapshot().samePixels(green)).as("the recoloured calendar's event is drawn anew").isFalse();

            server.store().deleteCalendar("alice", family.id());
            while (shows(alice, "Family dinner") && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(shows(alice, "Family dinner")).as("gone with its calendar").isFalse();
        }
    }

    private static boolean shows(Client client, String title) throws Exception {
        return java.util.stream.StreamSupport.stream(screenOf(client.engine()).path("events").spliterator(), false)
                .anyMatch(e -> e.get("title").asText().equals(title));
    }

    @Test
    void aHostedSessionShowsTheZoneItsClientAsksFor() throws Exception {
        try (ThinEngine engine = new ThinEngine(server.uri(), new ThinListener() { }).zone(ZoneId.of("Asia/Tokyo"))) {
            engine.connect("alice", "alice-demo", 1280, 800);
            assertThat(engine.awaitQuiet(Duration.ofMillis(400), WAIT)).isTrue();
            assertThat(org.thinrich.server.display.ThinPathEndToEndTest.shownAtTheirHour(screenOf(engine), ZoneId.of("Asia/Tokyo")))
                    .isPositive();
        }
    }
}
