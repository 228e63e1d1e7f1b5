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
        metrics.stages("s1", 7, times());
        int i = 1;
        for (Map.Entry<String, Double> stage : metrics.stagesP50Millis().entrySet()) {
            assertThat(stage.getValue()).as(stage.getKey()).isCloseTo(i++, org.assertj.core.data.Offset.offset(0.01));
        }
        assertThat(metrics.stagesP50Millis().keySet()).containsExactlyElementsOf(DisplayMetrics.STAGES.keySet());
    }

    @Test
    void theStagesOfAnInputAreKeptUntilManyLaterInputsWereAnswered() {
        DisplayMetrics metrics = new DisplayMetrics();
        metrics.stages("s1", 1, times());
        assertThat(metrics.stagesOfInputMillis("s1", 1).keySet()).containsExactlyElementsOf(DisplayMetrics.STAGES.keySet());
        assertThat(metrics.stagesOfInputMillis("s1", 1).values()).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0);
        assertThat(metrics.stagesOfInputMillis("s1", 2)).as("an input not answered").isEmpty();
        assertThat(metrics.stagesOfInputMillis("s2", 1)).as("input 1 of another session").isEmpty();
        for (int input = 2; input <= DisplayMetrics.RECENT_INPUTS; input++) metrics.stages("s1", input, times());
        assertThat(metrics.stagesOfInputMillis("s1", 1)).as("the last %d answered", DisplayMetrics.RECENT_INPUTS).isNotEmpty();
        metrics.stages("s2", 1, times());
        assertThat(metrics.stagesOfInputMillis("s1", 1)).as("one more, of any session").isEmpty();
        assertThat(metrics.stagesOfInputMillis("s2", 1)).isNotEmpty();
        metrics.reset();
        assertThat(metrics.stagesOfInputMillis("s1", DisplayMetrics.RECENT_INPUTS)).isEmpty();
    }
}
