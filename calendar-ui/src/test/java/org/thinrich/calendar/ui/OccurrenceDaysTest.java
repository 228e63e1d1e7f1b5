package org.thinrich.calendar.ui;

import static org.assertj.core.api.Assertions.assertThat;

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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
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

    @Property(tries = 300)
    void occurrencesAreTheDaysCalendarFxWouldShow(@ForAll("series") CalendarEvent series,
            @ForAll @IntRange(min = -400, max = 800) int fromOffset, @ForAll @IntRange(min = 0, max = 41) int days) {
        LocalDate from = BASE.plusDays(fromOffset);
        LocalDate to = from.plusDays(days);

        assertThat(series.occurrenceDays(from, to)).as("%s from %s to %s", series.recurrenceRule(), from, to)
                .isSortedAccordingTo(LocalDate::compareTo)
                .containsExactlyElementsOf(calendarFxOccurrenceDays(series, from, to));
    }

    @Property(tries = 100)
    void aSingleEventOccursOnceWhereItTouchesTheRange(@ForAll("single") CalendarEvent event,
            @ForAll @IntRange(min = -30, max = 30) int fromOffset, @ForAll @IntRange(min = 0, max = 10) int days) {
        LocalDate from = BASE.plusDays(fromOffset);
        LocalDate to = from.plusDays(days);
        boolean touches = !event.lastDay().isBefore(from) && !event.firstDay().isAfter(to);

        assertThat(event.occurrenceDays(from, to)).isEqualTo(touches ? List.of(event.firstDay()) : List.of());
    }

    /** The first days of the entries CalendarFX finds for the range, with the series given to it as CalendarFX expects. */
    private static List<LocalDate> calendarFxOccurrenceDays(CalendarEvent series, LocalDate from, LocalDate to) {
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
        calendar.findEntries(from, to, ZONE).values().stream().flatMap(Collection::stream)
                .forEach(e -> firstDays.add(e.getStartDate()));
        return List.copyOf(firstDays);
    }

    @Provide
    Arbitrary<CalendarEvent> series() {
        Arbitrary<String> rule = Combinators.combine(
                Arbitraries.of("DAILY", "WEEKLY", "MONTHLY", "YEARLY"),
                Arbitraries.integers().between(1, 3),
                Arbitraries.of("", ";BYDAY=MO", ";BYDAY=MO,WE,FR", ";BYDAY=TU,TH", ";BYDAY=SA,SU"),
                Arbitraries.of("", ";COUNT=5", ";COUNT=40", ";UNTIL=20261231"))
                .as((freq, interval, byDay, end) -> "FREQ=" + freq + ";INTERVAL=" + interval
                        + (freq.equals("WEEKLY") ? byDay : "") + end);
        return Combinators.combine(events(), rule).as(CalendarEvent::withRecurrenceRule);
    }

    @Provide
    Arbitrary<CalendarEvent> single() {
        return events();
    }

    /** Timed events, some past midnight or over several days, and all-day events of one to three days. */
    private Arbitrary<CalendarEvent> events() {
        Arbitrary<CalendarEvent> timed = Combinators.combine(
                Arbitraries.integers().between(-30, 30), Arbitraries.integers().between(0, 23 * 4),
                Arbitraries.integers().between(1, 4 * 24 * 3))
                .as((day, quarter, quarters) -> {
                    ZonedDateTime start = ZonedDateTime.of(BASE.plusDays(day), LocalTime.MIN.plusMinutes(15L * quarter), ZONE);
                    return CalendarEvent.timed("work", "Meeting", start, start.plusMinutes(15L * quarters));
                });
        Arbitrary<CalendarEvent> allDay = Combinators.combine(
                Arbitraries.integers().between(-30, 30), Arbitraries.integers().between(0, 2))
                .as((day, extra) -> CalendarEvent.allDay("work", "Trip", BASE.plusDays(day), BASE.plusDays(day + extra), ZONE));
        return Arbitraries.oneOf(timed, allDay);
    }
}
