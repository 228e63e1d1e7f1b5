package org.thinrich.server.display;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** What the display endpoint measures, for /metrics and the benchmark: times in HdrHistograms, never averages alone. */
public final class DisplayMetrics {
    /** Input received from the socket to the update reflecting it handed to the socket. */
    final Histogram inputToUpdateNanos = histogram();
    final Histogram captureNanos = histogram();
    final Histogram encodeNanos = histogram();
    final LongAdder updates = new LongAdder();
    final LongAdder updateBytes = new LongAdder();
    final LongAdder changedPixels = new LongAdder();

    private static Histogram histogram() {
        return new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
    }

    void updateSent(int bytes, long pixels) {
        updates.increment();
        updateBytes.add(bytes);
        changedPixels.add(pixels);
    }

    public Map<String, Object> snapshot() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("display_updates", updates.sum());
        result.put("display_update_bytes", updateBytes.sum());
        result.put("display_changed_pixels", changedPixels.sum());
        put(result, "display_input_to_update", inputToUpdateNanos);
        put(result, "display_capture", captureNanos);
        put(result, "display_encode", encodeNanos);
        return result;
    }

    private static void put(Map<String, Object> result, String name, Histogram h) {
        result.put(name + "_count", h.getTotalCount());
        result.put(name + "_p50_ms", h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(50) / 1e6);
        result.put(name + "_p95_ms", h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(95) / 1e6);
        result.put(name + "_max_ms", h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1e6);
    }

    /** Clears the histograms, e.g. after a benchmark's warm-up. */
    public void reset() {
        inputToUpdateNanos.reset();
        captureNanos.reset();
        encodeNanos.reset();
    }
}
