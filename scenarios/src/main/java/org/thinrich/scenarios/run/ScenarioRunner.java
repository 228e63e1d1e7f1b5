package org.thinrich.scenarios.run;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.Rect;
import org.thinrich.rich.engine.RichEngine;
import org.thinrich.scenarios.cluster.Cluster;
import org.thinrich.scenarios.cluster.StoreObserver;
import org.thinrich.scenarios.drive.CalDavDriver;
import org.thinrich.scenarios.drive.ChangeLog;
import org.thinrich.scenarios.drive.ClientDriver;
import org.thinrich.scenarios.drive.ClientDriver.StepOutcome;
import org.thinrich.scenarios.drive.ClientDriver.Traffic;
import org.thinrich.scenarios.drive.RichDriver;
import org.thinrich.scenarios.drive.ThinDriver;
import org.thinrich.scenarios.drive.UserApi;
import org.thinrich.scenarios.link.LinkCheck;
import org.thinrich.scenarios.link.LinkCounters;
import org.thinrich.scenarios.link.LinkProfile;
import org.thinrich.scenarios.link.WanLink;
import org.thinrich.scenarios.record.Recorder;
import org.thinrich.scenarios.record.Sample;
import org.thinrich.scenarios.record.ServerCpu;
import org.thinrich.scenarios.scenario.Scenario;
import org.thinrich.scenarios.scenario.Step;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;
import org.thinrich.server.display.dispatch.HostingMode;
import org.thinrich.thin.engine.ThinEngine;
import org.thinrich.thin.engine.ThinListener;

/**
 * Runs a scenario: for each profile, checks the link emulator, then puts each client (and a
 * watching second client of the same user) behind its own link with that profile and performs
 * the workload, recording every step. Failures are recorded and the run goes on with the next
 * profile and path, so a report always comes out.
 */
public final class ScenarioRunner {
    private static final Logger log = LoggerFactory.getLogger(ScenarioRunner.class);
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    /** Told after every step, for a progress bar. */
    public interface Progress {
        void started(long totalSteps);

        void stepDone(String what);
    }

    private final Scenario scenario;
    private final Path workDirectory;
    private final Progress progress;
    private final Recorder recorder = new Recorder();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<LinkCheck.Result> checks = new ArrayList<>();
    private final List<FaultOutcome> faults = new CopyOnWriteArrayList<>();
    /** The cluster a `server: cluster` scenario runs on; null otherwise. */
    private Cluster cluster;
    /** The paths warmed up so far: each once, on the first profile. */
    private final java.util.Set<String> warmedUp = new java.util.HashSet<>();

    /** Where each measured client's link writes its pcapng file; null: no capture. */
    private Path captureDirectory;

    public ScenarioRunner(Scenario scenario, Path workDirectory, Progress progress) {
        this.scenario = scenario;
        this.workDirectory = workDirectory;
        this.progress = progress;
    }

    /** Captures what crosses each measured client's link into {@code directory}/PROFILE-CLIENT.pcapng (warm-ups left out). */
    public ScenarioRunner capturingInto(Path directory) {
        this.captureDirectory = directory;
        return this;
    }

