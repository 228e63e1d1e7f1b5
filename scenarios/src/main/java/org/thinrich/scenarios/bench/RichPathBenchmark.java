package org.thinrich.scenarios.bench;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.calendar.core.UserCalendar;
import org.thinrich.rich.engine.RichEngine;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;
import org.thinrich.scenarios.link.LinkCounters;
import org.thinrich.scenarios.link.LinkProfiles;
import org.thinrich.scenarios.link.WanLink;

/**
 * A recorded run of the rich path on loopback: a real server, users of 1,000 events (the project's
 * own, and the same with notes as calendar programs write them), headless rich engines on real
 * replica files. Bytes are counted by a relay between engine and server (the in-process link,
 * "lan" profile): everything that crossed, login, WebSocket upgrade and framing included. Prints
 * the initial sync, each edit's pick-up by another client and the writer's whole exchange, the
 * idle keep-alive, and response and commit latency (HdrHistogram percentiles), online and offline.
 *
 * <pre>mvn -B -q -pl scenarios -am install -DskipTests
 * mvn -B -q -pl scenarios exec:java \
 *     -Dexec.mainClass=org.thinrich.scenarios.bench.RichPathBenchmark -Dexec.args="--rounds 20 [--database postgresql] [--idle-seconds 60]"</pre>
 */
public final class RichPathBenchmark {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String USER = "bench";
    private static final String NOTES_USER = "notes";
    private static final String PASSWORD = "bench-password";
    private static final List<String> TITLES = List.of("Team stand-up", "Weekly planning", "1:1 with Sam", "Customer call - ACME",
            "Budget review", "Hiring interview", "Design review", "Lunch with Priya", "Dentist", "Yoga", "Sprint retrospective",
            "Roadmap workshop", "Call the plumber", "Parents' evening", "Flight to Lisbon", "Board meeting", "Code review",
            "Quarterly business review", "Swimming lesson", "Book club");
    private static final List<String> PLACES = List.of("", "", "Room Turing", "Room Hopper", "Online", "Café Central", "Office");

