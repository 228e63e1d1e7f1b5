package org.thinrich.calendar.core;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The parts of an event that change independently. Conflicts are judged per part: two people who
 * change different parts of one event both keep their change.
 */
public enum EventField {
    CALENDAR, TITLE, LOCATION, NOTES, TIMES, RECURRENCE;

    /** The parts in which {@code a} and {@code b} (the same event at two versions) differ. */
    public static Set<EventField> differing(CalendarEvent a, CalendarEvent b) {
        Set<EventField> result = EnumSet.noneOf(EventField.class);
        if (!a.calendarId().equals(b.calendarId())) result.add(CALENDAR);
        if (!a.title().equals(b.title())) result.add(TITLE);
        if (!a.location().equals(b.location())) result.add(LOCATION);
        if (!a.notes().equals(b.notes())) result.add(NOTES);
        if (a.allDay() != b.allDay() || !a.start().equals(b.start()) || !a.end().equals(b.end())) result.add(TIMES);
        if (!Objects.equals(a.recurrenceRule(), b.recurrenceRule())) result.add(RECURRENCE);
        return result;
    }
}
