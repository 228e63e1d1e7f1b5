package org.thinrich.calendar.core;

import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * A field-level change to an event: only the non-null fields change. Moving an event touches the
 * times alone, so two people editing different fields of the same event do not overwrite each other.
 *
 * @param clearRecurrence true to turn a series into a single event ({@code recurrenceRule} null means "unchanged")
 */
public record EventPatch(
        String calendarId,
        String title,
        String location,
        String notes,
        ZonedDateTime start,
        ZonedDateTime end,
        Boolean allDay,
        String recurrenceRule,
        boolean clearRecurrence) {

    public static EventPatch title(String title) {
        return new EventPatch(null, title, null, null, null, null, null, null, false);
    }

    public static EventPatch times(ZonedDateTime start, ZonedDateTime end, boolean allDay) {
        return new EventPatch(null, null, null, null, start, end, allDay, null, false);
    }

    public static EventPatch details(String title, String location, String notes) {
        return new EventPatch(null, title, location, notes, null, null, null, null, false);
    }

    public static EventPatch notes(String notes) {
        return new EventPatch(null, null, null, notes, null, null, null, null, false);
    }

    /** Sets the RRULE value, or with null makes the event stop repeating. */
    public static EventPatch recurrence(String rule) {
        return new EventPatch(null, null, null, null, null, null, null, rule, rule == null);
    }

    public static EventPatch calendar(String calendarId) {
        return new EventPatch(calendarId, null, null, null, null, null, null, null, false);
    }

    public boolean isEmpty() {
        return calendarId == null && title == null && location == null && notes == null && start == null
                && end == null && allDay == null && recurrenceRule == null && !clearRecurrence;
    }

    /** The parts of an event this patch sets. */
    public Set<EventField> touchedFields() {
        Set<EventField> result = EnumSet.noneOf(EventField.class);
        if (calendarId != null) result.add(EventField.CALENDAR);
        if (title != null) result.add(EventField.TITLE);
        if (location != null) result.add(EventField.LOCATION);
        if (notes != null) result.add(EventField.NOTES);
        if (start != null || end != null || allDay != null) result.add(EventField.TIMES);
        if (recurrenceRule != null || clearRecurrence) result.add(EventField.RECURRENCE);
        return result;
    }

    /** This patch followed by {@code later}: what both together set, the later one winning per field. */
    public EventPatch then(EventPatch later) {
        boolean laterRule = later.recurrenceRule != null || later.clearRecurrence;
        return new EventPatch(
                later.calendarId != null ? later.calendarId : calendarId,
                later.title != null ? later.title : title,
                later.location != null ? later.location : location,
                later.notes != null ? later.notes : notes,
                later.start != null ? later.start : start,
                later.end != null ? later.end : end,
                later.allDay != null ? later.allDay : allDay,
                laterRule ? later.recurrenceRule : recurrenceRule, laterRule ? later.clearRecurrence : clearRecurrence);
    }

    /** The event with this patch applied; version and modification time are left as they were. */
    public CalendarEvent applyTo(CalendarEvent event) {
        CalendarEvent result = event;
        if (calendarId != null) result = result.withCalendarId(calendarId);
        if (title != null) result = result.withTitle(title);
        if (location != null) result = result.withLocation(location);
        if (notes != null) result = result.withNotes(notes);
        if (start != null || end != null || allDay != null) {
            result = result.withTimes(start != null ? start : result.start(), end != null ? end : result.end(),
                    allDay != null ? allDay : result.allDay());
        }
        if (clearRecurrence) result = result.withRecurrenceRule(null);
        else if (recurrenceRule != null) result = result.withRecurrenceRule(recurrenceRule);
        return result;
    }
}
