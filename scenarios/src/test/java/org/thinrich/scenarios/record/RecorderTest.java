package org.thinrich.scenarios.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The recorder's arithmetic on inputs whose answers are known. */
class RecorderTest {
    static Sample sample(String path, String step, double response, double commit, long down) {
        return new Sample("lan", 0.5, path, 1, 0, step, response, commit, -1, 10, down, 1, 2, 0, 20, down + 5, 1, 1, 0.5, 0);
    }

    @Test
    void percentilesAndMediansPerProfilePathAndStep() {
        Recorder r = new Recorder();
        for (int i = 1; i <= 100; i++) r.add(sample("thin", "next-week", i, -1, 1000L * i));
        r.add(sample("rich", "next-week", 0.5, -1, 0));
        r.add(sample("rich", "move-event", 2.0, 30.0, 170));
        r.add(sample("rich", "move-event", 4.0, 50.0, 180));

        List<Recorder.Summary> all = r.summaries();
        assertThat(all).hasSize(3);
        Recorder.Summary thin = all.get(0);
        assertThat(thin.count()).isEqualTo(100);
        assertThat(thin.response().p50()).isCloseTo(50, within(0.1));
        assertThat(thin.response().p90()).isCloseTo(90, within(0.1));
        assertThat(thin.response().p99()).isCloseTo(99, within(0.1));
        assertThat(thin.response().max()).isCloseTo(100, within(0.1));
        assertThat(thin.commit().count()).as("no edit, no commit latency").isZero();
        assertThat(thin.payloadDown()).isEqualTo(51_000); // the upper median of 1000..100000
        assertThat(thin.tcpDown()).isEqualTo(51_005);

        Recorder.Summary move = all.get(2);
        assertThat(move.step()).isEqualTo("move-event");
        assertThat(move.response().p50()).isCloseTo(2.0, within(0.01));
        assertThat(move.commit().p50()).isCloseTo(30.0, within(0.05));
        assertThat(move.commit().max()).isCloseTo(50.0, within(0.05));
        assertThat(move.payloadDown()).isEqualTo(180);
    }

    @Test
    void aSampleWritesOneCsvLineInTheHeadersOrder() {
        Sample s = new Sample("3g", 300, "thin", 2, 4, "idle, then more", 12.5, -1, -1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1.25, 99);
        String[] header = Sample.CSV_HEADER.split(",");
        assertThat(s.csv()).isEqualTo("3g,300.000,thin,2,4,\"idle, then more\",12.500,,,1,2,3,4,5,6,7,8,9,1.250,99");
        assertThat(header).hasSize(20);
    }
}
