package org.thinrich.scenarios.bench;

import java.awt.event.KeyEvent;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import javafx.geometry.Point2D;
import org.HdrHistogram.Histogram;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.calendar.core.UserCalendar;
import org.thinrich.calendar.core.ical.ICalendarCodec;
import org.thinrich.display.protocol.encoding.Encodings;
import org.thinrich.scenarios.drive.UserApi;
import org.thinrich.scenarios.report.TerminalTable;
import org.thinrich.server.AppServer;
import org.thinrich.server.DemoData;
import org.thinrich.server.ServerConfig;
import org.thinrich.server.display.DisplayMetrics;
import org.thinrich.server.display.dispatch.HostingMode;
import org.thinrich.thin.engine.ConnectionState;
import org.thinrich.thin.engine.ThinEngine;
import org.thinrich.thin.engine.ThinListener;

/**
 * A recorded run of the thin path on loopback: a real server with demo data, the headless thin
 * engine, and the steps a person takes, repeated. Prints bytes on the wire per step, latencies
 * (HdrHistogram percentiles) and the compression ratio against raw 24-bit pixels. Each round starts
 * on a resumed connection, so "next week" is a week the compression streams have not seen and
 * "next week again" one they have. {@code --encodings zflat,solid} compares encodings,
 * {@code --weeks-ahead off} a server whose sessions do not build the neighbouring weeks ahead.
 * {@code --neighbours N} has N sessions of another user busy on the same server meanwhile (see
 * {@link Neighbour}): all sessions share its one JavaFX thread, its renderer and its encoders.
 * A drag moves the pointer as a 60 Hz mouse reports it, {@value #DRAG_MOVE_MILLIS} ms apart;
 * {@code --drag burst} sends all its moves at once, each then waiting for the ones before it.
 * {@code --thin-sessions MODE} runs the benchmark's server with its thin sessions in session hosts
 * ({@code pool}, {@code pool:K:M}, {@code process-per-session}); {@code --server URL} measures a
 * server that runs elsewhere (alice and bob with their demo passwords, or {@code --password}). Both
 * then find the controls as an outside harness does, in the session's screen map over HTTP, and
 * report the client's figures only: the server's own histograms are those of in-process sessions.
 * {@code --busy-week N} first has bob import N events into this week and open a thin session on it,
 * which keeps that session's UI thread busy laying them out for minutes: how much alice's steps
 * feel of it is what isolating sessions in processes is for.
 *
 * <pre>mvn -B -q -pl scenarios -am install -DskipTests
 * mvn -B -q -pl scenarios exec:java -Dexec.mainClass=org.thinrich.scenarios.bench.ThinPathBenchmark -Dexec.args="--rounds 20"</pre>
 */
public final class ThinPathBenchmark {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofMillis(300);

    private record Sample(long bytesDown, long bytesUp, long messagesDown, long messagesUp, double latencyMillis) {
    }

