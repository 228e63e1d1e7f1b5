package org.thinrich.calendar.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import net.fortuna.ical4j.model.Recur;

/**
 * One event, or one whole recurring series, in a user's calendar.
 *
 * <p>Times carry their zone so a meeting made in Berlin stays at 10:00 Berlin time across daylight
 * saving changes. All-day events start at midnight of their first day and end, exclusively, at
 * midnight after their last day, as iCalendar has it. {@code version} is the server's change-log
 * version of the last change (0 before the server has stored it); a deleted event is kept as a
 * tombstone so that replicas learn about the deletion.
 */
public record CalendarEvent(
        String id,
        String calendarId,
        String title,
        String location,
        String notes,
        ZonedDateTime start,
        ZonedDateTime end,
        boolean allDay,
        String recurrenceRule,
        long version,
        Instant lastModified,
        boolean deleted) {

    public CalendarEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(calendarId, "calendarId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        // Calendars work in minutes; whole seconds keep stored and sent times exactly comparable.
        start = start.truncatedTo(ChronoUnit.SECONDS);
        end = end.truncatedTo(ChronoUnit.SECONDS);
        // Surrounding blanks carry no meaning and iCalendar readers drop them: strip them once, here.
        title = title == null ? "" : title.strip();
        location = location == null ? "" : location.strip();
        notes = notes == null ? "" : notes.strip();
        recurrenceRule = recurrenceRule == null || recurrenceRule.isBlank() ? null : recurrenceRule;
        lastModified = lastModified == null ? Instant.EPOCH : lastModified;
    }

    /** A new timed event with a fresh id, not yet stored. */
    public static CalendarEvent timed(String calendarId, String title, ZonedDateTime start, ZonedDateTime end) {
        return new CalendarEvent(newId(), calendarId, title, "", "", start, end, false, null, 0, Instant.EPOCH, false);
    }

    /** A new all-day event covering {@code firstDay} to {@code lastDay} inclusive, not yet stored. */
    public static CalendarEvent allDay(String calendarId, String title, LocalDate firstDay, LocalDate lastDay, ZoneId zone) {
        return new CalendarEvent(newId(), calendarId, title, "", "", firstDay.atStartOfDay(zone),
                lastDay.plusDays(1).atStartOfDay(zone), true, null, 0, Instant.EPOCH, false);
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public boolean recurring() {
        return recurrenceRule != null;
    }

    /** True when this event, or for a series any of its occurrences, may show in {@code [from, to)}. */
    public boolean mayShowIn(Instant from, Instant to) {
        Instant s = start.toInstant();
        Instant e = end.toInstant();
        if (!s.isBefore(to)) return false;
        return recurring() || e.isAfter(from) || s.equals(e) && !s.isBefore(from);
    }

    public ZoneId zone() {
        return start.getZone();
    }

    /** The day this event starts, in its own zone. */
    public LocalDate firstDay() {
        return start.toLocalDate();
    }

    /** The last day this event (one occurrence of it, for a series) covers, in its own zone. */
    public LocalDate lastDay() {
        LocalDate endDay = end.withZoneSameInstant(zone()).toLocalDate();
        // All-day ends are exclusive midnights; a timed event ending at midnight still touches that day.
        return allDay ? endDay.minusDays(1).isBefore(firstDay()) ? firstDay() : endDay.minusDays(1) : endDay;
    }

    /**
     * The first days of the occurrences that touch any day from {@code from} to {@code to}
     * (inclusive, in the event's zone), in order: at most the start day for a single event. A series
     * repeats by date from its first day (the RRULE over DTSTART's date) and keeps its times of day,
     * so a 10:00 meeting stays at 10:00 local time across daylight saving changes.
     */
    public List<LocalDate> occurrenceDays(LocalDate from, LocalDate to) {
        LocalDate first = firstDay();
        // An occurrence that starts up to its length in days before `from` still reaches into it.
        LocalDate earliest = from.minusDays(ChronoUnit.DAYS.between(first, lastDay()));
        if (to.isBefore(first) || to.isBefore(earliest)) return List.of();
        if (!recurring()) return first.isBefore(earliest) ? List.of() : List.of(first);
        return new Recur<LocalDate>(recurrenceRule).getDates(first, earliest.isBefore(first) ? first : earliest, to);
    }

    public CalendarEvent withId(String value) {
        return new CalendarEvent(value, calendarId, title, location, notes, start, end, allDay, recurrenceRule, version, lastModified, deleted);
    }

    public CalendarEvent withCalendarId(String value) {
        return new CalendarEvent(id, value, title, location, notes, start, end, allDay, recurrenceRule, version, lastModified, deleted);
    }

    public CalendarEvent withTitle(String value) {
        return new CalendarEvent(id, calendarId, value, location, notes, start, end, allDay, recurrenceRule, version, lastModified, deleted);
    }

    public CalendarEvent withLocation(String value) {
        return new CalendarEvent(id, calendarId, title, value, notes, start, end, allDay, recurrenceRule, version, lastModified, deleted);
    }

    public CalendarEvent withNotes(String value) {
        return new CalendarEvent(id, calendarId, title, location, value, start, end, allDay, recurrenceRule, version, lastModified, deleted);
    }

    public CalendarEvent withTimes(ZonedDateTime newStart, ZonedDateTime newEnd, boolean newAllDay) {
        return new CalendarEvent(id, calendarId, title, location, notes, newStart, newEnd, newAllDay, recurrenceRule, version, lastModified, deleted);
    }

    public CalendarEvent withRecurrenceRule(String value) {
        return new CalendarEvent(id, calendarId, title, location, notes, start, end, allDay, value, version, lastModified, deleted);
    }

    /** This event as the server stored it: with its change-log version and modification time. */
    public CalendarEvent stored(long newVersion, Instant modifiedAt) {
        return new CalendarEvent(id, calendarId, title, location, notes, start, end, allDay, recurrenceRule, newVersion, modifiedAt, deleted);
    }

    public CalendarEvent asTombstone(long newVersion, Instant modifiedAt) {
        return new CalendarEvent(id, calendarId, title, location, notes, start, end, allDay, recurrenceRule, newVersion, modifiedAt, true);
    }

    /** Rules are equal when they mean the same: "FREQ=WEEKLY;COUNT=2;INTERVAL=2" is "FREQ=WEEKLY;INTERVAL=2;COUNT=2". */
    private boolean sameRecurrence(String otherRule) {
        if (recurrenceRule == null || otherRule == null) return recurrenceRule == null && otherRule == null;
        if (recurrenceRule.equals(otherRule)) return true;
        try {
            return new Recur<>(recurrenceRule).toString().equals(new Recur<>(otherRule).toString());
        } catch (RuntimeException invalid) {
            return false;
        }
    }

    /** All-day events are dates wherever you are (iCalendar DATE values); timed ones are instants in a zone. */
    private boolean sameTimes(CalendarEvent other) {
        if (allDay) {
            return start.toLocalDate().equals(other.start.toLocalDate()) && end.toLocalDate().equals(other.end.toLocalDate());
        }
        return start.toInstant().equals(other.start.toInstant()) && end.toInstant().equals(other.end.toInstant())
                && start.getZone().normalized().equals(other.start.getZone().normalized());
    }

    /** True when both describe the same appointment, whatever their versions and modification times. */
    public boolean sameContent(CalendarEvent other) {
        return id.equals(other.id) && calendarId.equals(other.calendarId) && title.equals(other.title)
                && location.equals(other.location) && notes.equals(other.notes)
                && allDay == other.allDay && sameTimes(other) && sameRecurrence(other.recurrenceRule)
                && deleted == other.deleted;
    }
}
