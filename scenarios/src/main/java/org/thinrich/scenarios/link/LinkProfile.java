package org.thinrich.scenarios.link;

import java.time.Duration;

/**
 * What a network path does to a TCP stream, per direction: round-trip time, bandwidth down
 * (server to client) and up, jitter (delay variation that never reorders the stream) and segment
 * loss, which TCP turns into a retransmission stall. {@code source} says where the numbers come from.
 */
public record LinkProfile(String name, double rttMillis, long downBitsPerSecond, long upBitsPerSecond,
        double jitterMillis, double lossPercent, String source) {

    public LinkProfile {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("A link profile needs a name.");
        if (rttMillis < 0 || rttMillis > 10_000) throw new IllegalArgumentException("rtt must be 0 to 10000 ms, not " + rttMillis + ".");
        if (downBitsPerSecond < 8_000 || upBitsPerSecond < 8_000) {
            throw new IllegalArgumentException("Bandwidth must be at least 8 kbit/s each way.");
        }
        if (jitterMillis < 0 || jitterMillis > rttMillis + 1000) throw new IllegalArgumentException("jitter must be 0 to rtt + 1000 ms.");
        if (lossPercent < 0 || lossPercent > 50) throw new IllegalArgumentException("loss must be 0 to 50 %, not " + lossPercent + ".");
        source = source == null ? "custom" : source;
    }

    public long oneWayDelayNanos() {
        return (long) (rttMillis * 1e6 / 2);
    }

    /**
     * The stall a lost segment causes: TCP's retransmission timeout, at least 200 ms (Linux's
     * minimum RTO), else the RTT plus four times its variation.
     */
    public Duration retransmissionStall() {
        return Duration.ofNanos((long) (Math.max(200, rttMillis + 4 * jitterMillis) * 1e6));
    }

    /** A copy with another round-trip time, for sweeps and the workbench's slider. */
    public LinkProfile withRtt(double millis) {
        return new LinkProfile(name, millis, downBitsPerSecond, upBitsPerSecond, jitterMillis, lossPercent, source);
    }

    @Override
    public String toString() {
        return String.format("%s (RTT %s ms, %s down / %s up, loss %s %%)", name, trim(rttMillis), rate(downBitsPerSecond),
                rate(upBitsPerSecond), trim(lossPercent));
    }

    /** A measured rate for reading: three significant figures. */
    static String measuredRate(double bps) {
        if (bps >= 1e6) return String.format(java.util.Locale.ROOT, bps >= 1e8 ? "%.0f Mbit/s" : bps >= 1e7 ? "%.1f Mbit/s" : "%.2f Mbit/s", bps / 1e6);
        return String.format(java.util.Locale.ROOT, bps >= 1e5 ? "%.0f kbit/s" : "%.1f kbit/s", bps / 1e3);
    }

    static String rate(long bps) {
        if (bps >= 1_000_000_000 && bps % 1_000_000_000 == 0) return bps / 1_000_000_000 + " Gbit/s";
        if (bps >= 1_000_000) return trim(bps / 1e6) + " Mbit/s";
        return trim(bps / 1e3) + " kbit/s";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
