package org.thinrich.scenarios.drive;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.thinrich.calendar.core.CalendarEvent;

/** Choices both drivers make the same way from the same agenda, so both paths do the same steps. */
final class Agenda {
    private Agenda() {
    }

    static LocalDate mondayOf(LocalDate day) {
        return day.with(DayOfWeek.MONDAY);
    }

    /** A single timed event of the working day in the week, the same one for both paths. */
    static Optional<CalendarEvent> someSingleEvent(List<CalendarEvent> week) {
        return week.stream().filter(e -> !e.allDay() && !e.recurring() && !e.deleted())
                .filter(e -> e.start().getHour() >= 9 && e.end().toLocalTime().isBefore(LocalTime.of(18, 0)))
                .filter(e -> e.start().toLocalDate().equals(e.end().toLocalDate()))
                .min(Comparator.comparing(CalendarEvent::start).thenComparing(CalendarEvent::id));
    }

    /** The first free hour, Monday to Friday 09:00 to 17:00, of the week starting {@code monday}. */
    static ZonedDateTime freeHour(List<CalendarEvent> week, LocalDate monday, ZoneId zone) {
        for (int day = 0; day < 5; day++) {
            for (int hour = 9; hour < 17; hour++) {
                ZonedDateTime start = monday.plusDays(day).atTime(hour, 0).atZone(zone);
                ZonedDateTime end = start.plusHours(1);
                boolean taken = week.stream().anyMatch(e -> !e.deleted() && (e.allDay() ? false
                        : e.start().toInstant().isBefore(end.toInstant()) && e.end().toInstant().isAfter(start.toInstant())));
                if (!taken) return start;
            }
        }
        return monday.plusDays(2).atTime(7, 0).atZone(zone);
    }
}