    /** What crossed one relay during one edit: the writer's whole exchange, or a reader's pick-up. */
    private record EditSample(long writerUp, long writerDown, long readerUp, long readerDown) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 20;
        int idleSeconds = 60;
        String database = "h2";
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--rounds")) rounds = Integer.parseInt(args[i + 1]);
            else if (args[i].equals("--idle-seconds")) idleSeconds = Integer.parseInt(args[i + 1]);
            else if (args[i].equals("--database") && List.of("h2", "postgresql").contains(args[i + 1])) database = args[i + 1];
            else throw new IllegalArgumentException("Unknown option " + args[i] + "; use --rounds N, --idle-seconds S and --database h2|postgresql");
        }
        try {
            new RichPathBenchmark().run(rounds, idleSeconds, database);
        } catch (Exception e) {
            System.err.println("The benchmark failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** 1,000 events over a year, as a busy person's calendar has them: mostly meetings, some all-day, some weekly. */
    static List<CalendarEvent> thousandEvents(String work, String home) {
        Random random = new Random(42);
        List<CalendarEvent> events = new ArrayList<>();
        LocalDate first = LocalDate.of(2026, 6, 1);
        for (int i = 0; i < 1000; i++) {
            LocalDate day = first.plusDays(random.nextInt(365));
            String calendar = random.nextInt(3) == 0 ? home : work;
            String title = TITLES.get(random.nextInt(TITLES.size()));
            CalendarEvent e;
            if (random.nextInt(10) == 0) {
                e = CalendarEvent.allDay(calendar, title, day, day.plusDays(random.nextInt(3)), ZONE);
            } else {
                ZonedDateTime start = day.atTime(8 + random.nextInt(10), 15 * random.nextInt(4)).atZone(ZONE);
                e = CalendarEvent.timed(calendar, title, start, start.plusMinutes(30L * (1 + random.nextInt(4))));
            }
            e = e.withLocation(PLACES.get(random.nextInt(PLACES.size())));
            if (random.nextInt(20) == 0) e = e.withRecurrenceRule("FREQ=WEEKLY;COUNT=" + (4 + random.nextInt(20)));
            events.add(e);
        }
        return events;
    }

    private void run(int rounds, int idleSeconds, String database) throws Exception {
        Path data = ScratchDirectory.create("rich-bench");
        // postgresql: the store on a PostgreSQL server of our own (commits synchronous, as a real server's), as a cluster's nodes have it.
        org.thinrich.scenarios.cluster.ClusterDatabase postgres = database.equals("postgresql")
                ? org.thinrich.scenarios.cluster.ClusterDatabase.embedded(data.resolve("postgres")) : null;
        ServerConfig config = ServerConfig.defaults(data).withPort(0).withPasswordIterations(1_000).withZone(ZONE);
        AppServer server = AppServer.start(postgres == null ? config : config.withDatabase(postgres.address()));
        System.out.println("Store: " + (postgres == null ? "embedded H2 file" : "PostgreSQL " + postgres.address()));
        try {
            seed(server, USER, false);
            seed(server, NOTES_USER, true);
            System.out.printf("Server: %s, user %s with %d events, user %s with the same and notes; bytes counted by a relay (lan link)%n",
                    server.uri(), USER, server.store().eventCount(USER), NOTES_USER, server.store().eventCount(NOTES_USER));

            initialSync(server, data, USER, "the project's events", Math.max(3, rounds / 10));
            initialSync(server, data, NOTES_USER, "with notes", Math.max(3, rounds / 10));
            pickUps(server, data, USER, rounds);
            pickUps(server, data, NOTES_USER, rounds);
            idle(server, data, idleSeconds);
            edits(server, data, rounds);
        } finally {
            server.close();
            if (postgres != null) postgres.close();
        }
    }

    private static void seed(AppServer server, String user, boolean notes) {
        server.accounts().create(user, PASSWORD.toCharArray());
        UserCalendar work = server.store().addCalendar(new UserCalendar(user + "-work", user, "Work", CalendarColour.BLUE));
        UserCalendar home = server.store().addCalendar(new UserCalendar(user + "-home", user, "Home", CalendarColour.GREEN));
        List<CalendarEvent> events = thousandEvents(work.id(), home.id());
        if (notes) events = CalDavBenchmark.withNotes(events);
        for (UserCalendar c : List.of(work, home)) {
            server.store().importEvents(user, c.id(), events.stream().filter(e -> e.calendarId().equals(c.id())).toList());
        }
    }

    private static WanLink link(AppServer server, long seed) {
        return WanLink.start(new InetSocketAddress("127.0.0.1", server.uri().getPort()), LinkProfiles.named("lan"), seed);
    }

    private void initialSync(AppServer server, Path data, String user, String label, int repeats) throws Exception {
        Histogram millis = new Histogram(3);
        long wireDown = 0;
        long wireUp = 0;
        long loginBytes = 0;
        long messages = 0;
        for (int i = 0; i <= repeats; i++) {
            try (WanLink link = link(server, i);
                    RichEngine engine = RichEngine.open(link.uri(), user, PASSWORD, data.resolve("replica-initial-" + user + i), Clock.systemUTC())) {
                engine.pingEvery(Duration.ZERO);
                long t0 = System.nanoTime();
                engine.checkLogin();
                Thread.sleep(50); // the relay counts what it has passed on
                LinkCounters login = link.counters();
                engine.goOnline();
                if (!engine.awaitSynced(WAIT)) throw new IllegalStateException("The initial sync did not finish in " + WAIT);
                long took = System.nanoTime() - t0;
                if (i == 0) continue; // warm-up
                millis.recordValue(took / 1_000_000);
                LinkCounters all = link.counters();
                wireDown = all.bytesDown();
                wireUp = all.bytesUp();
                loginBytes = login.bytesUp() + login.bytesDown();
                messages = engine.metrics().messagesDown() + engine.metrics().messagesUp();
                int held = engine.calendar().events(Instant.EPOCH, Instant.parse("3000-01-01T00:00:00Z")).size();
                if (held != 1000) throw new IllegalStateException("The replica holds " + held + " events, not 1000");
            }
        }
        System.out.printf("%nInitial sync of 1,000 events, %s (%d runs, fresh replica each, whole wire):%n", label, repeats);
        System.out.printf("  %,d B down, %,d B up (login %,d B of it, both ways); %d WebSocket messages%n", wireDown, wireUp, loginBytes, messages);
        System.out.printf("  time: p50 %d ms, max %d ms (login included, replica written to disk)%n",
                millis.getValueAtPercentile(50), millis.getMaxValue());
    }

    /**
     * Two clients of one user, each through its own relay: the writer edits, the reader picks the
     * edit up. Per edit kind, the median of what crossed each relay (after one warm-up round).
     */
    private void pickUps(AppServer server, Path data, String user, int rounds) throws Exception {
        try (WanLink writerLink = link(server, 11); WanLink readerLink = link(server, 12);
                RichEngine writer = RichEngine.open(writerLink.uri(), user, PASSWORD, data.resolve("replica-writer-" + user), Clock.systemUTC());
                RichEngine reader = RichEngine.open(readerLink.uri(), user, PASSWORD, data.resolve("replica-reader-" + user), Clock.systemUTC())) {
            for (RichEngine e : List.of(writer, reader)) {
                e.pingEvery(Duration.ZERO);
                e.goOnline();
                if (!e.awaitSynced(WAIT)) throw new IllegalStateException("The first sync did not finish");
            }
            Map<String, List<EditSample>> samples = new LinkedHashMap<>();
            List<CalendarEvent> movable = new ArrayList<>(writer.calendar().events(Instant.EPOCH, Instant.parse("3000-01-01T00:00:00Z"))
                    .stream().filter(e -> !e.allDay() && !e.recurring()).toList());
            String calendar = writer.calendar().calendars().get(0).id();
            ZonedDateTime base = ZonedDateTime.of(2027, 3, 1, 9, 0, 0, 0, ZONE);
            for (int round = 0; round <= rounds; round++) {
                CalendarEvent current = writer.calendar().event(movable.get(round % movable.size()).id()).orElseThrow();
                ZonedDateTime later = current.start().plusMinutes(30);
                pickUp(writerLink, readerLink, writer, reader, samples, round, "move", current.id(), () -> writer.calendar().update(current.id(),
                        EventPatch.times(later, current.end().plusMinutes(30), false)), e -> e != null && e.start().isEqual(later));
                String title = "Renamed " + current.title();
                pickUp(writerLink, readerLink, writer, reader, samples, round, "retitle", current.id(),
                        () -> writer.calendar().update(current.id(), EventPatch.title(title)), e -> e != null && e.title().equals(title));
                ZonedDateTime at = base.plusDays(round);
                CalendarEvent fresh = CalendarEvent.timed(calendar, "Coffee with Ana", at, at.plusMinutes(30));
                pickUp(writerLink, readerLink, writer, reader, samples, round, "create", fresh.id(), () -> writer.calendar().create(fresh),
                        e -> e != null);
                pickUp(writerLink, readerLink, writer, reader, samples, round, "delete", fresh.id(), () -> writer.calendar().delete(fresh.id()),
                        e -> e == null);
                // Calendars (protocol version 3): made, renamed and recoloured, deleted (empty).
                String name = "Book club " + round;
                UserCalendar[] made = new UserCalendar[1];
                pickUp(writerLink, readerLink, writer, reader, samples, round, "cal add",
                        () -> made[0] = writer.calendar().addCalendar(name, CalendarColour.PURPLE),
                        () -> reader.calendar().calendars().stream().anyMatch(c -> c.name().equals(name)));
                pickUp(writerLink, readerLink, writer, reader, samples, round, "cal name",
                        () -> writer.calendar().changeCalendar(made[0].id(), name + "!", CalendarColour.ORANGE),
                        () -> reader.calendar().calendars().stream().anyMatch(c -> c.name().equals(name + "!")));
                pickUp(writerLink, readerLink, writer, reader, samples, round, "cal del",
                        () -> writer.calendar().deleteCalendar(made[0].id()),
                        () -> reader.calendar().calendars().stream().noneMatch(c -> c.id().equals(made[0].id())));
            }
            System.out.printf("%nEdits of %s's events (%d rounds after one warm-up; medians of what crossed each relay, "
                    + "WebSocket framing and TCP payload):%n", user, rounds);
            System.out.printf("  %-8s %16s %16s %16s%n", "edit", "writer up+down", "writer total", "another client");
            for (var entry : samples.entrySet()) {
                List<EditSample> list = entry.getValue();
                System.out.printf("  %-8s %7s + %4s B %14s B %14s B%n", entry.getKey(), median(list, EditSample::writerUp),
                        median(list, EditSample::writerDown), median(list, x -> x.writerUp() + x.writerDown()),
                        median(list, x -> x.readerUp() + x.readerDown()));
            }
        }
    }

    private void pickUp(WanLink writerLink, WanLink readerLink, RichEngine writer, RichEngine reader, Map<String, List<EditSample>> samples,
            int round, String kind, String id, Runnable edit, java.util.function.Predicate<CalendarEvent> seen) throws InterruptedException {
        pickUp(writerLink, readerLink, writer, reader, samples, round, kind, edit, () -> seen.test(reader.calendar().event(id).orElse(null)));
    }

    private void pickUp(WanLink writerLink, WanLink readerLink, RichEngine writer, RichEngine reader, Map<String, List<EditSample>> samples,
            int round, String kind, Runnable edit, java.util.function.BooleanSupplier seen) throws InterruptedException {
        LinkCounters w = writerLink.counters();
        LinkCounters r = readerLink.counters();
        edit.run();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!seen.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("The other client did not see the " + kind);
            Thread.sleep(2);
        }
        if (!writer.awaitSynced(WAIT) || !reader.awaitSynced(WAIT)) throw new IllegalStateException(kind + " did not sync");
        Thread.sleep(30); // anything that follows the change (there should be nothing)
        LinkCounters wd = writerLink.counters().minus(w);
        LinkCounters rd = readerLink.counters().minus(r);
        if (round > 0) samples.computeIfAbsent(kind, k -> new ArrayList<>()).add(new EditSample(wd.bytesUp(), wd.bytesDown(), rd.bytesUp(), rd.bytesDown()));
    }

    /** An idle client: what its keep-alive costs, and the trade-off of shorter and longer intervals. */
    private void idle(AppServer server, Path data, int seconds) throws Exception {
        try (WanLink link = link(server, 21);
                RichEngine engine = RichEngine.open(link.uri(), USER, PASSWORD, data.resolve("replica-idle"), Clock.systemUTC())) {
            engine.goOnline();
            if (!engine.awaitSynced(WAIT)) throw new IllegalStateException("The first sync did not finish: " + engine.state() + ", " + engine.stateDetail() + ", pulled " + engine.metrics().eventsPulled() + ", resyncs " + engine.metrics().resyncs());
            LinkCounters before = link.counters();
            long pingsBefore = engine.metrics().rtt().getTotalCount();
            Thread.sleep(seconds * 1000L);
            LinkCounters idle = link.counters().minus(before);
            long pings = engine.metrics().rtt().getTotalCount() - pingsBefore;
            double perMinute = (idle.bytesUp() + idle.bytesDown()) * 60.0 / seconds;
            double perPing = pings == 0 ? 0 : (idle.bytesUp() + idle.bytesDown()) / (double) pings;
            System.out.printf("%nIdle, keep-alive every %d s (default), %d s measured: %d pings, %,d B up, %,d B down: %.0f B per minute%n",
                    RichEngine.KEEP_ALIVE.toSeconds(), seconds, pings, idle.bytesUp(), idle.bytesDown(), perMinute);
            System.out.printf("  keep-alive trade-off (%.0f B per ping on the wire): %n", perPing);
            for (int every : new int[] {5, 10, 20, 60}) {
                System.out.printf("    every %2d s: %4.0f B per minute, a dead connection noticed within %d s%n", every, perPing * 60 / every, every + 10);
            }
        }
    }

    private void edits(AppServer server, Path data, int rounds) throws Exception {
        try (RichEngine engine = RichEngine.open(server.uri(), USER, PASSWORD, data.resolve("replica-edits"), Clock.systemUTC())) {
            engine.pingEvery(Duration.ZERO);
            engine.goOnline();
            if (!engine.awaitSynced(WAIT)) throw new IllegalStateException("The first sync did not finish: " + engine.state() + ", " + engine.stateDetail() + ", pulled " + engine.metrics().eventsPulled() + ", resyncs " + engine.metrics().resyncs());
            List<CalendarEvent> movable = new ArrayList<>(engine.calendar().events(Instant.EPOCH, Instant.parse("3000-01-01T00:00:00Z"))
                    .stream().filter(e -> !e.allDay() && !e.recurring()).toList());
            String calendar = engine.calendar().calendars().get(0).id();
            ZonedDateTime base = ZonedDateTime.of(2027, 3, 1, 9, 0, 0, 0, ZONE);
            for (int round = 0; round <= rounds; round++) {
                CalendarEvent e = movable.get(round % movable.size());
                CalendarEvent current = engine.calendar().event(e.id()).orElseThrow();
                engine.calendar().update(current.id(), EventPatch.times(current.start().plusMinutes(30), current.end().plusMinutes(30), false));
                engine.calendar().update(current.id(), EventPatch.title("Renamed " + current.title()));
                ZonedDateTime at = base.plusDays(round);
                CalendarEvent created = engine.calendar().create(CalendarEvent.timed(calendar, "Coffee with Ana", at, at.plusMinutes(30)));
                engine.calendar().delete(created.id());
                if (!engine.awaitSynced(WAIT)) throw new IllegalStateException("The edits did not sync");
            }
            Histogram online = engine.metrics().response();
            Histogram commit = engine.metrics().commit();

            // Offline: no network at all on the path, the same local work.
            engine.goOffline();
            long before = engine.metrics().response().getTotalCount();
            for (int i = 0; i < rounds * 4; i++) {
                CalendarEvent e = movable.get(i % movable.size());
                CalendarEvent current = engine.calendar().event(e.id()).orElseThrow();
                engine.calendar().update(current.id(), EventPatch.times(current.start().plusMinutes(15), current.end().plusMinutes(15), false));
            }
            Histogram all = engine.metrics().response();
            System.out.printf("%nLocal response latency (edit -> replica written and UI told), %d edits online, %d offline:%n",
                    online.getTotalCount(), all.getTotalCount() - before);
            System.out.printf("  online (loopback): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", ms(online, 50), ms(online, 99), online.getMaxValue() / 1e6);
            System.out.printf("  online + offline:  p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", ms(all, 50), ms(all, 99), all.getMaxValue() / 1e6);
            System.out.printf("Commit latency (edit -> server's ack), loopback: p50 %.2f ms, p99 %.2f ms%n", ms(commit, 50), ms(commit, 99));
            engine.goOnline();
            if (!engine.awaitSynced(WAIT)) throw new IllegalStateException("The offline edits did not sync");
            System.out.printf("Offline edits sent after reconnecting: %d operations applied in all, %d conflicts%n",
                    engine.metrics().operationsApplied(), engine.metrics().conflicts());
        }
    }

    private static long median(List<EditSample> list, java.util.function.ToLongFunction<EditSample> f) {
        long[] values = list.stream().mapToLong(f).sorted().toArray();
        return values[values.length / 2];
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e6;
    }
}
