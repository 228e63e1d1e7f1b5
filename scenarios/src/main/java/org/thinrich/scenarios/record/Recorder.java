package org.thinrich.scenarios.record;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/**
 * Keeps every sample and sums them up per profile, path and step: latencies as HdrHistogram
 * percentiles (microsecond resolution), bytes and messages as medians.
 */
public final class Recorder {
    private final List<Sample> samples = new CopyOnWriteArrayList<>();

    public void add(Sample sample) {
        samples.add(sample);
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Percentiles of one latency; count 0 when the step has none. */
    public record Latency(long count, double p50, double p90, double p99, double max) {
        static Latency of(List<Sample> list, ToDoubleFunction<Sample> metric) {
            Histogram h = new Histogram(3_600_000_000L, 3); // microseconds, up to an hour
            for (Sample s : list) {
                double ms = metric.applyAsDouble(s);
                if (ms >= 0) h.recordValue(Math.max(0, Math.round(ms * 1000)));
            }
            if (h.getTotalCount() == 0) return new Latency(0, -1, -1, -1, -1);
            return new Latency(h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
        }
    }

    public record Summary(String profile, double rttMillis, String path, String step, int count, Latency response, Latency commit,
            Latency propagation, long payloadUp, long payloadDown, long messagesUp, long messagesDown, long tcpUp, long tcpDown,
            long frames, double serverCpuMillis) {
    }

    /** One summary per profile, path and step, in the order they ran. */
    public List<Summary> summaries() {
        Map<String, List<Sample>> groups = new LinkedHashMap<>();
        for (Sample s : samples) groups.computeIfAbsent(s.profile() + "\u0000" + s.path() + "\u0000" + s.step(), k -> new ArrayList<>()).add(s);
        List<Summary> result = new ArrayList<>();
        for (List<Sample> list : groups.values()) {
            Sample first = list.get(0);
            result.add(new Summary(first.profile(), first.rttMillis(), first.path(), first.step(), list.size(),
                    Latency.of(list, Sample::responseMillis), Latency.of(list, Sample::commitMillis), Latency.of(list, Sample::propagationMillis),
                    median(list, Sample::payloadUp), median(list, Sample::payloadDown), median(list, Sample::messagesUp),
                    median(list, Sample::messagesDown), median(list, Sample::tcpUp), median(list, Sample::tcpDown),
                    median(list, Sample::frames), list.stream().mapToDouble(Sample::serverCpuMillis).sorted().skip(list.size() / 2).findFirst().orElse(0)));
        }
        return result;
    }

    /** The upper median: for an even count, the larger of the two middle values (as HdrHistogram's p50 does). */
    static long median(List<Sample> list, ToLongFunction<Sample> metric) {
        long[] values = list.stream().mapToLong(metric).sorted().toArray();
        return values.length == 0 ? 0 : values[values.length / 2];
    }
}
