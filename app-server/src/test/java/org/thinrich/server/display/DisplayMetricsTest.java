package org.thinrich.server.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
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
        metrics.stages(7, times());
        int i = 1;
        for (Map.Entry<String, Double> stage : metrics.stagesP50Millis().entrySet()) {
            assertThat(stage.getValue()).as(stage.getKey()).isCloseTo(i++, org.assertj.core.data.Offset.offset(0.01));
        }
        assertThat(metrics.stagesP50Millis().keySet()).containsExactlyElementsOf(DisplayMetrics.STAGES.keySet());
    }

    @Test
    void theStagesOfAnInputAreKeptUntilManyLaterInputsWereAnswered() {
        DisplayMetrics metrics = new DisplayMetrics();
        metrics.stages(1, times());
        assertThat(metrics.stagesOfInputMillis(1).keySet()).containsExactlyElementsOf(DisplayMetrics.STAGES.keySet());
        assertThat(metrics.stagesOfInputMillis(1).values()).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0);
        assertThat(metrics.stagesOfInputMillis(2)).as("an input not answered").isEmpty();
        for (int input = 2; input <= DisplayMetrics.RECENT_INPUTS; input++) metrics.stages(input, times());
        assertThat(metrics.stagesOfInputMillis(1)).as("the last %d answered", DisplayMetrics.RECENT_INPUTS).isNotEmpty();
        metrics.stages(DisplayMetrics.RECENT_INPUTS + 1, times());
        assertThat(metrics.stagesOfInputMillis(1)).as("one more").isEmpty();
        metrics.reset();
        assertThat(metrics.stagesOfInputMillis(DisplayMetrics.RECENT_INPUTS)).isEmpty();
    }
}
