package org.thinrich.scenarios.desk;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.thinrich.rich.engine.RichMetrics;
import org.thinrich.scenarios.record.Recorder;
import org.thinrich.scenarios.record.Sample;
import org.thinrich.scenarios.run.RunResult;
import org.thinrich.scenarios.scenario.Scenario;
import org.thinrich.scenarios.scenario.Step;
import org.thinrich.scenarios.scenario.StepKind;
import org.thinrich.thin.engine.ThinMetrics;

/**
 * What the dashboard shows, sampled from both engines a few times a second: each interaction's
 * response latency as it happens, bytes per second each way, cumulative bytes, thin frames per
 * second against sync messages per second. Every interaction is also kept as a sample, so the
 * session can be saved as the report a scenario run writes.
 */
public final class DashboardModel {
    /** How many points each chart keeps: two minutes at four samples a second. */
    static final int HISTORY = 480;

    public record Point(double seconds, double value) {
    }

    /** One path's series and latest figures. */
    public static final class PathSeries {
        final Deque<Point> responses = new ArrayDeque<>();
        final Deque<Point> bytesDownPerSecond = new ArrayDeque<>();
        final Deque<Point> bytesUpPerSecond = new ArrayDeque<>();
        final Deque<Point> cumulativeDown = new ArrayDeque<>();
        final Deque<Point> messagesPerSecond = new ArrayDeque<>();
        long lastInteractions;
        long lastDown;
        long lastUp;
        long lastMessages;
        double lastResponseMillis = -1;
        double rttMillis = -1;
        long interactions;
        String state = "";

        public List<Point> responses() {
            return List.copyOf(responses);
        }

        public List<Point> bytesDownPerSecond() {
            return List.copyOf(bytesDownPerSecond);
        }

        public List<Point> bytesUpPerSecond() {
            return List.copyOf(bytesUpPerSecond);
        }

        public List<Point> cumulativeDown() {
            return List.copyOf(cumulativeDown);
        }

        public List<Point> messagesPerSecond() {
            return List.copyOf(messagesPerSecond);
        }

        public double lastResponseMillis() {
            return lastResponseMillis;
        }

        public double rttMillis() {
            return rttMillis;
        }

        public long interactions() {
            return interactions;
        }

        public String state() {
            return state;
        }
    }

    private final DemoSession session;
    private final Recorder recorder = new Recorder();
    private final Instant started = Instant.now();
    private final long t0 = System.nanoTime();
    private long lastPollNanos = System.nanoTime();
    private final PathSeries thin = new PathSeries();
    private final PathSeries rich = new PathSeries();

    public DashboardModel(DemoSession session) {
        this.session = session;
    }

    public PathSeries thin() {
        return thin;
    }

    public PathSeries rich() {
        return rich;
    }

    /** Reads both engines; call a few times a second. */
    public synchronized void poll() {
        long now = System.nanoTime();
        double seconds = (now - t0) / 1e9;
        double dt = Math.max(1e-3, (now - lastPollNanos) / 1e9);
        lastPollNanos = now;
        ThinMetrics tm = session.thin().metrics();
        long thinCount = tm.inputsDisplayed();
        update(thin, "thin", seconds, dt, thinCount, tm.lastInputToDisplayMillis(), tm.bytesDown(), tm.bytesUp(), tm.frames(), tm.lastRttMillis(),
                session.thin().state() + "");
        RichMetrics rm = session.rich().metrics();
        update(rich, "rich", seconds, dt, rm.responses(), rm.lastResponseMillis(), rm.bytesDown(), rm.bytesUp(),
                rm.messagesDown() + rm.messagesUp(), rm.lastRttMillis(), session.rich().state() + " - " + session.rich().stateDetail());
    }

    private void update(PathSeries s, String path, double seconds, double dt, long interactions, double lastResponse, long down, long up,
            long messages, double rtt, String state) {
        if (interactions > s.lastInteractions) {
            // Several interactions within one poll show as their last; the count says how many there were.
            s.lastResponseMillis = lastResponse;
            add(s.responses, new Point(seconds, lastResponse));
            s.interactions += interactions - s.lastInteractions;
            var p = session.profile();
            recorder.add(new Sample(p.name(), p.rttMillis(), path, 1, (int) s.interactions, "interaction", lastResponse, -1, -1,
                    up - s.lastUp, down - s.lastDown, 0, 0, 0, 0, 0, 0, 0, 0, System.currentTimeMillis()));
        }
        s.lastInteractions = interactions;
        add(s.bytesDownPerSecond, new Point(seconds, (down - s.lastDown) / dt));
        add(s.bytesUpPerSecond, new Point(seconds, (up - s.lastUp) / dt));
        add(s.cumulativeDown, new Point(seconds, down));
        add(s.messagesPerSecond, new Point(seconds, (messages - s.lastMessages) / dt));
        s.lastDown = down;
        s.lastUp = up;
        s.lastMessages = messages;
        s.rttMillis = rtt;
        s.state = state;
    }

    private static void add(Deque<Point> series, Point p) {
        series.addLast(p);
        while (series.size() > HISTORY) series.removeFirst();
    }

    /** The session so far as a run result, to be written as CSV, JSON and HTML like a scenario run. */
    public synchronized RunResult toRunResult() {
        Scenario scenario = new Scenario("demo", "Interactive demo session: both clients side by side.", Scenario.EMBEDDED, null, null,
                null, 1, 0, List.of(session.profile().name()), List.of(), List.of("thin", "rich"), 0, false, List.of(Step.of(StepKind.IDLE)), null, null, null, null);
        return new RunResult(scenario, started, Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                List.of(), recorder, List.of(), Map.of(), List.of()); // the demo's server runs in a process of its own
    }
}
