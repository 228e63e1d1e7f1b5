package org.thinrich.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TheoriesTest {

    @AfterEach
    void forgetSeed() {
        System.clearProperty("QT_SEED");
    }

    @Test
    void aFailureShowsTheSmallestCaseTheSeedAndHowToReplayIt() {
        AssertionError failure = catchThrowableOfType(AssertionError.class,
                () -> Theories.qt(200).forAll(integers().between(0, 1_000_000)).checkAssert(n -> assertThat(n).isLessThan(1000)));

        assertThat(failure).isNotNull();
        // Shrunk to the boundary, not the first large number drawn.
        assertThat(failure.getMessage()).contains("Smallest found falsifying value(s) :-" + System.lineSeparator() + "1000");
        Matcher seed = Pattern.compile("Seed was (-?\\d+)").matcher(failure.getMessage());
        assertThat(seed.find()).as(failure.getMessage()).isTrue();
        assertThat(failure.getMessage()).contains("Run it again: mvn -q -pl testing -am test -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dtest='TheoriesTest#aFailureShowsTheSmallestCaseTheSeedAndHowToReplayIt' -DQT_SEED=" + seed.group(1));
    }

    @Test
    void theSeedReplaysTheSameRun() {
        System.setProperty("QT_SEED", "424242");
        String first = catchThrowableOfType(AssertionError.class,
                () -> Theories.qt(50, 0).forAll(integers().between(0, 1_000_000)).checkAssert(n -> assertThat(n % 7).isNotEqualTo(3))).getMessage();
        String again = catchThrowableOfType(AssertionError.class,
                () -> Theories.qt(50, 0).forAll(integers().between(0, 1_000_000)).checkAssert(n -> assertThat(n % 7).isNotEqualTo(3))).getMessage();

        assertThat(first).contains("Seed was 424242");
        assertThat(smallest(again)).isEqualTo(smallest(first));
    }

    @Test
    void aPropertyThatHoldsIsCheckedOnEveryExample() {
        List<Integer> seen = new ArrayList<>();
        Theories.qt(321).forAll(integers().between(0, Integer.MAX_VALUE)).checkAssert(seen::add);
        // A draw repeated (the boundaries are drawn more often) is run once: all but a few of the 321 are run.
        assertThat(seen).doesNotHaveDuplicates().hasSizeBetween(310, 321);
    }

    private static String smallest(String report) {
        Matcher value = Pattern.compile("Smallest found falsifying value\\(s\\) :-\\R(.*)").matcher(report);
        assertThat(value.find()).as(report).isTrue();
        return value.group(1);
    }
}
