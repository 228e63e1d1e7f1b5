package org.thinrich.thin.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.thinrich.display.protocol.encoding.EncodingStats;

/**
 * What the thin client measures on its own clock: round-trip time, input-to-display latency
 * (input sent to the first painted update that reflects it), frames, and bytes each way.
 */
public final class ThinMetrics {
    final Histogram inputToDisplayNanos = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(5), 3);
    final Histogram rttNanos = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(5), 3);
    final Histogram decodeNanos = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(5), 3);
    final AtomicLong lastInputToDisplayNanos = new AtomicLong(-1);
    final AtomicLong lastRttNanos = new AtomicLong(-1);
    final AtomicLong frames = new AtomicLong();
    final AtomicLong bytesDown = new AtomicLong();
    final AtomicLong bytesUp = new AtomicLong();
    final AtomicLong messagesDown = new AtomicLong();
    final AtomicLong messagesUp = new AtomicLong();
    volatile EncodingStats encodings = new EncodingStats();

    public Histogram inputToDisplay() {
        return inputToDisplayNanos.copy();
    }

    /** How many inputs were seen displayed so far, without copying the histogram. */
    public long inputsDisplayed() {
        return inputToDisplayNanos.getTotalCount();
    }

    public Histogram rtt() {
        return rttNanos.copy();
    }

    public Histogram decode() {
        return decodeNanos.copy();
    }

    /** The last input-to-display latency in milliseconds, or -1 before the first. */
    public double lastInputToDisplayMillis() {
        long v = lastInputToDisplayNanos.get();
        return v < 0 ? -1 : v / 1e6;
    }

    public double lastRttMillis() {
        long v = lastRttNanos.get();
        return v < 0 ? -1 : v / 1e6;
    }

    public long frames() {
        return frames.get();
    }

    public long bytesDown() {
        return bytesDown.get();
    }

    public long bytesUp() {
        return bytesUp.get();
    }

    public long messagesDown() {
        return messagesDown.get();
    }

    public long messagesUp() {
        return messagesUp.get();
    }

    public EncodingStats encodings() {
        return encodings;
    }
}
