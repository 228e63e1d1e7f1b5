package org.thinrich.server.display;

import java.util.LinkedHashMap;
import java.util.List;
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
    /**
     * Where the server's time goes for an input that changes the picture, in order: queued for the
     * JavaFX thread, handled there (the UI's own event handlers), waiting for the next pulse (which
     * JavaFX starts only once the previous frame is rendered), deferred work until the pulse that
     * shows the change reaches this scene (work the handlers left for later, e.g. in runLater, and
     * the pulses in between), that pulse's CSS and layout of the scene, rendering until Prism's
     * upload, held back (pacing or a full window), diff and encode until handed to the socket.
     */
    static final List<String> STAGES = List.of("queue", "handle", "pulse_wait", "deferred", "css_layout", "render", "hold", "encode");
    final Map<String, Histogram> stageNanos = new LinkedHashMap<>();
    final LongAdder updates = new LongAdder();
    final LongAdder updateBytes = new LongAdder();
    final LongAdder changedPixels = new LongAdder();

    private static Histogram histogram() {
        return new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
    }

    DisplayMetrics() {
        STAGES.forEach(stage -> stageNanos.put(stage, histogram()));
    }

    /** Times of one answered input: arrived, dequeued, applied, pulse began, scene's pulse began, laid out, painted, encode began, sent. */
    void stages(long... times) {
        for (int i = 0; i < STAGES.size(); i++) stageNanos.get(STAGES.get(i)).recordValue(Math.max(0, times[i + 1] - times[i]));
    }

    void updateSent(int bytes) {
        updates.increment();
        updateBytes.add(bytes);
    }

    public Map<String, Object> snapshot() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("display_updates", updates.sum());
        result.put("display_update_bytes", updateBytes.sum());
        result.put("display_changed_pixels", changedPixels.sum());
        put(result, "display_input_to_update", inputToUpdateNanos);
        put(result, "display_capture", captureNanos);
        put(result, "display_encode", encodeNanos);
        stageNanos.forEach((stage, h) -> result.put("display_stage_" + stage + "_p50_ms", h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(50) / 1e6));
        return result;
    }

    private static void put(Map<String, Object> result, String name, Histogram h) {
        result.put(name + "_count", h.getTotalCount());
        result.put(name + "_p50_ms", h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(50) / 1e6);
        result.put(name + "_p95_ms", h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(95) / 1e6);
        result.put(name + "_max_ms", h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1e6);
    }

    /** The p50 of each stage in ms, in order, for the stages measured at least once. */
    public Map<String, Double> stagesP50Millis() {
        Map<String, Double> result = new LinkedHashMap<>();
        stageNanos.forEach((stage, h) -> {
            if (h.getTotalCount() > 0) result.put(stage, h.getValueAtPercentile(50) / 1e6);
        });
        return result;
    }

    /** A copy of the input-to-update histogram, e.g. to take the difference over one step. */
    public Histogram inputToUpdate() {
        return inputToUpdateNanos.copy();
    }

    /** Clears the histograms, e.g. after a benchmark's warm-up. */
    public void reset() {
        inputToUpdateNanos.reset();
        captureNanos.reset();
        encodeNanos.reset();
        stageNanos.values().forEach(Histogram::reset);
    }
}
