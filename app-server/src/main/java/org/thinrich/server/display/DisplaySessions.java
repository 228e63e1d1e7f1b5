package org.thinrich.server.display;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.calendar.ui.FxThread;
import org.thinrich.calendar.ui.HeadlessFx;
import org.thinrich.server.store.CalendarStore;
import org.thinrich.server.store.StoreCalendarService;

/**
 * The server's thin sessions: made on login, found again by id within the grace period after a
 * dropped connection, closed when abandoned. Owns the worker pool that diffs and encodes frames
 * (the dispatcher/worker model: the WebSocket threads dispatch, the workers encode).
 */
public final class DisplaySessions implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DisplaySessions.class);
    /**
     * A connection quiet this long gets a ping, so proxies and the client know it is alive. Longer
     * than the thin client's own keep-alive (20 s), whose pings count as traffic: a client that
     * pings is not pinged as well.
     */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(30);

    private final CalendarStore store;
    private final ZoneId zone;
    private final Clock clock;
    private final int maxSessions;
    private final Duration grace;
    private final Map<String, DisplaySession> sessions = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService reaper;
    private final SecureRandom random = new SecureRandom();
    private final DisplayMetrics metrics = new DisplayMetrics();
    /** Whether sessions build the weeks before and after the one shown ahead (see ServerConfig). */
    private final boolean weeksAhead;
    /** Told the id of each session closed for want of a client, e.g. to forget where it ran. */
    private volatile java.util.function.Consumer<String> ended = id -> { };

    public DisplaySessions(CalendarStore store, ZoneId zone, Clock clock, int maxSessions, Duration grace, boolean weeksAhead) {
        this.store = store;
        this.weeksAhead = weeksAhead;
        this.zone = zone;
        this.clock = clock;
        this.maxSessions = maxSessions;
        this.grace = grace;
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "display-encoder-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "display-reaper");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, Math.min(10_000, grace.toMillis() / 2));
        reaper.scheduleAtFixedRate(this::closeAbandoned, period, period, TimeUnit.MILLISECONDS);
        reaper.scheduleAtFixedRate(() -> sessions.values().forEach(s -> s.keepAliveIfQuiet(KEEP_ALIVE.toNanos())),
                5, 5, TimeUnit.SECONDS);
    }

    /**
     * The session to show {@code user}: the one named by {@code resumeId} when it is theirs and
     * still kept, else a new one. Empty when the server has no room for another session.
     */
    Optional<Opened> open(String user, String resumeId, int width, int height) {
        return open(user, resumeId, width, height, null);
    }

    /** As above; a new session shows {@code userZone} (null: the server's zone), a resumed one keeps its own. */
    Optional<Opened> open(String user, String resumeId, int width, int height, ZoneId userZone) {
        if (!resumeId.isEmpty()) {
            DisplaySession kept = sessions.get(resumeId);
            if (kept != null && kept.user.equals(user)) return Optional.of(new Opened(kept, true));
        }
        if (sessions.size() >= maxSessions) return Optional.empty();
        String id = newId();
        int w = clamp(width, 640, 1920);
        int h = clamp(height, 480, 1200);
        int slot = freeSlot();
        // Started with the first session, so a server that serves only rich clients runs no toolkit.
        startToolkit();
        DisplaySession session = FxThread.call(() -> DisplaySession.create(id, user, new StoreCalendarService(store, user),
                userZone != null ? userZone : zone, clock, weeksAhead, w, h, slot, workers, reaper, metrics));
        sessions.put(id, session);
        log.info("Display session {} opened for {} at {}x{}", id, user, w, h);
        return Optional.of(new Opened(session, false));
    }

    /**
     * Starts the JavaFX toolkit as thin sessions need it, once per process. The capturing screen
     * hands Prism's uploads of each session's window to that session. Pulses at 240 Hz instead of
     * 60: an input waits on average 2 ms instead of 8 for the pulse that lays it out. An idle pulse
     * costs next to nothing; a busy one is held back by rendering anyway. Both are settled when
     * the toolkit starts, so tests that need JavaFX in the server's process start it here too.
     */
    public static void startToolkit() {
        if (System.getProperty("javafx.animation.pulse") == null) System.setProperty("javafx.animation.pulse", "240");
        quietPulseNotice();
        HeadlessFx.start(1920, 1200, "Capturing");
    }

    /**
     * JavaFX's animation timer prints "Setting PULSE_DURATION to 240 hz" to standard error when it
     * is first loaded with the pulse set: load it here with that one line held back, so that a
     * server's log and a scenario's progress bar carry only what concerns their user.
     */
    private static synchronized void quietPulseNotice() {
        java.io.PrintStream err = System.err;
        java.io.PrintStream filtered = new java.io.PrintStream(new java.io.OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public void write(int b) {
                line.write(b);
                if (b == '\n') flush();
            }

            @Override
            public void flush() {
                String text = line.toString(java.nio.charset.StandardCharsets.UTF_8);
                line.reset();
                if (!text.startsWith("Setting PULSE_DURATION")) err.print(text);
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
        System.setErr(filtered);
        try {
            Class.forName("com.sun.scenario.animation.AbstractPrimaryTimer", true, DisplaySessions.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            // another JavaFX version: its notice, if any, is printed
        } finally {
            filtered.flush();
            System.setErr(err);
        }
    }

    /**
     * Builds, draws and drops one session over an in-memory demo calendar, a few times: a new
     * process's first real session then finds the UI's classes loaded, its style sheets parsed and
     * its code compiled, instead of taking seconds for that while its user waits.
     */
    public void warmUp(int rounds) {
        startToolkit();
        java.time.LocalDate today = java.time.LocalDate.now(clock.withZone(zone));
        var service = org.thinrich.calendar.core.InMemoryCalendarService.of(
                org.thinrich.calendar.core.DemoAgenda.forUser("warm-up", today, zone, 1));
        for (int i = 0; i < rounds; i++) {
            DisplaySession session = FxThread.call(() -> DisplaySession.create("warm-up", "warm-up", service, zone, clock, weeksAhead,
                    1280, 800, freeSlot(), workers, reaper, metrics));
            FxThread.call(session::renderNow);
            FxThread.run(session::dispose);
        }
        metrics.reset();
    }

    /** The lowest window slot no session holds: each session's stage has a place of its own. */
    private synchronized int freeSlot() {
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        sessions.values().forEach(s -> taken.add((s.slotX() - WindowPixels.FIRST_X) / WindowPixels.SLOT_WIDTH));
        int slot = 0;
        while (taken.contains(slot)) slot++;
        return slot;
    }

    record Opened(DisplaySession session, boolean resumed) {
    }

    /** Calls {@code listener} with the id of every session closed after its grace period. */
    public void onEnded(java.util.function.Consumer<String> listener) {
        ended = listener;
    }

    public DisplayMetrics metrics() {
        return metrics;
    }

    public int count() {
        return sessions.size();
    }

    /**
     * Runs {@code look} on the JavaFX thread with the calendar UI of session {@code sessionId}: for
     * scenario drivers and tests in the server's process, which need the on-screen positions of
     * controls to click them as a person would. Nothing of it reaches a thin client.
     */
    public <T> T inspect(String sessionId, java.util.function.Function<org.thinrich.calendar.ui.CalendarApp, T> look) {
        DisplaySession session = sessions.get(sessionId);
        if (session == null) throw new IllegalArgumentException("No display session " + sessionId);
        return FxThread.call(() -> look.apply(session.app()));
    }

    /** Where the controls of {@code user}'s session {@code sessionId} are, as JSON; empty if the user has no such session here. */
    public Optional<String> screenMap(String sessionId, String user) {
        DisplaySession session = sessions.get(sessionId);
        if (session == null || !session.user.equals(user)) return Optional.empty();
        org.thinrich.calendar.ui.ScreenMap map = FxThread.call(() -> org.thinrich.calendar.ui.ScreenMap.of(session.app()));
        try {
            return Optional.of(org.thinrich.server.http.Json.MAPPER.writeValueAsString(map));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The input-to-update times of session {@code sessionId} copied into {@code target}, which they
     * replace: for a benchmark that reads them around every step and must not make garbage there.
     */
    public void inputToUpdateOf(String sessionId, org.HdrHistogram.Histogram target) {
        DisplaySession session = sessions.get(sessionId);
        if (session == null) throw new IllegalArgumentException("No display session " + sessionId);
        target.reset();
        synchronized (session.inputToUpdate) { // what a SynchronizedHistogram locks to record
            target.add(session.inputToUpdate);
        }
    }

    /** Clears the server's display metrics and each session's own, e.g. after a benchmark's warm-up. */
    public void resetMetrics() {
        metrics.reset();
        sessions.values().forEach(session -> session.inputToUpdate.reset());
    }

    /** For tests and benchmarks: every session by id. */
    Map<String, DisplaySession> sessionsById() {
        return sessions;
    }

    /** For tests and benchmarks: the sessions of a user. */
    /** The ids of a user's sessions, in no order. */
    public List<String> sessionIdsOf(String user) {
        return of(user).stream().map(s -> s.id).toList();
    }

    List<DisplaySession> of(String user) {
        return sessions.values().stream().filter(s -> s.user.equals(user)).toList();
    }

    private void closeAbandoned() {
        long limit = grace.toNanos();
        sessions.values().removeIf(session -> {
            if (session.attached() || session.detachedForNanos() < limit) return false;
            log.info("Display session {} of {} closed after {} s without a client", session.id, session.user, grace.toSeconds());
            javafx.application.Platform.runLater(session::dispose);
            ended.accept(session.id);
            return true;
        });
    }

    private String newId() {
        byte[] raw = new byte[18];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }

    /**
     * Closes every session in one go on the JavaFX thread and waits for that at most two seconds:
     * while the process stops (SIGTERM) the JavaFX thread may be busy or already gone, and a
     * stopping server must not wait for it session by session.
     */
    @Override
    public void close() {
        reaper.shutdownNow();
        List<DisplaySession> all = List.copyOf(sessions.values());
        sessions.clear();
        if (!all.isEmpty()) {
            java.util.concurrent.CountDownLatch disposed = new java.util.concurrent.CountDownLatch(1);
            try {
                javafx.application.Platform.runLater(() -> {
                    for (DisplaySession session : all) {
                        try {
                            session.dispose();
                        } catch (RuntimeException e) {
                            log.warn("Could not close display session {}", session.id, e);
                        }
                    }
                    disposed.countDown();
                });
                if (!disposed.await(2, TimeUnit.SECONDS)) log.warn("{} display sessions were not closed within 2 s", all.size());
            } catch (IllegalStateException toolkitGone) {
                // nothing left to close
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.shutdownNow();
    }
}