    public RunResult run() {
        Instant started = Instant.now();
        List<LinkProfile> profiles = scenario.linkProfiles();
        // Warm-up steps count too: they take as long as measured ones, so the estimate holds from the first minute.
        progress.started(((long) profiles.size() * scenario.repetitions() + scenario.warmup()) * scenario.clients().size()
                * scenario.workload().size());
        AppServer server = null;
        StoreObserver observer = null;
        Map<String, Double> stages = Map.of();
        try {
            URI target;
            if (scenario.embedded()) {
                server = AppServer.start(ServerConfig.defaults(Files.createDirectories(workDirectory.resolve("server"))).withPort(0)
                        .withDemo(true).withPasswordIterations(10_000).withZone(ZONE)
                        .withThinSessions(HostingMode.parse(scenario.thinSessions())).withVncPort(0));
                target = server.uri();
            } else if (scenario.cluster()) {
                cluster = Cluster.start(new Cluster.Plan(scenario.nodes(), "127.0.0.1", 0, workDirectory.resolve("cluster"), null,
                        List.of("--demo", "--thin-sessions", scenario.thinSessions(), "--zone", ZONE.getId())), line -> log.info("{}", line));
                target = cluster.uri();
            } else {
                target = URI.create(scenario.server());
            }
            InetSocketAddress address = new InetSocketAddress(target.getHost(), target.getPort() < 0 ? 80 : target.getPort());
            if (!reachable(address)) {
                failures.add("Cannot reach the server at " + target + "; check the address and that the server runs, or use server: embedded.");
                return new RunResult(scenario, started, Instant.now(), Runtime.getRuntime().availableProcessors(),
                        System.getProperty("java.version"), List.copyOf(checks), recorder, List.copyOf(failures), Map.of(), List.of());
            }
            ChangeLog stored = new ChangeLog();
            if (server != null) server.store().subscribe(scenario.user(), stored::add);
            // On a cluster, commits are heard from the database itself, as the nodes hear them.
            if (cluster != null) observer = StoreObserver.open(cluster.database().address(), scenario.user(), stored::add);
            for (LinkProfile profile : profiles) {
                try {
                    LinkCheck.Result check = LinkCheck.check(profile);
                    checks.add(check);
                    if (!check.ok()) log.warn("The link emulator is off its profile: {}", check);
                } catch (Exception e) {
                    failures.add(profile.name() + ": the link check failed: " + e.getMessage());
                }
                for (String path : scenario.clients()) {
                    try {
                        runPath(server, target, address, profile, path, stored);
                    } catch (Exception e) {
                        String why = e.getMessage() == null ? e.toString() : e.getMessage();
                        failures.add(profile.name() + ", " + path + " client: " + why);
                        // The report and the terminal say what failed; the stack trace is logged at debug level only.
                        log.warn("{} / {} failed: {}", profile.name(), path, why);
                        log.debug("{} / {} failed", profile.name(), path, e);
                    }
                }
            }
        } catch (Exception e) {
            failures.add("The run stopped: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        } finally {
            if (server != null) {
                stages = server.displays().metrics().stagesP50Millis();
                server.close();
            }
            if (observer != null) observer.close();
            if (cluster != null) cluster.close();
        }
        return new RunResult(scenario, started, Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                List.copyOf(checks), recorder, List.copyOf(failures), stages, List.copyOf(faults));
    }

    private void runPath(AppServer server, URI target, InetSocketAddress address, LinkProfile profile, String path, ChangeLog stored)
            throws Exception {
        Duration wait = Duration.ofSeconds(60).plusMillis((long) (profile.rttMillis() * 40));
        long seed = scenario.seed();
        // A VNC viewer's link leads to the server's VNC port; every other client's to its HTTP port.
        InetSocketAddress to = Scenario.vnc(path) ? new InetSocketAddress("127.0.0.1", server.vncPort()) : address;
        try (WanLink link = WanLink.start(to, profile, seed);
                WanLink watcherLink = WanLink.start(to, profile, seed + 1)) {
            Watcher watcher = null;
            if (scenario.warmup() > 0 && warmedUp.add(path)) {
                try (ClientDriver warming = driver(target, link, profile, path, wait)) {
                    warmUp(warming, server);
                }
            }
            org.thinrich.scenarios.link.PacketCapture capture = captureDirectory == null ? null
                    : org.thinrich.scenarios.link.PacketCapture.create(captureDirectory.resolve(profile.name() + "-" + path + ".pcapng"));
            link.capture(capture);
            ClientDriver driver = driver(target, link, profile, path, wait);
            try {
                // Logging in and the first picture or sync, as a row of its own: what a user pays
                // before the first step (for the thin client and VNC, the first full frame).
                LinkCounters beforeConnect = link.counters();
                long connectedAt = System.currentTimeMillis();
                driver.connect();
                LinkCounters connecting = link.counters().minus(beforeConnect);
                recorder.add(new Sample(profile.name(), profile.rttMillis(), path, 1, -1, "connect", -1, -1, -1, 0, 0, 0, 0, 0,
                        connecting.bytesUp(), connecting.bytesDown(), connecting.segmentsUp(), connecting.segmentsDown(), 0, connectedAt));
                if (scenario.watcher()) watcher = openWatcher(path, watcherLink.uri(), profile);
                Edits edits = new Edits();
                if (cluster != null) edits.before.addAll(liveEvents().keySet());
                java.util.Random phase = new java.util.Random(seed);
                for (int rep = 1; rep <= scenario.repetitions(); rep++) {
                    for (int i = 0; i < scenario.workload().size(); i++) {
                        Step step = scenario.workload().get(i);
                        if (watcher != null && Scenario.caldav(path) && step.kind().edits()) {
                            // Waiting for the watcher to hear the last edit ended the last step just after
                            // one of its polls; a user's edit comes at any moment of its poll cycle.
                            Thread.sleep((long) (phase.nextDouble() * scenario.pollInterval(path).toMillis()));
                        }
                        recorder.add(step.kind().fault() ? fault(driver, step, profile, rep, i, link, edits, wait)
                                : measure(driver, step, profile, rep, i, link, stored, watcher, edits));
                        progress.stepDone(profile.name() + " " + path + " " + step.label());
                        Thread.sleep(step.thinkMillis() != null ? step.thinkMillis() : scenario.thinkMillis());
                    }
                }
            } finally {
                driver.close();
                if (watcher != null) watcher.close();
                if (capture != null) {
                    link.close(); // the last FINs go into the file before it closes
                    capture.close();
                }
            }
        }
    }

    private ClientDriver driver(URI target, WanLink link, LinkProfile profile, String path, Duration wait)
            throws Exception {
        if (Scenario.caldav(path)) {
            return new CalDavDriver(path, link.uri(), scenario.user(), scenario.password(), ZONE, LocalDate.now(ZONE),
                    scenario.pollInterval(path), wait, link::counters);
        }
        if (Scenario.vnc(path)) {
            return ThinDriver.vnc(path, target, link.uri().getHost(), link.uri().getPort(), scenario.user(), scenario.password(), ZONE, wait,
                    Scenario.vncEncodings(path));
        }
        return path.equals("thin")
                ? new ThinDriver(target, link.uri(), scenario.user(), scenario.password(), ZONE, wait, new ThinListener() { })
                : new RichDriver(path, Scenario.keepAlive(path), link.uri(), scenario.user(), scenario.password(),
                        workDirectory.resolve("replicas").resolve(profile.name() + "-" + System.nanoTime()), ZONE, LocalDate.now(ZONE), wait);
    }

    /**
     * Runs the workload {@code warmup} times, unrecorded, on a connection (and for the rich client a
     * replica) of its own, before a client's first measured step: the server and the client are then
     * compiled by the JIT, so the figures are what a running server gives rather than its first
     * minute, while the measured steps still start on fresh compression streams and a fresh replica.
     * The server's stage figures start afresh after the thin client's.
     */
    private void warmUp(ClientDriver driver, AppServer server) throws Exception {
        driver.connect();
        for (int pass = 0; pass < scenario.warmup(); pass++) {
            for (Step step : scenario.workload()) {
                driver.settle();
                driver.perform(step);
                driver.settle();
                progress.stepDone("warm-up " + driver.path() + " " + step.label());
            }
        }
        // Only the thin path's warm-up feeds the display metrics; a rich warm-up must not erase them.
        if (driver.path().equals("thin") && server != null) server.displays().metrics().reset();
    }

    private Sample measure(ClientDriver driver, Step step, LinkProfile profile, int rep, int index, WanLink link, ChangeLog stored,
            Watcher watcher, Edits edits) throws Exception {
        // A step's bytes are its own; the client's background polling is what the idle steps measure.
        boolean hold = step.kind() != org.thinrich.scenarios.scenario.StepKind.IDLE;
        if (hold) driver.holdBackground(true);
        try {
            return measureHeld(driver, step, profile, rep, index, link, stored, watcher, edits);
        } finally {
            if (hold) driver.holdBackground(false);
        }
    }

    private Sample measureHeld(ClientDriver driver, Step step, LinkProfile profile, int rep, int index, WanLink link, ChangeLog stored,
            Watcher watcher, Edits edits) throws Exception {
        driver.settle();
        Traffic before = driver.traffic();
        LinkCounters linkBefore = link.counters();
        long cpuBefore = ServerCpu.nanos();
        long startedAt = System.currentTimeMillis();
        StepOutcome outcome = driver.perform(step);
        driver.settle();
        double commit = -1;
        double propagation = -1;
        if (step.kind().edits() && outcome.eventId() != null) {
            long own = driver.lastCommitNanos();
            if (own >= 0) {
                commit = own / 1e6;
            } else {
                commit = stored.last(outcome.eventId(), outcome.startNanos()).map(h -> (h.nanos() - outcome.startNanos()) / 1e6).orElse(-1.0);
            }
            if (watcher != null) {
                long committedAt = stored.last(outcome.eventId(), outcome.startNanos()).map(ChangeLog.Heard::nanos).orElse(outcome.startNanos());
                // A CalDAV watcher hears of a change at its next poll: wait for one poll more than the link needs.
                long pollMillis = Scenario.caldav(driver.path()) ? scenario.pollInterval(driver.path()).toMillis() : 0;
                propagation = watcher.seen(outcome.eventId(), outcome.startNanos(), committedAt,
                        Duration.ofMillis(2000 + pollMillis + (long) (4 * profile.rttMillis())));
            }
        }
        if (commit >= 0) edits.acknowledged(step, outcome.eventId());
        Traffic traffic = driver.traffic().minus(before);
        LinkCounters crossed = link.counters().minus(linkBefore);
        return new Sample(profile.name(), profile.rttMillis(), driver.path(), rep, index, step.label(),
                outcome.responseNanos() < 0 ? -1 : outcome.responseNanos() / 1e6, commit, propagation,
                traffic.payloadUp(), traffic.payloadDown(), traffic.messagesUp(), traffic.messagesDown(), traffic.frames(),
                crossed.bytesUp(), crossed.bytesDown(), crossed.segmentsUp(), crossed.segmentsDown(),
                (ServerCpu.nanos() - cpuBefore) / 1e6, startedAt);
    }

    /** The edits of one client that the server acknowledged, as they must be found after a fault. */
    private static final class Edits {
        /** Event id to whether it must exist (created or moved) or not (deleted). */
        final Map<String, Boolean> present = new java.util.LinkedHashMap<>();
        /** Event id to title, for the events this client created. */
        final Map<String, String> titles = new java.util.HashMap<>();
        /** The ids of the user's events before this client's run began (on a cluster, where faults are checked). */
        final java.util.Set<String> before = new java.util.HashSet<>();

        void acknowledged(Step step, String eventId) {
            present.put(eventId, step.kind() != org.thinrich.scenarios.scenario.StepKind.DELETE_EVENT);
            if (step.kind() == org.thinrich.scenarios.scenario.StepKind.CREATE_EVENT) {
                titles.put(eventId, step.title() == null ? "New event" : step.title());
            }
        }
    }

    /**
     * Breaks part of the cluster under the client (kill-node: the node serving it; restart-node:
     * the killed ones back; stop-database: for the step's seconds), waits until the user can work
     * again, then asks the store through the switch whether every acknowledged edit is there once.
     */
    private Sample fault(ClientDriver driver, Step step, LinkProfile profile, int rep, int index, WanLink link, Edits edits, Duration wait)
            throws Exception {
        driver.settle();
        String node = driver.servedBy();
        String sessionBefore = driver.sessionId();
        LinkCounters before = link.counters();
        long startedAt = System.currentTimeMillis();
        long t0 = System.nanoTime();
        String broken;
        boolean connectionLost = false;
        switch (step.kind()) {
            case KILL_NODE -> {
                Cluster.Node serving = cluster.node(node).orElseThrow(() -> new IllegalStateException(
                        "kill-node: the client names no node of the cluster ('" + node + "')"));
                cluster.kill(serving);
                broken = serving.name();
                connectionLost = true;
            }
            case RESTART_NODE -> { // nothing of the user's breaks: "back to work" stays 0
                List<String> restarted = new ArrayList<>();
                for (Cluster.Node n : cluster.nodes()) {
                    if (!n.running()) {
                        cluster.restart(n);
                        restarted.add(n.name());
                    }
                }
                broken = restarted.isEmpty() ? "none (all nodes ran)" : "none (" + String.join(", ", restarted) + " restarted)";
            }
            case STOP_DATABASE -> {
                cluster.database().stop();
                Thread.sleep((long) (step.seconds() * 1000));
                cluster.database().start();
                broken = "database for " + step.label().substring(step.kind().yamlName().length() + 1);
            }
            default -> throw new IllegalArgumentException(step.kind() + " is no fault");
        }
        boolean working;
        if (step.kind() == org.thinrich.scenarios.scenario.StepKind.RESTART_NODE) {
            working = true;
            t0 = System.nanoTime();
        } else if (connectionLost) {
            working = driver.awaitWorking(wait);
        } else {
            // Without its database no node is healthy and the switch turns everyone away: back when it answers again.
            cluster.awaitHealthy(wait);
            working = true;
        }
        double back = working ? (System.nanoTime() - t0) / 1e6 : -1;
        driver.settle();
        LinkCounters crossed = link.counters().minus(before);

        Map<String, org.thinrich.calendar.core.CalendarEvent> live = liveEvents();
        int found = 0;
        for (var e : edits.present.entrySet()) if (live.containsKey(e.getKey()) == e.getValue()) found++;
        // A create applied twice is an event this client did not make, new since its run began, with the title of one it made.
        java.util.Set<String> madeTitles = new java.util.HashSet<>(edits.titles.values());
        int twice = (int) live.values().stream().filter(e -> !edits.before.contains(e.id()) && !edits.titles.containsKey(e.id())
                && madeTitles.contains(e.title())).count();
        int missing = edits.present.size() - found;
        String lost;
        if (driver.path().equals("thin")) {
            lost = sessionBefore.equals(driver.sessionId()) ? "nothing (same session)" : "its session: the week, view and any open dialog";
        } else {
            lost = driver.unsentEdits() > 0 ? driver.unsentEdits() + " edits not sent yet" : "nothing";
        }
        if (missing > 0) lost += "; " + missing + " acknowledged edits missing";
        faults.add(new FaultOutcome(profile.name(), driver.path(), step.label(), broken, back, lost, found, edits.present.size(), twice,
                crossed.bytesUp(), crossed.bytesDown()));
        return new Sample(profile.name(), profile.rttMillis(), driver.path(), rep, index, step.label(), back, -1, -1, 0, 0, 0, 0, 0,
                crossed.bytesUp(), crossed.bytesDown(), crossed.segmentsUp(), crossed.segmentsDown(), 0, startedAt);
    }

    /** The user's live events by id, asked of the cluster through the switch as any client would. */
    private Map<String, org.thinrich.calendar.core.CalendarEvent> liveEvents() throws Exception {
        UserApi api = UserApi.login(cluster.uri(), scenario.user(), scenario.password());
        Map<String, org.thinrich.calendar.core.CalendarEvent> live = new java.util.HashMap<>();
        for (var calendar : api.calendars()) {
            for (var e : api.events(calendar.id(), Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z"))) {
                live.put(e.id(), e);
            }
        }
        return live;
    }

    private static boolean reachable(InetSocketAddress address) {
        try (java.net.Socket probe = new java.net.Socket()) {
            probe.connect(address, 3000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private Watcher openWatcher(String path, URI through, LinkProfile profile) throws Exception {
        if (Scenario.caldav(path)) {
            // Another copy of the same program, on another link, polling on its own schedule.
            ChangeLog seen = new ChangeLog();
            CalDavDriver other = new CalDavDriver(path, through, scenario.user(), scenario.password(), ZONE, LocalDate.now(ZONE),
                    scenario.pollInterval(path), Duration.ofSeconds(60), () -> new org.thinrich.scenarios.link.LinkCounters(0, 0, 0, 0, 0, 0));
            other.onPolled(changes -> changes.forEach(seen::add));
            other.connect();
            return new Watcher() {
                @Override
                public double seen(String eventId, long since, long committedAt, Duration wait) throws InterruptedException {
                    long deadline = System.nanoTime() + wait.toNanos();
                    while (System.nanoTime() < deadline) {
                        var heard = seen.last(eventId, committedAt);
                        if (heard.isPresent()) return (heard.get().nanos() - since) / 1e6;
                        Thread.sleep(2);
                    }
                    return -1;
                }

                @Override
                public void close() {
                    other.close();
                }
            };
        }
        if (Scenario.vnc(path)) {
            // Another viewer of the same user, on another link: when did an update show the change?
            List<Long> updates = new CopyOnWriteArrayList<>();
            org.thinrich.rfb.RfbClient viewer = org.thinrich.rfb.RfbClient.connect(through.getHost(), through.getPort(), scenario.user(),
                    scenario.password(), Scenario.vncEncodings(path));
            viewer.onUpdate(update -> updates.add(update.arrivedNanos()));
            if (!viewer.awaitUpdates(0, Duration.ofSeconds(60))) throw new IllegalStateException("the watching VNC viewer got no picture");
            return firstPictureAfter(updates, () -> {
                try {
                    viewer.close();
                } catch (java.io.IOException ignored) {
                    // closing anyway
                }
            });
        }
        if (Scenario.rich(path)) {
            RichEngine engine = RichEngine.open(through, scenario.user(), scenario.password(),
                    workDirectory.resolve("replicas").resolve("watcher-" + profile.name() + "-" + System.nanoTime()), java.time.Clock.systemUTC());
            ChangeLog seen = new ChangeLog();
            engine.calendar().subscribe(seen::add);
            engine.goOnline();
            if (!engine.awaitSynced(Duration.ofSeconds(60))) throw new IllegalStateException("the watching rich client did not sync");
            return new Watcher() {
                @Override
                public double seen(String eventId, long since, long committedAt, Duration wait) throws InterruptedException {
                    long deadline = System.nanoTime() + wait.toNanos();
                    while (System.nanoTime() < deadline) {
                        var heard = seen.last(eventId, since);
                        if (heard.isPresent() && engine.awaitSynced(Duration.ofMillis(1))) return (heard.get().nanos() - since) / 1e6;
                        Thread.sleep(2);
                    }
                    return seen.last(eventId, since).map(h -> (h.nanos() - since) / 1e6).orElse(-1.0);
                }

                @Override
                public void close() {
                    engine.close();
                }
            };
        }
        List<Long> paints = new CopyOnWriteArrayList<>();
        ThinEngine engine = new ThinEngine(through, new ThinListener() {
            @Override
            public void painted(Framebuffer framebuffer, List<Rect> damaged) {
                paints.add(System.nanoTime());
            }
        }).zone(ZONE);
        engine.connect(scenario.user(), scenario.password(), 1280, 800);
        engine.awaitQuiet(Duration.ofMillis(500), Duration.ofSeconds(60));
        return firstPictureAfter(paints, engine::close);
    }

    /**
     * A remote display's watcher: the change showed with the first picture painted (or update
     * received) once it was committed; {@code pictures} are their times, as they come.
     */
    private static Watcher firstPictureAfter(List<Long> pictures, Runnable close) {
        return new Watcher() {
            @Override
            public double seen(String eventId, long since, long committedAt, Duration wait) throws InterruptedException {
                long deadline = System.nanoTime() + wait.toNanos();
                while (System.nanoTime() < deadline) {
                    for (long t : pictures) if (t >= committedAt) return (t - since) / 1e6;
                    Thread.sleep(2);
                }
                return -1;
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }

    /** A second client of the same user: when did it show a change? */
    private interface Watcher extends AutoCloseable {
        /** Milliseconds from {@code since} until the change of {@code eventId} showed, or -1. */
        double seen(String eventId, long since, long committedAt, Duration wait) throws InterruptedException;

        @Override
        void close();
    }
}
