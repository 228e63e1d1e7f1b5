package org.thinrich.scenarios.bench;

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
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.calendar.core.UserCalendar;
import org.thinrich.rich.engine.RichEngine;
import org.thinrich.rich.engine.RichMetrics;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;
import org.thinrich.sync.protocol.ClientSyncCodec;
import org.thinrich.sync.protocol.Messages.Operation;
import org.thinrich.sync.protocol.Messages.PushOperations;

/**
 * A recorded run of the rich path on loopback: a real server with a user of 1,000 events, the
 * headless rich engine on a real replica file. Prints the initial sync (bytes, messages, time),
 * the bytes of each edit kind on the wire (WebSocket framing included), and response and commit
 * latency (HdrHistogram percentiles), online and offline.
 *
 * <pre>mvn -B -q -pl scenarios -am install -DskipTests
 * mvn -B -q -pl scenarios exec:java \
 *     -Dexec.mainClass=org.thinrich.scenarios.bench.RichPathBenchmark -Dexec.args="--rounds 50 [--database postgresql]"</pre>
 */
public final class RichPathBenchmark {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String USER = "bench";
    private static final String PASSWORD = "bench-password";
    private static final List<String> TITLES = List.of("Team stand-up", "Weekly planning", "1:1 with Sam", "Customer call - ACME",
            "Budget review", "Hiring interview", "Design review", "Lunch with Priya", "Dentist", "Yoga", "Sprint retrospective",
            "Roadmap workshop", "Call the plumber", "Parents' evening", "Flight to Lisbon", "Board meeting", "Code review",
            "Quarterly business review", "Swimming lesson", "Book club");
    private static final List<String> PLACES = List.of("", "", "Room Turing", "Room Hopper", "Online", "Café Central", "Office");

