package org.thinrich.server.display;

import java.util.Collections;
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
    /**
     * Where the server's time goes for an input that changes the picture, stage by stage in order,
     * with what each is. The JavaFX pulse starts only once the previous frame is rendered; a
     * scene's pre-layout listener, the "css_layout" boundary, runs before its CSS pass.
     */
    public static final Map<String, String> STAGES = stages(
            "queue", "waiting for the JavaFX thread",
            "handle", "the calendar UI's own event handlers",
            "pulse_wait", "waiting for the next pulse",
            "deferred", "work the handlers left for later (e.g. runLater), until the pulse that shows the change",
            "css_layout", "CSS and layout of that pulse",
            "render", "Prism renders until the window is uploaded",
            "hold", "held back by pacing or a full flow-control window",
            "encode", "diff against the client's frame and encode, until handed to the socket");
    final Map<String, Histogram> stageNanos = new LinkedHashMap<>();
    static final int RECENT_INPUTS = 256;
    /** An input of one session: sessions number their inputs each from 1. */
    private record SessionInput(String session, int input) {
    }
    private final Map<SessionInput, long[]> recentStages = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SessionInput, long[]> eldest) {
            return size() > RECENT_INPUTS;
        }
    });
    final LongAdder updates = new LongAdder();
    final LongAdder updateBytes = new LongAdder();
    final LongAdder changedPixels = new LongAdder();
    /** Arrays made for captured frames; sessions use theirs again, so this grows with sessions, not frames. */
    final LongAdder frameArraysMade = new LongAdder();

    private static Histogram histogram() {
        return new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
    }

    DisplayMetrics() {
        STAGES.keySet().forEach(stage -> stageNanos.put(stage, histogram()));
    }

    private static Map<String, String> stages(String... namesAndMeanings) {
        Map<String, String> stages = new LinkedHashMap<>();
        for (int i = 0; i < namesAndMeanings.length; i += 2) stages.put(namesAndMeanings[i], namesAndMeanings[i + 1]);
        return Collections.unmodifiableMap(stages);
    }

    /** Times of one answered input of {@code session}: arrived, dequeued, applied, pulse began, scene's pulse began, laid out, painted, encode began, sent. */
    void stages(String session, int input, long... times) {
        long[] durations = new long[STAGES.size()];
        int i = 0;
        for (Histogram h : stageNanos.values()) {
            durations[i] = Math.max(0, times[i + 1] - times[i]);
            h.recordValue(durations[i]);
            i++;
        }
        recentStages.put(new SessionInput(session, input), durations);
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
        result.put("display_frame_arrays_made", frameArraysMade.sum());
        put(result, "display_input_to_update", inputToUpdateNanos);
        put(result, "display_capture", captureNanos);
        put(result, "display_encode", encodeNanos);
        stagesP50Millis().forEach((stage, millis) -> result.put("display_stage_" + stage + "_p50_ms", millis));
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

    /**
     * The stage times of an input of {@code session} answered lately, in ms by stage, in order;
     * empty when no frame changed by it has been sent, or it is older than the last
     * {@value #RECENT_INPUTS} answered in all sessions.
     */
    public Map<String, Double> stagesOfInputMillis(String session, int input) {
        long[] durations = recentStages.get(new SessionInput(session, input));
        Map<String, Double> result = new LinkedHashMap<>();
        if (durations == null) return result;
        int i = 0;
        for (String stage : STAGES.keySet()) result.put(stage, durations[i++] / 1e6);
        return result;
    }

    /** Clears the histograms, e.g. after a benchmark's warm-up. */
    public void reset() {
        inputToUpdateNanos.reset();
        captureNanos.reset();
        encodeNanos.reset();
        stageNanos.values().forEach(Histogram::reset);
        recentStages.clear();
    }
}
