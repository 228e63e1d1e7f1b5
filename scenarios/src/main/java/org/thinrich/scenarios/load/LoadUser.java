package org.thinrich.scenarios.load;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.scenarios.drive.ClientDriver;
import org.thinrich.scenarios.drive.ClientDriver.StepOutcome;
import org.thinrich.scenarios.scenario.Step;

/**
 * One simulated user of a load run: connects, waits a random part of a think time (so users do not
 * act in lock step), then repeats the workload with think times of half to one and a half times
 * the mean, until stopped. Records response and commit latencies and errors as it goes.
 */
final class LoadUser implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoadUser.class);

    private final String name;
    private final ClientDriver driver;
    private final List<Step> workload;
    private final int thinkMillis;
    private final Random random;
    private final Recorder responses = new Recorder(3);
    private final Recorder editResponses = new Recorder(3);
    private final Recorder commits = new Recorder(3);
    final AtomicLong errors = new AtomicLong();
    final AtomicLong actions = new AtomicLong();
    private volatile boolean stopped;
    private volatile String lastError = "";
    private Thread thread;

    LoadUser(String name, ClientDriver driver, List<Step> workload, int thinkMillis, long seed) {
        this.name = name;
        this.driver = driver;
        this.workload = workload;
        this.thinkMillis = thinkMillis;
        this.random = new Random(seed);
    }

    /** Connects (on the caller's thread, so a ramp step counts only connected users), then starts acting. */
    void start() throws Exception {
        driver.connect();
        thread = new Thread(this::act, "load-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void act() {
        try {
            Thread.sleep(random.nextInt(thinkMillis));
            while (!stopped) {
                for (Step step : workload) {
                    if (stopped) return;
                    try {
                        StepOutcome outcome = driver.perform(step);
                        actions.incrementAndGet();
                        // A drag's wait includes the hand's own movement (paced as a mouse reports it): edits
                        // are kept apart, and the threshold applies to the steps that only wait for the view.
                        Recorder into = step.kind().edits() ? editResponses : responses;
                        if (outcome.responseNanos() >= 0) into.recordValue(Math.max(1, outcome.responseNanos() / 1000));
                        long commit = driver.lastCommitNanos();
                        if (step.kind().edits() && commit >= 0) commits.recordValue(Math.max(1, commit / 1000));
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        lastError = e.getMessage() == null ? e.toString() : e.getMessage();
                        log.debug("{}: {} failed", name, step.label(), e);
                    }
                    Thread.sleep((long) (thinkMillis * (0.5 + random.nextDouble())));
                }
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    /** Response latencies in microseconds since the last call. */
    Histogram takeResponses() {
        return responses.getIntervalHistogram();
    }

    /** Response latencies of editing steps in microseconds since the last call. */
    Histogram takeEditResponses() {
        return editResponses.getIntervalHistogram();
    }

    /** Commit latencies in microseconds since the last call. */
    Histogram takeCommits() {
        return commits.getIntervalHistogram();
    }

    long bytes() {
        var t = driver.traffic();
        return t.payloadUp() + t.payloadDown();
    }

    String name() {
        return name;
    }

    String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        stopped = true;
        if (thread != null) thread.interrupt();
        try {
            if (thread != null) thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        driver.close();
    }
}
