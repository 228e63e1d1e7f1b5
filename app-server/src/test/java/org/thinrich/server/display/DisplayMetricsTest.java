package org.thinrich.server.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class DisplayMetricsTest {
    /** Times of one input, each stage 1 ms longer than the one before, from 1 ms. */
    private static long[] times() {
        long[] times = new long[DisplayMetrics.STAGES.size() + 1];
        for (int i = 1; i < times.length; i++) times[i] = times[i - 1] + i * 1_000_000L;
        return times;
    }

    @Test
    void eachStageIsTheTimeBetweenItsTwoBoundaries() {
        DisplayMetrics metrics = new DisplayMetrics();
        metrics.stages(times());
        int i = 1;
        for (Map.Entry<String, Double> stage : metrics.stagesP50Millis().entrySet()) {
            assertThat(stage.getValue()).as(stage.getKey()).isCloseTo(i++, org.assertj.core.data.Offset.offset(0.01));
        }
        assertThat(metrics.stagesP50Millis().keySet()).containsExactlyElementsOf(DisplayMetrics.STAGES.keySet());
    }

    @Test
    void stageCopiesTakeTheDifferenceOverAStep() {
        DisplayMetrics metrics = new DisplayMetrics();
        metrics.stages(times());
        Map<String, Histogram> before = metrics.stages();
        metrics.stages(times());
        metrics.stages(times());
        Map<String, Histogram> after = metrics.stages();
        assertThat(before.get("render").getTotalCount()).as("a copy does not follow later records").isEqualTo(1);
        after.forEach((stage, h) -> {
            h.subtract(before.get(stage));
            assertThat(h.getTotalCount()).as(stage).isEqualTo(2);
        });
    }
}
