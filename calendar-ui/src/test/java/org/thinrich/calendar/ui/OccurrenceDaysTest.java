package org.thinrich.calendar.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.thinrich.testing.Theories.qt;

import com.calendarfx.model.Calendar;
import com.calendarfx.model.Entry;
import com.calendarfx.model.Interval;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.thinrich.testing.Theories;
import org.thinrich.calendar.core.CalendarEvent;

/**
 * The calendar UI shows a series as the occurrences {@link CalendarEvent#occurrenceDays} gives,
 * where CalendarFX used to expand the rule itself: for every series and every range of days the
 * two must agree, or a series would move or lose days in the UI. CalendarFX's own expansion
 * (a calendar holding the series with its RRULE) is the reference.
 */
class OccurrenceDaysTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final LocalDate BASE = LocalDate.of(2026, 1, 1);

    @Test
    void occurrencesAreTheDaysCalendarFxWouldShow() {
        qt(300).forAll(series(), integers().between(-400, 800), integers().between(0, 41))
                .checkAssert(OccurrenceDaysTest::occurrencesAgreeWithCalendarFx);
    }

    private static void occurrencesAgreeWithCalendarFx(CalendarEvent series, int fromOffset, int days) {
        LocalDate from = BASE.plusDays(fromOffset);
        LocalDate to = from.plusDays(days);

        assertThat(series.occurrenceDays(from, to)).as("%s from %s to %s", series.recurrenceRule(), from, to)
                .isSortedAccordingTo(LocalDate::compareTo)
                .containsExactlyElementsOf(calendarFxOccurrenceDays(series, from, to));
    }

    @Test
    void aSingleEventOccursOnceWhereItTouchesTheRange() {
        qt(100).forAll(events(), integers().between(-30, 30), integers().between(0, 10))
                .checkAssert(OccurrenceDaysTest::singleEventOccursOnceInRange);
    }

    private static void singleEventOccursOnceInRange(CalendarEvent event, int fromOffset, int days) {
        LocalDate from = BASE.plusDays(fromOffset);
        LocalDate to = from.plusDays(days);
        boolean touches = !event.lastDay().isBefore(from) && !event.firstDay().isAfter(to);

        assertThat(event.occurrenceDays(from, to)).isEqualTo(touches ? List.of(event.firstDay()) : List.of());
    }

    /**
     * The first days of the entries CalendarFX finds for the range, with the series given to it as
     * CalendarFX expects. CalendarFX is asked from as many days before the range as an occurrence
     * lasts and its entries kept where they reach the range: asked for a range after a series'
     * UNTIL date alone, it finds nothing, not even the last occurrence running past midnight into it
     * (RFC 5545's UNTIL bounds where occurrences start; found by this property, seed 50819376552642).
     */
    private static List<LocalDate> calendarFxOccurrenceDays(CalendarEvent series, LocalDate from, LocalDate to) {
        long span = java.time.temporal.ChronoUnit.DAYS.between(series.firstDay(), series.lastDay());
        Calendar<Object> calendar = new Calendar<>("reference");
        Entry<Object> entry = new Entry<>(series.title());
        if (series.allDay()) {
            entry.setInterval(new Interval(series.firstDay(), LocalTime.MIN, series.lastDay(), LocalTime.MAX, ZONE));
        } else {
            entry.setInterval(new Interval(series.start(), series.end()));
        }
        entry.setFullDay(series.allDay());
        entry.setRecurrenceRule("RRULE:" + series.recurrenceRule());
        entry.setCalendar(calendar);
        TreeSet<LocalDate> firstDays = new TreeSet<>();
        calendar.findEntries(from.minusDays(span), to, ZONE).values().stream().flatMap(Collection::stream)
                .filter(e -> !e.getStartDate().plusDays(span).isBefore(from))
                .forEach(e -> firstDays.add(e.getStartDate()));
        return List.copyOf(firstDays);
    }

    private static Gen<CalendarEvent> series() {
        Gen<String> frequencies = Generate.pick(List.of("DAILY", "WEEKLY", "MONTHLY", "YEARLY"));
        Gen<String> byDays = Generate.pick(List.of("", ";BYDAY=MO", ";BYDAY=MO,WE,FR", ";BYDAY=TU,TH", ";BYDAY=SA,SU"));
        Gen<String> ends = Generate.pick(List.of("", ";COUNT=5", ";COUNT=40", ";UNTIL=20261231"));
        Gen<String> rule = frequencies.zip(integers().between(1, 3), byDays, ends, (freq, interval, byDay, end) ->
                "FREQ=" + freq + ";INTERVAL=" + interval + (freq.equals("WEEKLY") ? byDay : "") + end);
        return events().zip(rule, CalendarEvent::withRecurrenceRule);
    }

    /** Timed events, some past midnight or over several days, and all-day events of one to three days. */
    private static Gen<CalendarEvent> events() {
        Gen<CalendarEvent> timed = integers().between(-30, 30).zip(integers().between(0, 23 * 4), integers().between(1, 4 * 24 * 3),
                (day, quarter, quarters) -> {
                    ZonedDateTime start = ZonedDateTime.of(BASE.plusDays(day), LocalTime.MIN.plusMinutes(15L * quarter), ZONE);
                    return CalendarEvent.timed("work", "Meeting", start, start.plusMinutes(15L * quarters));
                });
        Gen<CalendarEvent> allDay = integers().between(-30, 30).zip(integers().between(0, 2),
                (day, extra) -> CalendarEvent.allDay("work", "Trip", BASE.plusDays(day), BASE.plusDays(day + extra), ZONE));
        return Theories.oneOf(timed, allDay);
    }
}
