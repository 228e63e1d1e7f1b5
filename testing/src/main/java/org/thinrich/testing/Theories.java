package org.thinrich.testing;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Configuration;
import org.quicktheories.core.ExceptionReporter;
import org.quicktheories.core.Gen;
import org.quicktheories.core.Reporter;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/** QuickTheories as the project's property tests use it: a fixed number of examples, and failures that say how to replay them. */
public final class Theories {
    private Theories() {
    }

    /**
     * A theory checked on {@code examples} generated inputs, from a fresh seed unless {@code -DQT_SEED}
     * gives one. An input drawn twice is run once, so a small domain may be covered in fewer runs.
     */
    public static QuickTheory qt(int examples) {
        return qt(examples, examples * 100);
    }

    /**
     * As {@link #qt(int)} with at most {@code shrinkCycles} attempts to make a failing input smaller:
     * worth bounding where one example takes seconds (a whole sync run).
     */
    public static QuickTheory qt(int examples, int shrinkCycles) {
        String replay = replayCommand(caller());
        Reporter reporter = new ReplayingReporter(replay);
        return QuickTheory.qt(() -> Configuration.systemStrategy()
                .withExamples(examples).withShrinkCycles(shrinkCycles).withReporter(reporter));
    }

    /** Any bytes, 0 to {@code maxLength} of them: what a broken or hostile peer may send. */
    public static Gen<byte[]> byteArrays(int maxLength) {
        return Generate.byteArrays(SourceDSL.integers().between(0, maxLength), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }

    /** One of the generators, picked evenly, for values of a common supertype (shrinks towards the first). */
    @SafeVarargs
    public static <T> Gen<T> oneOf(Gen<? extends T>... generators) {
        Gen<Integer> which = SourceDSL.integers().between(0, generators.length - 1);
        return in -> generators[which.generate(in)].generate(in);
    }

    /** {@code values}, or null in about {@code percentNull} of the cases. */
    public static <T> Gen<T> orNull(Gen<T> values, int percentNull) {
        return values.toOptionals(percentNull).map(value -> value.orElse(null));
    }

    /** Lists of 0 to {@code maxSize} elements. */
    public static <T> Gen<List<T>> listsOf(Gen<T> elements, int maxSize) {
        return SourceDSL.lists().of(elements).ofSizeBetween(0, maxSize);
    }

    /** The JUnit test method that asked for the theory, else the first frame outside this class. */
    private static StackWalker.StackFrame caller() {
        List<StackWalker.StackFrame> frames = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(stack -> stack.filter(f -> !f.getClassName().equals(Theories.class.getName())).toList());
        return frames.stream().filter(Theories::isJUnitTest).findFirst().orElse(frames.get(0));
    }

    private static boolean isJUnitTest(StackWalker.StackFrame frame) {
        return Arrays.stream(frame.getDeclaringClass().getDeclaredMethods())
                .filter(m -> m.getName().equals(frame.getMethodName()))
                .flatMap(m -> Arrays.stream(m.getAnnotations()))
                .anyMatch(a -> a.annotationType().getName().equals("org.junit.jupiter.api.Test"));
    }

    /** Surefire runs each module's tests in the module's folder, so its name is the folder's. */
    static String replayCommand(StackWalker.StackFrame test) {
        String module = Path.of(System.getProperty("user.dir")).getFileName().toString();
        String simpleClass = test.getClassName().substring(test.getClassName().lastIndexOf('.') + 1);
        return "mvn -q -pl " + module + " -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest='"
                + simpleClass + "#" + test.getMethodName() + "' -DQT_SEED=%d";
    }

    /** QuickTheories' own report (smallest falsifying value, other ones, the seed) and one line to run it again. */
    private record ReplayingReporter(String replay) implements Reporter {
        private static final ExceptionReporter REPORT = new ExceptionReporter();

        @Override
        public void falisification(long seed, int count, Object smallest, Throwable cause, List<Object> examples, AsString<Object> toString) {
            try {
                REPORT.falisification(seed, count, smallest, cause, examples, toString);
            } catch (AssertionError report) {
                throw withReplay(report, seed, cause);
            }
        }

        @Override
        public void falisification(long seed, int count, Object smallest, List<Object> examples, AsString<Object> toString) {
            try {
                REPORT.falisification(seed, count, smallest, examples, toString);
            } catch (AssertionError report) {
                throw withReplay(report, seed, null);
            }
        }

        @Override
        public void valuesExhausted(int completedExamples) {
            REPORT.valuesExhausted(completedExamples);
        }

        private AssertionError withReplay(AssertionError report, long seed, Throwable cause) {
            return new AssertionError(report.getMessage() + System.lineSeparator() + "Run it again: "
                    + String.format(replay, seed), cause);
        }
    }
}
