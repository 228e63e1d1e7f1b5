/**
 * Property tests: rules that must hold for every input, checked on many generated inputs.
 *
 * <p>They run on QuickTheories inside plain JUnit 5 {@code @Test} methods, so the suite has one test
 * engine and a property is started, filtered and reported like any other test. QuickTheories was
 * chosen over seeded generators of our own because it shrinks: it records the random draws behind a
 * failing input and replays smaller ones, so a failure shows the smallest input still failing, not
 * the first one found, and generators written as plain code ({@code in -> new Foo(ints.generate(in),
 * ...)}) shrink without extra work. (jqwik, used before, was dropped: its maintainer asks that it not
 * be used by coding agents, and its engine prints a line telling the log's reader to ignore its results.)
 *
 * <p>{@link org.thinrich.testing.Theories#qt} is the one way in: it fixes the number of examples per
 * property and, when a property fails, adds to QuickTheories' report (smallest falsifying value, seed)
 * one command line that replays exactly that run with {@code -DQT_SEED}.
 */
package org.thinrich.testing;
