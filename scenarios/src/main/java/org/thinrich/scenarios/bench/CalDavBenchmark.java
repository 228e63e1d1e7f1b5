package org.thinrich.scenarios.bench;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.thinrich.calendar.core.CalendarChange;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.UserCalendar;
import org.thinrich.scenarios.drive.CalDavReplica;
import org.thinrich.scenarios.link.LinkCounters;
import org.thinrich.scenarios.link.LinkProfiles;
import org.thinrich.scenarios.link.WanLink;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;

/**
 * What CalDAV costs on the wire against this server, as the workbench's CalDAV client does it: the
 * initial sync of 1,000 events (discovery, sync-collection, multigets), a poll when nothing
 * changed, and for a move, retitle, create and delete the writer's exchange and another client's
 * pick-up (its next poll). Bytes are counted on the TCP stream through a link, headers included.
 * The same events as {@link RichPathBenchmark}, here with notes as calendar programs write them.
 *
 * <p>{@code mvn -B -q -pl scenarios exec:java -Dexec.mainClass=org.thinrich.scenarios.bench.CalDavBenchmark -Dexec.args="--rounds 20 [--utc]"}
 */
public final class CalDavBenchmark {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String USER = "bench";
    private static final String PASSWORD = "bench-password";

    public static void main(String[] args) throws Exception {
        int rounds = 20;
        boolean utc = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds") && i + 1 < args.length) rounds = Integer.parseInt(args[++i]);
            else if (args[i].equals("--utc")) utc = true;
            else throw new IllegalArgumentException("Unknown option " + args[i] + "; use --rounds N and --utc");
        }
        try {
            new CalDavBenchmark().run(rounds, utc);
        } catch (Exception e) {
            System.err.println("The benchmark failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** The benchmark's 1,000 events, each with a paragraph of notes as people write them. */
    static List<CalendarEvent> withNotes(List<CalendarEvent> events) {
        Random random = new Random(7);
        List<String> notes = List.of("Agenda: status of the release, open questions, next steps.",
                "Bring the printed contract and the signed NDA. Parking in the back.",
                "Dial-in: +49 30 1234567, code 998877#. Slides in the shared folder.",
                "Prepare the quarterly numbers; Sam sends the draft by Tuesday.",
                "Remember to book the room for the follow-up and to order lunch for eight.");
        return events.stream().map(e -> e.withNotes(notes.get(random.nextInt(notes.size())))).toList();
    }

    /** utc: the events' times in UTC, as some programs write them: no VTIMEZONE travels with each event. */
    private void run(int rounds, boolean utc) throws Exception {
        Path data = ScratchDirectory.create("caldav-bench");
        AppServer server = AppServer.start(ServerConfig.defaults(data).withPort(0).withPasswordIterations(1_000).withZone(ZONE));
        try {
            server.accounts().create(USER, PASSWORD.toCharArray());
            UserCalendar work = server.store().addCalendar(new UserCalendar(USER + "-work", USER, "Work", CalendarColour.BLUE));
            UserCalendar home = server.store().addCalendar(new UserCalendar(USER + "-home", USER, "Home", CalendarColour.GREEN));
            List<CalendarEvent> events = withNotes(RichPathBenchmark.thousandEvents(work.id(), home.id()));
            if (utc) {
                events = events.stream().map(e -> e.allDay() ? e : e.withTimes(e.start().withZoneSameInstant(java.time.ZoneOffset.UTC),
                        e.end().withZoneSameInstant(java.time.ZoneOffset.UTC), e.allDay())).toList();
            }
            server.store().importEvents(USER, work.id(), events.stream().filter(e -> e.calendarId().equals(work.id())).toList());
            server.store().importEvents(USER, home.id(), events.stream().filter(e -> e.calendarId().equals(home.id())).toList());
            System.out.printf("Server: %s, user %s with %d events (with notes, times in %s), two calendars%n", server.uri(), USER,
                    server.store().eventCount(USER), utc ? "UTC" : ZONE);
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
            try (WanLink writerLink = WanLink.start(address, LinkProfiles.named("lan"), 1);
                    WanLink readerLink = WanLink.start(address, LinkProfiles.named("lan"), 2)) {
                CalDavReplica writer = new CalDavReplica(writerLink.uri(), USER, PASSWORD, ZONE, WAIT);
                CalDavReplica reader = new CalDavReplica(readerLink.uri(), USER, PASSWORD, ZONE, WAIT);
                long t0 = System.nanoTime();
                Bytes initial = bytes(writerLink, () -> {
                    writer.connect();
                    return null;
                });
                long took = (System.nanoTime() - t0) / 1_000_000;
                reader.connect();
                int held = writer.events(Instant.EPOCH, Instant.parse("3000-01-01T00:00:00Z")).size();
                if (held != 1000) throw new IllegalStateException("The CalDAV copy holds " + held + " events, not 1000");
                System.out.printf("%nInitial sync of 1,000 events (discovery, sync-collection, multigets of %d): down %,d B, up %,d B, "
                        + "%d requests, %d ms%n", 100, initial.down(), initial.up(), writer.requests(), took);
                Bytes quiet = bytes(readerLink, () -> reader.poll());
                System.out.printf("A poll that finds nothing (a sync-collection per calendar): %,d B (down %,d, up %,d)%n",
                        quiet.total(), quiet.down(), quiet.up());

                Map<String, List<long[]>> figures = new LinkedHashMap<>();
                List<CalendarEvent> pool = writer.events(Instant.EPOCH, Instant.parse("3000-01-01T00:00:00Z")).stream()
                        .filter(e -> !e.recurring()).toList();
                for (int round = 0; round <= rounds; round++) {
                    CalendarEvent e = pool.get(round % pool.size());
                    CalendarEvent moved = e.withTimes(e.start().plusHours(1), e.end().plusHours(1), e.allDay());
                    record(figures, round, "move", bytes(writerLink, () -> writer.put(moved, writer.etagOf(e.id()))), pickUp(reader, readerLink));
                    CalendarEvent retitled = moved.withTitle(moved.title() + " (moved)");
                    record(figures, round, "retitle", bytes(writerLink, () -> writer.put(retitled, writer.etagOf(e.id()))),
                            pickUp(reader, readerLink));
                    CalendarEvent made = CalendarEvent.timed(work.id(), "Coffee with Ana", e.start().plusDays(1), e.end().plusDays(1))
                            .stored(0, Instant.now());
                    record(figures, round, "create", bytes(writerLink, () -> writer.put(made, null)), pickUp(reader, readerLink));
                    String etag = writer.forget(made.id());
                    record(figures, round, "delete", bytes(writerLink, () -> writer.delete(made, etag)), pickUp(reader, readerLink));
                }
                System.out.printf("%nEdits (%d rounds after one warm-up; median bytes on the wire, HTTP headers included):%n", rounds);
                System.out.printf("  %-8s %18s %22s%n", "edit", "writer's exchange", "another client's pick-up");
                for (var entry : figures.entrySet()) {
                    System.out.printf("  %-8s %16s B %20s B%n", entry.getKey(), String.format("%,d", median(entry.getValue(), 0)),
                            String.format("%,d", median(entry.getValue(), 1)));
                }
                System.out.println("  (writer: the PUT or DELETE and its answer; pick-up: the next poll, a sync-collection per calendar and a multiget)");
            }
        } finally {
            server.close();
        }
    }

    private static long[] pickUp(CalDavReplica reader, WanLink link) throws Exception {
        List<CalendarChange>[] heard = new List[1];
        Bytes b = bytes(link, () -> {
            heard[0] = reader.poll();
            return null;
        });
        if (heard[0].isEmpty()) throw new IllegalStateException("The reading client's poll brought nothing");
        return new long[] {b.total()};
    }

    private static void record(Map<String, List<long[]>> figures, int round, String edit, Bytes writer, long[] pickUp) {
        if (round == 0) return; // warm-up
        figures.computeIfAbsent(edit, k -> new ArrayList<>()).add(new long[] {writer.total(), pickUp[0]});
    }

    private static long median(List<long[]> rows, int column) {
        long[] values = rows.stream().mapToLong(r -> r[column]).sorted().toArray();
        return values[values.length / 2];
    }

    record Bytes(long down, long up) {
        long total() {
            return down + up;
        }
    }

    /** The bytes through {@code link} while {@code work} runs, after it has settled. */
    private static Bytes bytes(WanLink link, Callable<?> work) throws Exception {
        LinkCounters before = link.counters();
        Object answer = work.call();
        if (answer instanceof CalDavReplica.Written w && !w.ok()) throw new IllegalStateException("The server answered " + w.status());
        Thread.sleep(20); // the link's last segments
        LinkCounters crossed = link.counters().minus(before);
        return new Bytes(crossed.bytesDown(), crossed.bytesUp());
    }
}