    private record EditSample(long pushWireBytes, long exchangeWireUp, long exchangeWireDown, long messages) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 50;
        String database = "h2";
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--rounds")) rounds = Integer.parseInt(args[i + 1]);
            else if (args[i].equals("--database") && List.of("h2", "postgresql").contains(args[i + 1])) database = args[i + 1];
            else throw new IllegalArgumentException("Unknown option " + args[i] + "; use --rounds N and --database h2|postgresql");
        }
        try {
            new RichPathBenchmark().run(rounds, database);
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

    private void run(int rounds, String database) throws Exception {
        Path data = ScratchDirectory.create("rich-bench");
        // postgresql: the store on a PostgreSQL server of our own (commits synchronous, as a real server's), as a cluster's nodes have it.
        org.thinrich.scenarios.cluster.ClusterDatabase postgres = database.equals("postgresql")
                ? org.thinrich.scenarios.cluster.ClusterDatabase.embedded(data.resolve("postgres")) : null;
        ServerConfig config = ServerConfig.defaults(data).withPort(0).withPasswordIterations(1_000).withZone(ZONE);
        AppServer server = AppServer.start(postgres == null ? config : config.withDatabase(postgres.address()));
        System.out.println("Store: " + (postgres == null ? "embedded H2 file" : "PostgreSQL " + postgres.address()));
        try {
            server.accounts().create(USER, PASSWORD.toCharArray());
            UserCalendar work = server.store().addCalendar(new UserCalendar(USER + "-work", USER, "Work", CalendarColour.BLUE));
            UserCalendar home = server.store().addCalendar(new UserCalendar(USER + "-home", USER, "Home", CalendarColour.GREEN));
            List<CalendarEvent> events = thousandEvents(work.id(), home.id());
            server.store().importEvents(USER, work.id(), events.stream().filter(e -> e.calendarId().equals(work.id())).toList());
            server.store().importEvents(USER, home.id(), events.stream().filter(e -> e.calendarId().equals(home.id())).toList());
            System.out.printf("Server: %s, user %s with %d events%n", server.uri(), USER, server.store().eventCount(USER));

            initialSync(server, data, Math.max(3, rounds / 10));
            edits(server, data, rounds);
        } finally {
            server.close();
            if (postgres != null) postgres.close();
        }
    }

    private void initialSync(AppServer server, Path data, int repeats) throws Exception {
        Histogram millis = new Histogram(3);
        long wireDown = 0;
        long wireUp = 0;
        long payloadDown = 0;
        long messages = 0;
        for (int i = 0; i <= repeats; i++) {
            try (RichEngine engine = RichEngine.open(server.uri(), USER, PASSWORD, data.resolve("replica-initial-" + i), Clock.systemUTC())) {
                engine.pingEvery(Duration.ZERO);
                engine.checkLogin();
                long t0 = System.nanoTime();
                engine.goOnline();
                if (!engine.awaitSynced(WAIT)) throw new IllegalStateException("The initial sync did not finish in " + WAIT);
                long took = System.nanoTime() - t0;
                if (i == 0) continue; // warm-up
                millis.recordValue(took / 1_000_000);
                RichMetrics m = engine.metrics();
                wireDown = m.wireBytesDown();
                wireUp = m.wireBytesUp();
                payloadDown = m.bytesDown();
                messages = m.messagesDown() + m.messagesUp();
                int held = engine.calendar().events(Instant.EPOCH, Instant.parse("3000-01-01T00:00:00Z")).size();
                if (held != 1000) throw new IllegalStateException("The replica holds " + held + " events, not 1000");
            }
        }
        System.out.printf("%nInitial sync of 1,000 events (%d runs, fresh replica each):%n", repeats);
        System.out.printf("  bytes down %,d on the wire (%,d payload), up %,d; %d messages in all%n", wireDown, payloadDown, wireUp, messages);
        System.out.printf("  time: p50 %d ms, max %d ms (login excluded, replica written to disk)%n",
                millis.getValueAtPercentile(50), millis.getMaxValue());
    }

    private void edits(AppServer server, Path data, int rounds) throws Exception {
        try (RichEngine engine = RichEngine.open(server.uri(), USER, PASSWORD, data.resolve("replica-edits"), Clock.systemUTC())) {
            engine.pingEvery(Duration.ZERO);
            engine.goOnline();
            if (!engine.awaitSynced(WAIT)) throw new IllegalStateException("The first sync did not finish");
            AtomicReference<Operation> lastOp = new AtomicReference<>();
            engine.addResultListener((op, result) -> lastOp.set(op));
            Map<String, List<EditSample>> samples = new LinkedHashMap<>();
            List<CalendarEvent> movable = new ArrayList<>(engine.calendar().events(Instant.EPOCH, Instant.parse("3000-01-01T00:00:00Z"))
                    .stream().filter(e -> !e.allDay() && !e.recurring()).toList());
            String calendar = engine.calendar().calendars().get(0).id();
            ZonedDateTime base = ZonedDateTime.of(2027, 3, 1, 9, 0, 0, 0, ZONE);
            for (int round = 0; round <= rounds; round++) {
                CalendarEvent e = movable.get(round % movable.size());
                CalendarEvent current = engine.calendar().event(e.id()).orElseThrow();
                measure(engine, lastOp, samples, round, "move", () -> engine.calendar().update(current.id(),
                        EventPatch.times(current.start().plusMinutes(30), current.end().plusMinutes(30), false)));
                measure(engine, lastOp, samples, round, "retitle", () -> engine.calendar().update(current.id(),
                        EventPatch.title("Renamed " + current.title())));
                AtomicReference<CalendarEvent> created = new AtomicReference<>();
                ZonedDateTime at = base.plusDays(round);
                measure(engine, lastOp, samples, round, "create", () -> created.set(engine.calendar().create(
                        CalendarEvent.timed(calendar, "Coffee with Ana", at, at.plusMinutes(30)))));
                measure(engine, lastOp, samples, round, "delete", () -> engine.calendar().delete(created.get().id()));
            }
            System.out.printf("%nEdits (%d rounds after one warm-up; bytes are WebSocket payload + framing, RFC 6455):%n", rounds);
            System.out.printf("  %-8s %12s %22s %22s%n", "edit", "push (up)", "whole exchange up", "whole exchange down");
            for (var entry : samples.entrySet()) {
                List<EditSample> list = entry.getValue();
                System.out.printf("  %-8s %10s B %20s B %20s B%n", entry.getKey(), median(list, EditSample::pushWireBytes),
                        median(list, EditSample::exchangeWireUp), median(list, EditSample::exchangeWireDown));
            }
            System.out.println("  (the exchange: push, results, the server's poke, the pull and the page that echoes the change)");
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

    private void measure(RichEngine engine, AtomicReference<Operation> lastOp, Map<String, List<EditSample>> samples, int round,
            String kind, Runnable edit) throws InterruptedException {
        RichMetrics m = engine.metrics();
        long up = m.wireBytesUp();
        long down = m.wireBytesDown();
        long messages = m.messagesUp() + m.messagesDown();
        edit.run();
        if (!engine.awaitSynced(WAIT)) throw new IllegalStateException(kind + " did not sync");
        Thread.sleep(20); // the poke and its pull, which follow the ack
        if (!engine.awaitSynced(WAIT)) throw new IllegalStateException(kind + " did not sync");
        int payload = ClientSyncCodec.encode(new PushOperations(List.of(lastOp.get()))).length;
        long push = payload + 2 + (payload > 125 ? 2 : 0) + 4;
        if (round > 0) {
            samples.computeIfAbsent(kind, k -> new ArrayList<>()).add(new EditSample(push, m.wireBytesUp() - up,
                    m.wireBytesDown() - down, m.messagesUp() + m.messagesDown() - messages));
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