    /** The server's input-to-update times per step, over all rounds. */
    private final Map<String, Histogram> serverPerStep = new LinkedHashMap<>();
    /** The server's stage times per step for the input the step waits for (its last), over all rounds. */
    private final Map<String, Map<String, Histogram>> stagesPerStep = new LinkedHashMap<>();

    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
    /** Where to write what the thin client shows after each step of the first round, if anywhere. */
    private static Path pngDirectory;
    private static List<Integer> encodings = Encodings.offeredByDefault();
    private static boolean weeksAhead = true;
    /**
     * The steps to take each round, by name; empty: all of them. A step that moves the view needs
     * its way back too (next_week with previous_week), or later rounds run out of weeks with events.
     */
    private static Set<String> only = Set.of();
    /** Every step's name as --steps spells it, in order. */
    private final Set<String> stepNames = new LinkedHashSet<>();
    private boolean firstRound = true;
    private int moves;
    private int editsElsewhere;
    /** What a step without input measured itself (a change pushed from elsewhere), in ms; -1: none. */
    private double measuredMillis = -1;
    private ThinEngine engine;
    /** The benchmark's own server, unless one is given by URL. */
    private AppServer server;
    private URI uri;
    private SessionEye eye;
    /** Whether the server's own input-to-update and stage figures can be read: its sessions run in this process. */
    private boolean serverFigures;
    private static URI serverUrl;
    private static HostingMode hosting = HostingMode.IN_PROCESS;
    private static String alicePassword = "alice-demo";
    private static int neighbourCount;
    private static int busyWeek;
    private ThinEngine busy;
    /** Time between a drag's pointer moves: a mouse reporting at 60 Hz. */
    static final int DRAG_MOVE_MILLIS = 16;
    private static final int DRAG_STEPS = 6;
    private static boolean pacedDrag = true;
    private final List<Neighbour> neighbours = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        int rounds = 20;
        try {
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 == args.length) throw new IllegalArgumentException("Option " + args[i] + " needs a value.");
                if (args[i].equals("--rounds")) rounds = wholeNumber(args[i], args[i + 1], 10_000);
                else if (args[i].equals("--png")) pngDirectory = Path.of(args[i + 1]);
                else if (args[i].equals("--encodings")) encodings = ThinEngine.encodingsToOffer(
                        java.util.Arrays.stream(args[i + 1].split(",")).map(String::trim).map(Encodings::idOf).toList());
                else if (args[i].equals("--weeks-ahead")) weeksAhead = onOff(args[i], args[i + 1]);
                else if (args[i].equals("--neighbours")) neighbourCount = wholeNumber(args[i], args[i + 1], 8);
                else if (args[i].equals("--drag")) pacedDrag = oneOf(args[i], args[i + 1], "paced", "burst").equals("paced");
                else if (args[i].equals("--server")) serverUrl = serverAddress(args[i + 1]);
                else if (args[i].equals("--thin-sessions")) hosting = HostingMode.parse(args[i + 1]);
                else if (args[i].equals("--password")) alicePassword = args[i + 1];
                else if (args[i].equals("--busy-week")) busyWeek = wholeNumber(args[i], args[i + 1], 50_000);
                else if (args[i].equals("--steps")) only = java.util.Arrays.stream(args[i + 1].split(",")).map(s -> s.trim().replace(' ', '_')).collect(java.util.stream.Collectors.toSet());
                else throw new IllegalArgumentException("Unknown option " + args[i] + "; use --rounds N, --png DIR, --encodings A,B, --steps next_week,previous_week, --weeks-ahead on|off, --neighbours N, --drag paced|burst, --thin-sessions MODE, --server URL, --password P and --busy-week N.");
            }
            if (busyWeek > 0 && neighbourCount > 0) throw new IllegalArgumentException("--busy-week and --neighbours both use bob; choose one.");
            new ThinPathBenchmark().run(rounds);
        } catch (IllegalArgumentException mistake) { // the user's: one sentence, no trace
            System.err.println(mistake.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("The benchmark failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private void run(int rounds) throws Exception {
        if (serverUrl != null) {
            uri = serverUrl;
            eye = SessionEye.overHttp(uri, user -> user.equals("alice") ? alicePassword : DemoData.passwordOf(user));
        } else {
            Path data = ScratchDirectory.create("thin-bench");
            server = AppServer.start(ServerConfig.defaults(data).withPort(0).withDemo(true).withPasswordIterations(1_000)
                    .withZone(ZoneId.of("Europe/Berlin")).withDisplayWeeksAhead(weeksAhead).withThinSessions(hosting));
            uri = server.uri();
            serverFigures = !hosting.hosted();
            eye = serverFigures ? SessionEye.inProcess(server) : SessionEye.overHttp(uri, DemoData::passwordOf);
        }
        try {
            engine = new ThinEngine(uri, new ThinListener() { }).offerEncodings(encodings).zone(ZoneId.of("Europe/Berlin"));
            long t0 = System.nanoTime();
            engine.connect("alice", alicePassword, 1280, 800);
            engine.awaitQuiet(QUIET, WAIT);
            System.out.printf("connect + first full frame: %d bytes down in %d messages, %.0f ms%n",
                    engine.metrics().bytesDown(), engine.metrics().messagesDown(), (System.nanoTime() - t0) / 1e6);
            if (busyWeek > 0) busy = busyWeek();
            for (int n = 0; n < neighbourCount; n++) neighbours.add(new Neighbour(n));
            neighbours.forEach(Neighbour::start);
            for (int round = 0; round <= rounds; round++) {
                if (round == 1) { // the first round warms up the JIT and the caches
                    firstRound = false;
                    samples.clear();
                    serverPerStep.clear();
                    stagesPerStep.clear();
                    if (serverFigures) server.displays().resetMetrics();
                }
                // A dropped connection resumes the session with fresh compression streams: what
                // follows is a first visit for the stream, as for a client that just logged in.
                step("resume (full frame)", this::resume);
                step("next week", () -> click(eye.button(alice(), ">")));
                step("previous week", () -> click(eye.button(alice(), "<")));
                step("next week again", () -> click(eye.button(alice(), ">")));
                step("back again", () -> click(eye.button(alice(), "<")));
                step("switch to month", () -> click(eye.button(alice(), "Month")));
                step("switch to week", () -> click(eye.button(alice(), "Week")));
                step("move an event", this::moveAnEvent);
                step("an edit from elsewhere", this::editElsewhere);
                step("type a title", this::typeATitle);
                step("hover over the week", this::hover);
                step("type letters", this::openEditor, this::typeLetters);
                step("idle 1 s", () -> {
                    sleep(1000);
                    return -1;
                });
                if (!stepNames.containsAll(only)) {
                    List<String> unknown = only.stream().filter(name -> !stepNames.contains(name)).sorted().toList();
                    throw new IllegalArgumentException("No step is called " + String.join(", ", unknown) + "; the steps are "
                            + String.join(",", stepNames) + ".");
                }
            }
            report(rounds);
        } finally {
            neighbours.forEach(Neighbour::close);
            if (busy != null) busy.close();
            if (engine != null) engine.close();
            if (server != null) server.close();
        }
    }

    /**
     * Another user on the same server, busy while alice's steps are measured: a week forward, a
     * week back, an event moved an hour down and back up, one action every 300 ms (a brisk person
     * who never stops). Bounded: at most {@value #NEIGHBOUR_ACTIONS} actions, until the run ends.
     */
    private final class Neighbour implements AutoCloseable {
        static final int NEIGHBOUR_ACTIONS = 100_000;
        private final ThinEngine engine;
        private final Thread thread;
        private volatile boolean stop;
        private volatile long actions;
        private volatile Exception failed;
        /** What the engine last said of its connection: the reason a failed action gives. */
        private volatile String lastState = "";

        Neighbour(int n) throws Exception {
            engine = new ThinEngine(uri, new ThinListener() {
                @Override
                public void stateChanged(ConnectionState state, String detail) {
                    lastState = state + " (" + detail + ")";
                }
            }).offerEncodings(encodings).zone(ZoneId.of("Europe/Berlin"));
            engine.connect("bob", DemoData.passwordOf("bob"), 1280, 800);
            engine.awaitQuiet(QUIET, WAIT);
            thread = new Thread(this::work, "neighbour-" + n);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private SessionEye.Viewing bob() {
            return new SessionEye.Viewing("bob", engine.sessionId());
        }

        private void work() {
            for (int i = 0; i < NEIGHBOUR_ACTIONS && !stop; i++) {
                try {
                    int input = switch (i % 4) {
                        case 0 -> click(engine, eye.button(bob(), ">"));
                        case 1 -> click(engine, eye.button(bob(), "<"));
                        default -> dragAnHour(engine, bob(), eye.someSingleEvent(bob()).orElseThrow(), i % 4 == 2);
                    };
                    if (!engine.awaitReflected(input, WAIT)) {
                        throw new IllegalStateException("bob's input " + input + " was never shown; his connection: " + lastState);
                    }
                    actions++;
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                } catch (java.util.NoSuchElementException movedMeanwhile) {
                    // All of bob's sessions drag the same event: another may be moving it just as
                    // this one looks for it on screen. The next action looks again.
                    sleep(300);
                } catch (Exception e) {
                    failed = e;
                    return;
                }
            }
        }

        @Override
        public void close() {
            stop = true;
            thread.interrupt();
            try {
                thread.join(WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            engine.close();
        }
    }

    /**
     * Bob imports {@link #busyWeek} one-hour events into the current week (through the HTTP API, as a
     * careless user can) and opens a thin session, whose UI then lays them out for minutes. Its first
     * frame is not waited for: the session is busy whether or not its client is still there.
     */
    private ThinEngine busyWeek() throws Exception {
        UserApi bob = UserApi.login(uri, "bob", DemoData.passwordOf("bob"));
        UserCalendar calendar = bob.calendars().get(0);
        ZoneId zone = ZoneId.of("Europe/Berlin");
        java.time.ZonedDateTime monday = java.time.LocalDate.now(zone).with(java.time.DayOfWeek.MONDAY).atTime(8, 0).atZone(zone);
        List<CalendarEvent> events = new ArrayList<>();
        for (int i = 0; i < busyWeek; i++) {
            java.time.ZonedDateTime start = monday.plusDays(i % 5).plusMinutes(15L * (i % 40));
            events.add(CalendarEvent.timed(calendar.id(), "Busy " + i, start, start.plusHours(1)));
        }
        long t0 = System.nanoTime();
        bob.importIcs(calendar.id(), new ICalendarCodec().write(calendar, events));
        System.out.printf("bob imported %d events into this week in %.1f s and opens a thin session on them%n", busyWeek, (System.nanoTime() - t0) / 1e9);
        ThinEngine bobs = new ThinEngine(uri, new ThinListener() { }).offerEncodings(encodings).zone(zone);
        Thread opening = new Thread(() -> {
            try {
                bobs.connect("bob", DemoData.passwordOf("bob"), 1280, 800);
            } catch (Exception e) {
                System.out.println("bob's busy session did not show its first frame: " + e.getMessage());
            }
        }, "busy-week");
        opening.setDaemon(true);
        opening.start();
        Thread.sleep(5_000); // its layout under way
        return bobs;
    }

    /** {@code value} as a whole number from 0 to {@code max}, else one sentence naming {@code option}. */
    private static int wholeNumber(String option, String value, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0 && n <= max) return n;
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new IllegalArgumentException(option + " takes a whole number from 0 to " + max + ", not " + value + ".");
    }

    private static URI serverAddress(String value) {
        if (!value.matches("https?://[^\\s/]+(:\\d+)?/?")) {
            throw new IllegalArgumentException("--server takes the server's address, such as http://127.0.0.1:8080, not " + value + ".");
        }
        return URI.create(value);
    }

    static boolean onOff(String option, String value) {
        return oneOf(option, value, "on", "off").equals("on");
    }

    private static String oneOf(String option, String value, String one, String other) {
        if (value.equals(one) || value.equals(other)) return value;
        throw new IllegalArgumentException(option + " takes " + one + " or " + other + ", not " + value + ".");
    }

    /** Drops the connection and waits until the engine has resumed the session and painted it. */
    private int resume() {
        long frames = engine.metrics().frames();
        engine.dropConnection();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (engine.metrics().frames() == frames || engine.state() != ConnectionState.CONNECTED) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the engine did not resume its session");
            sleep(5);
        }
        return -1;
    }

    private int click(Point2D at) {
        return click(engine, at);
    }

    private static int click(ThinEngine by, Point2D at) {
        return by.click((int) at.getX(), (int) at.getY());
    }

    /** Alice's session, where the steps look for controls. */
    private SessionEye.Viewing alice() {
        return new SessionEye.Viewing("alice", engine.sessionId());
    }

    /** Drags {@code event} an hour down or up, as a hand would; returns the release's input number. */
    private int dragAnHour(ThinEngine by, SessionEye.Viewing in, CalendarEvent event, boolean down) {
        Point2D from = eye.event(in, event.title()).orElseThrow();
        double hour = eye.hourHeight(in, event.start().toLocalDate());
        return by.drag((int) from.getX(), (int) from.getY(), (int) from.getX(), (int) (from.getY() + (down ? hour : -hour)),
                DRAG_STEPS, pacedDrag ? DRAG_MOVE_MILLIS : 0);
    }

    private int moveAnEvent() {
        CalendarEvent event = eye.someSingleEvent(alice()).orElseThrow();
        // Down one hour, then back up next round, so the event stays in view however many rounds run.
        int input = dragAnHour(engine, alice(), event, moves++ % 2 == 0);
        await(input);
        // The session stores the move off the JavaFX thread, just after showing it.
        awaitStored(() -> !eye.stored("alice", event.id()).start().toInstant().equals(event.start().toInstant()), "the drag did not move " + event.title());
        return input;
    }

    /**
     * Another client of alice's moves an event one hour (straight into the store, as the HTTP API
     * and the rich client's sync do): the thin session shows it unasked. Measured from the store's
     * commit to the first frame the client decodes after it.
     */
    private int editElsewhere() {
        CalendarEvent event = eye.someSingleEvent(alice()).orElseThrow();
        long shift = editsElsewhere++ % 2 == 0 ? 1 : -1;
        long frames = engine.metrics().frames();
        long started = System.nanoTime();
        eye.update("alice", event.id(), EventPatch.times(event.start().plusHours(shift), event.end().plusHours(shift), false));
        long deadline = started + WAIT.toNanos();
        while (engine.metrics().frames() == frames && System.nanoTime() < deadline) java.util.concurrent.locks.LockSupport.parkNanos(50_000);
        if (engine.metrics().frames() == frames) throw new IllegalStateException("the edit from elsewhere was never shown");
        measuredMillis = (System.nanoTime() - started) / 1e6;
        return -1;
    }

    private int typeATitle() {
        CalendarEvent event = eye.someSingleEvent(alice()).orElseThrow();
        Point2D at = eye.event(alice(), event.title()).orElseThrow();
        String title = event.title().equals("Quarterly review") ? "Quarterly review 2" : "Quarterly review";
        engine.doubleClick((int) at.getX(), (int) at.getY());
        engine.text(title);
        int input = engine.typeKey(KeyEvent.VK_ENTER, 0);
        await(input);
        awaitStored(() -> eye.stored("alice", event.id()).title().equals(title), "the typed title did not reach the store");
        return input;
    }

    /** A pointer crossing the week grid as a hand moves it: twelve moves, 40 ms apart. */
    private int hover() {
        double[] grid = eye.weekGrid(alice());
        int input = -1;
        for (int i = 0; i < 12; i++) {
            input = engine.pointer((int) (grid[0] + grid[2] * (0.1 + 0.07 * i)), (int) (grid[1] + grid[3] * (0.2 + 0.05 * i)), 0, 0);
            sleep(40);
        }
        return input;
    }

    /** Opens an event's edit dialog and selects its title, so what follows types into it. */
    private void openEditor() {
        CalendarEvent event = eye.someSingleEvent(alice()).orElseThrow();
        Point2D at = eye.event(alice(), event.title()).orElseThrow();
        engine.doubleClick((int) at.getX(), (int) at.getY());
        await(engine.typeKey(KeyEvent.VK_A, org.thinrich.display.protocol.Messages.CONTROL));
    }

    /** Ten letters typed one by one at a brisk typist's pace (8 per second), then the dialog closed unsaved. */
    private int typeLetters() {
        int input = -1;
        for (char letter : "Roadmap Q1".toCharArray()) {
            input = engine.text(String.valueOf(letter));
            sleep(125);
        }
        await(input);
        engine.typeKey(KeyEvent.VK_ESCAPE, 0);
        return input;
    }

    private static void awaitStored(java.util.function.BooleanSupplier stored, String otherwise) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!stored.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException(otherwise);
            sleep(1);
        }
    }

    private void await(int input) {
        try {
            if (!engine.awaitReflected(input, WAIT)) throw new IllegalStateException("input " + input + " never shown");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void step(String name, IntSupplier action) throws Exception {
        step(name, () -> { }, action);
    }

    /**
     * The server's input-to-update histogram before and after a step, filled in place: a copy made
     * just before the input is sent (200 kB each) brought young collections into the measured steps.
     */
    private final Histogram serverBefore = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private final Histogram serverStep = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);

    /** Takes one step; only what {@code action} does is measured, after {@code setup} and quiet. */
    private void step(String name, Runnable setup, IntSupplier action) throws Exception {
        String spelt = name.replace(' ', '_');
        stepNames.add(spelt);
        if (!only.isEmpty() && !only.contains(spelt)) return;
        engine.awaitQuiet(QUIET, WAIT);
        setup.run();
        engine.awaitQuiet(QUIET, WAIT);
        long down = engine.metrics().bytesDown();
        long up = engine.metrics().bytesUp();
        long messagesDown = engine.metrics().messagesDown();
        long messagesUp = engine.metrics().messagesUp();
        long latencyCount = engine.metrics().inputsDisplayed();
        if (serverFigures) server.displays().inputToUpdateOf(engine.sessionId(), serverBefore);
        int input = action.getAsInt();
        if (input > 0) await(input);
        engine.awaitQuiet(QUIET, WAIT);
        double latency = engine.metrics().inputsDisplayed() > latencyCount ? engine.metrics().lastInputToDisplayMillis() : Math.max(0, measuredMillis);
        measuredMillis = -1;
        if (firstRound && pngDirectory != null) writePng(name);
        if (serverFigures) {
            server.displays().inputToUpdateOf(engine.sessionId(), serverStep);
            serverStep.subtract(serverBefore);
            serverPerStep.computeIfAbsent(name, n -> new Histogram(3)).add(serverStep);
        }
        // A click's press and release are often answered by frames of their own: the release's is the one waited for.
        Map<String, Histogram> stepStages = stagesPerStep.computeIfAbsent(name, n -> new LinkedHashMap<>());
        if (input > 0 && serverFigures) server.displays().metrics().stagesOfInputMillis(engine.sessionId(), input).forEach((stage, millis) ->
                stepStages.computeIfAbsent(stage, s -> new Histogram(3)).recordValue(Math.round(millis * 1e6)));
        samples.computeIfAbsent(name, n -> new ArrayList<>()).add(new Sample(engine.metrics().bytesDown() - down,
                engine.metrics().bytesUp() - up, engine.metrics().messagesDown() - messagesDown,
                engine.metrics().messagesUp() - messagesUp, latency));
    }

    private void report(int rounds) {
        System.out.printf("%nThin path on loopback, 1280x800 week view, demo data, %d rounds, %d cores, %s%n", rounds,
                Runtime.getRuntime().availableProcessors(), serverUrl != null ? "server " + serverUrl
                        : "thin sessions " + hosting + ", weeks ahead " + (weeksAhead ? "on" : "off"));
        if (!neighbours.isEmpty()) {
            System.out.printf("meanwhile %d sessions of bob, busy: %s actions (a week on, a week back, an event moved down and up, 300 ms apart)%s;"
                    + " the per-step figures are alice's own, the server's totals below count everyone%n", neighbours.size(),
                    neighbours.stream().map(n -> String.valueOf(n.actions)).collect(java.util.stream.Collectors.joining(", ")),
                    neighbours.stream().filter(n -> n.failed != null).map(n -> "; one failed: " + n.failed).findFirst().orElse(""));
        }
        System.out.printf("%-20s %10s %9s %9s %8s %7s %14s %16s%n", "step", "down B p50", "down max", "up B p50", "msgs dn",
                "inputs", "last input ms", "server p50/p95 ms");
        samples.forEach((name, list) -> System.out.printf("%-20s %10d %9d %9d %8d %7s %14.1f %16s%n", name,
                median(list.stream().mapToLong(Sample::bytesDown).sorted().toArray()),
                list.stream().mapToLong(Sample::bytesDown).max().orElse(0),
                median(list.stream().mapToLong(Sample::bytesUp).sorted().toArray()),
                median(list.stream().mapToLong(Sample::messagesDown).sorted().toArray()),
                serverPerStep.containsKey(name) ? String.format("%.0f", serverPerStep.get(name).getTotalCount() / (double) list.size()) : "-",
                list.stream().mapToDouble(Sample::latencyMillis).sorted().skip(list.size() / 2).findFirst().orElse(0),
                serverPercentiles(serverPerStep.get(name))));
        System.out.println("(inputs: per round, each counted in server p50/p95; last input ms: from the client's last input of the"
                + " step to the frame showing it; for an edit from elsewhere, from the store's commit to the next frame)");
        System.out.println("\nbytes down per round, kB:");
        samples.forEach((name, list) -> System.out.printf("%-18s %s%n", name, list.stream()
                .map(sample -> String.valueOf(sample.bytesDown() / 1000)).collect(java.util.stream.Collectors.joining(" "))));
        if (serverFigures) {
            System.out.printf("%nserver stages of the input each step waits for (its last), p50 ms (see DisplayMetrics.STAGES):%n%-20s", "step");
            DisplayMetrics.STAGES.keySet().forEach(stage -> System.out.printf(" %10s", stage));
            System.out.println();
            stagesPerStep.forEach((name, stages) -> {
                if (stages.isEmpty()) return;
                System.out.printf("%-20s", name);
                stages.values().forEach(h -> System.out.printf(" %10.1f", h.getValueAtPercentile(50) / 1e6));
                System.out.println();
            });
            DisplayMetrics display = server.displays().metrics();
            server.displays().inputToUpdateOf(engine.sessionId(), serverStep);
            System.out.printf("%nalice's inputs (all %d, with the steps' set-up), server input-to-update: p50 %.1f ms, p95 %.1f ms%n",
                    serverStep.getTotalCount(), serverStep.getValueAtPercentile(50) / 1e6, serverStep.getValueAtPercentile(95) / 1e6);
            System.out.printf("server: %s%n", display.snapshot());
            System.out.printf("server stages of inputs that change the picture, p50 ms: %s%n", TerminalTable.stages(display.stagesP50Millis()));
        } else {
            System.out.printf("%nserver figures: not read here (sessions %s); the client's figures below include the server's time%n",
                    serverUrl != null ? "on the server at " + serverUrl : "in session hosts, " + hosting);
        }
        Histogram decode = engine.metrics().decode();
        Histogram latency = engine.metrics().inputToDisplay();
        System.out.printf("client: input-to-display p50 %.1f ms, p95 %.1f ms, max %.1f ms; decode p50 %.2f ms, p95 %.2f ms%n",
                latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(95) / 1e6, latency.getMaxValue() / 1e6,
                decode.getValueAtPercentile(50) / 1e6, decode.getValueAtPercentile(95) / 1e6);
        System.out.printf("encodings: %s%n", engine.encodings());
    }

    private static String serverPercentiles(Histogram h) {
        if (h == null || h.getTotalCount() == 0) return "-";
        return String.format("%.0f / %.0f", h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(95) / 1e6);
    }

    private void writePng(String step) throws java.io.IOException {
        var frame = engine.snapshot();
        var image = new java.awt.image.BufferedImage(frame.width(), frame.height(), java.awt.image.BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, frame.width(), frame.height(), frame.pixels(), 0, frame.width());
        Files.createDirectories(pngDirectory);
        javax.imageio.ImageIO.write(image, "png", pngDirectory.resolve("thin-" + step.replace(' ', '-') + ".png").toFile());
    }

    private static long median(long[] sorted) {
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
