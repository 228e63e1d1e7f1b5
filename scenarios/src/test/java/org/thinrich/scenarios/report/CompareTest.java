package org.thinrich.scenarios.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.scenarios.scenario.ScenarioException;

/** compare: a change counts only when the two runs' samples do not overlap; steps of one run only are named. */
class CompareTest {
    @TempDir
    Path directory;

    /** A report folder holding samples of (client, step, response ms, bytes down). */
    private Path report(String name, Object[]... samples) throws Exception {
        StringBuilder json = new StringBuilder("{\"scenario\":{\"name\":\"" + name + "\"},\"started\":\"2026-12-05T10:00:00Z\",\"cores\":2,\"samples\":[");
        for (int i = 0; i < samples.length; i++) {
            Object[] s = samples[i];
            json.append(i == 0 ? "" : ",").append(String.format(java.util.Locale.ROOT,
                    "{\"profile\":\"lan\",\"path\":\"%s\",\"step\":\"%s\",\"responseMillis\":%s,\"tcpDown\":%d}", s[0], s[1], s[2], s[3]));
        }
        json.append("]}");
        Path folder = directory.resolve(name);
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("report.json"), json);
        return folder;
    }

    @Test
    void aChangeCountsOnlyWhenTheSamplesDoNotOverlap() throws Exception {
        Path a = report("a", new Object[] {"thin", "next-week", 30.0, 10_000}, new Object[] {"thin", "next-week", 34.0, 10_000},
                new Object[] {"thin", "month", 200.0, 40_000}, new Object[] {"thin", "month", 260.0, 41_000},
                new Object[] {"rich", "connect", null, 3_000}, new Object[] {"rich", "gone", 1.0, 0});
        Path b = report("b", new Object[] {"thin", "next-week", 40.0, 10_000}, new Object[] {"thin", "next-week", 45.0, 10_000},
                new Object[] {"thin", "month", 220.0, 30_000}, new Object[] {"thin", "month", 300.0, 30_500},
                new Object[] {"rich", "connect", null, 3_000}, new Object[] {"rich", "new", 2.0, 0});
        List<Compare.Row> rows = Compare.compare(Compare.read(a), Compare.read(b));
        assertThat(rows).extracting(Compare.Row::step).containsExactly("next-week", "month", "connect", "gone", "new");
        Compare.Row week = rows.get(0);
        assertThat(week.response().verdict()).as("every B sample above every A sample").isEqualTo(Compare.Verdict.WORSE);
        assertThat(week.response().a()).isEqualTo(34.0); // the upper median, as the reports take it
        assertThat(week.response().percent()).isCloseTo(32.35, org.assertj.core.data.Offset.offset(0.01));
        assertThat(week.bytesDown().verdict()).isEqualTo(Compare.Verdict.SAME);
        Compare.Row month = rows.get(1);
        assertThat(month.response().verdict()).as("200-260 and 220-300 overlap").isEqualTo(Compare.Verdict.WITHIN);
        assertThat(month.bytesDown().verdict()).isEqualTo(Compare.Verdict.BETTER);
        assertThat(rows.get(2).response().verdict()).as("a step without a response").isEqualTo(Compare.Verdict.NONE);
        assertThat(rows.get(3).response().verdict()).isEqualTo(Compare.Verdict.ONLY_A);
        assertThat(rows.get(4).response().verdict()).isEqualTo(Compare.Verdict.ONLY_B);
        assertThat(Compare.anyWorse(rows)).isTrue();

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Compare.print(Compare.read(a), Compare.read(b), rows, new PrintStream(text, true, StandardCharsets.UTF_8));
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("next-week").contains("+32 %").contains("worse").contains("within spread")
                .contains("41,000").contains("only in A").contains("Of 5 steps, 1 got worse and 1 better outside the runs' spread.");
        var json = Compare.json(Compare.read(a), Compare.read(b), rows);
        assertThat(json.get("steps").get(0).get("response").get("verdict").asText()).isEqualTo("worse");
        assertThat(json.get("steps").get(2).get("response").get("a").isNull()).isTrue();
    }

    @Test
    void aRunComparedWithItselfHasNoChange() throws Exception {
        Path a = report("a", new Object[] {"thin", "next-week", 30.0, 10_000}, new Object[] {"thin", "next-week", 34.0, 10_100});
        List<Compare.Row> rows = Compare.compare(Compare.read(a), Compare.read(a));
        assertThat(rows.get(0).response().verdict()).isEqualTo(Compare.Verdict.SAME);
        assertThat(rows.get(0).bytesDown().verdict()).isEqualTo(Compare.Verdict.SAME);
        assertThat(Compare.anyWorse(rows)).isFalse();
    }

    @Test
    void aFolderWithoutAReportIsOneSentence() throws Exception {
        assertThatThrownBy(() -> Compare.read(directory.resolve("nothing"))).isInstanceOf(ScenarioException.class)
                .hasMessageEndingWith("holds no report.json; give the folders that 'run' wrote, e.g. reports/standard-20261205-101500.");
        Files.writeString(directory.resolve("load.json"), "{\"capacity\":[]}");
        assertThatThrownBy(() -> Compare.read(directory.resolve("load.json"))).hasMessageContaining("is not a scenario report");
        Files.writeString(directory.resolve("broken.json"), "{\"samples\":[");
        assertThatThrownBy(() -> Compare.read(directory.resolve("broken.json"))).hasMessageContaining("cannot be read as a report");
    }
}
