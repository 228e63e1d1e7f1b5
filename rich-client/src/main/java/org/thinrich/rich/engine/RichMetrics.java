package org.thinrich.rich.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the rich client measures on its own clock: response latency (an edit until the local
 * model has it and the UI is told), commit latency (an edit until the server's ack), round-trip
 * time, and traffic: as messages' payload, and as what crossed the wire (the sync connection's
 * bytes as its socket sent and received them, upgrade and framing included, and each login).
 */
public final class RichMetrics {
    final Histogram responseNanos = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(5), 3);
    final Histogram commitNanos = new ConcurrentHistogram(TimeUnit.HOURS.toNanos(24), 3);
    final Histogram rttNanos = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(5), 3);
    final AtomicLong lastResponseNanos = new AtomicLong(-1);
    final AtomicLong lastCommitNanos = new AtomicLong(-1);
    final AtomicLong lastRttNanos = new AtomicLong(-1);
    final AtomicLong bytesUp = new AtomicLong();
    final AtomicLong bytesDown = new AtomicLong();
    final AtomicLong wireBytesUp = new AtomicLong();
    final AtomicLong wireBytesDown = new AtomicLong();
    final AtomicLong messagesUp = new AtomicLong();
    final AtomicLong messagesDown = new AtomicLong();
    final AtomicLong operationsApplied = new AtomicLong();
    final AtomicLong conflicts = new AtomicLong();
    final AtomicLong rejections = new AtomicLong();
    final AtomicLong eventsPulled = new AtomicLong();
    final AtomicLong resyncs = new AtomicLong();

    void up(int payload) {
        bytesUp.addAndGet(payload);
        messagesUp.incrementAndGet();
    }

    void down(int payload) {
        bytesDown.addAndGet(payload);
        messagesDown.incrementAndGet();
    }

    /** A login's request and reply, as HTTP/1.1 wrote them. */
    void login(long sent, long received) {
        wireBytesUp.addAndGet(sent);
        wireBytesDown.addAndGet(received);
    }

    void response(long nanos) {
        responseNanos.recordValue(Math.min(nanos, responseNanos.getHighestTrackableValue()));
        lastResponseNanos.set(nanos);
    }

    void commit(long nanos) {
        commitNanos.recordValue(Math.min(nanos, commitNanos.getHighestTrackableValue()));
        lastCommitNanos.set(nanos);
    }

    void rtt(long nanos) {
        rttNanos.recordValue(Math.min(nanos, rttNanos.getHighestTrackableValue()));
        lastRttNanos.set(nanos);
    }

    public Histogram response() {
        return responseNanos.copy();
    }

    /** How many edits were answered locally so far, without copying the histogram. */
    public long responses() {
        return responseNanos.getTotalCount();
    }

    public Histogram commit() {
        return commitNanos.copy();
    }

    public Histogram rtt() {
        return rttNanos.copy();
    }

    public double lastResponseMillis() {
        return millis(lastResponseNanos.get());
    }

    public double lastCommitMillis() {
        return millis(lastCommitNanos.get());
    }

    public double lastRttMillis() {
        return millis(lastRttNanos.get());
    }

    private static double millis(long nanos) {
        return nanos < 0 ? -1 : nanos / 1e6;
    }

    public long bytesUp() {
        return bytesUp.get();
    }

    public long bytesDown() {
        return bytesDown.get();
    }

    /** Everything sent: logins and the sync connections' bytes (TCP payload), upgrade and WebSocket framing included. */
    public long wireBytesUp() {
        return wireBytesUp.get();
    }

    public long wireBytesDown() {
        return wireBytesDown.get();
    }

    public long messagesUp() {
        return messagesUp.get();
    }

    public long messagesDown() {
        return messagesDown.get();
    }

    public long operationsApplied() {
        return operationsApplied.get();
    }

    public long conflicts() {
        return conflicts.get();
    }

    public long rejections() {
        return rejections.get();
    }

    public long eventsPulled() {
        return eventsPulled.get();
    }

    public long resyncs() {
        return resyncs.get();
    }
}
