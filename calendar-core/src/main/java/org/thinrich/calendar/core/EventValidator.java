package org.thinrich.calendar.core;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import net.fortuna.ical4j.model.Recur;

/** The rules every stored event obeys. One sentence per broken rule, naming the field. */
public final class EventValidator {
    public static final int MAX_ID = 64;
    public static final int MAX_TITLE = 200;
    public static final int MAX_LOCATION = 200;
    public static final int MAX_NOTES = 4000;
    public static final int MAX_RECURRENCE = 300;
    /** Longer events are almost always a mistake in the end date. */
    public static final int MAX_SPAN_DAYS = 366 * 5;
    /** Reserved for the iCalendar reader's own use; no keyboard produces it. */
    public static final char RESERVED_CHAR = '\uE000';
    /** The first and last instants of the years 1 to 9999: what iCalendar, the sync protocol and the UI can carry. */
    public static final java.time.Instant EARLIEST = java.time.Instant.parse("0001-01-01T00:00:00Z");
    public static final java.time.Instant LATEST = java.time.Instant.parse("9999-12-31T23:59:59Z");
    /** Ids that are safe as one segment of a URL path (/api/events/ID), and not only dots. */
    private static final java.util.regex.Pattern SAFE_ID = java.util.regex.Pattern.compile("(?!\\.+$)[A-Za-z0-9._~@+=:-]{1," + MAX_ID + "}");

    private EventValidator() {
    }

    /** Throws {@link ValidationException} listing every broken rule, or returns the event unchanged. */
    public static CalendarEvent validate(CalendarEvent event, Collection<String> knownCalendarIds) {
        List<String> problems = new ArrayList<>();
        if (event.id().isBlank()) problems.add("The event id must not be empty.");
        if (event.id().length() > MAX_ID) problems.add("The event id is longer than " + MAX_ID + " characters.");
        if (!knownCalendarIds.contains(event.calendarId())) {
            problems.add("Unknown calendar '" + event.calendarId() + "': pick one of your calendars.");
        }
        checkLength(problems, "title", event.title(), MAX_TITLE);
        checkLength(problems, "location", event.location(), MAX_LOCATION);
        checkLength(problems, "notes", event.notes(), MAX_NOTES);
        if (!withinYears(event)) { // first: the checks below would overflow on such times
            problems.add("The event's time (" + event.start() + " to " + event.end() + ") is outside the years 1 to 9999 that calendars exchange.");
        } else if (event.end().toInstant().isBefore(event.start().toInstant())) {
            problems.add("The event ends (" + event.end() + ") before it starts (" + event.start() + ").");
        } else if (event.end().toInstant().isAfter(event.start().toInstant().plusSeconds(86_400L * MAX_SPAN_DAYS))) {
            problems.add("The event lasts more than " + MAX_SPAN_DAYS + " days; check its end date.");
        }
        if (event.allDay()) {
            if (!event.start().toLocalTime().equals(LocalTime.MIDNIGHT) || !event.end().toLocalTime().equals(LocalTime.MIDNIGHT)) {
                problems.add("An all-day event must start and end at midnight.");
            } else if (!event.end().toLocalDate().isAfter(event.start().toLocalDate())) {
                problems.add("An all-day event must cover at least one day.");
            }
        }
        if (event.recurrenceRule() != null) {
            String rule = event.recurrenceRule();
            if (rule.length() > MAX_RECURRENCE) {
                problems.add("The recurrence rule is longer than " + MAX_RECURRENCE + " characters.");
            } else {
                String problem = recurrenceProblem(rule);
                if (problem != null) problems.add(problem);
            }
        }
        if (!problems.isEmpty()) throw new ValidationException(problems);
        return event;
    }

    /**
     * As {@link #validate}, for an event about to be made: its id must also be safe in a URL, so that
     * it can be read, changed and deleted over the HTTP API afterwards (an id like ../x could not).
     */
    public static CalendarEvent validateNew(CalendarEvent event, Collection<String> knownCalendarIds) {
        if (!event.id().isBlank() && event.id().length() <= MAX_ID && !safeId(event.id())) {
            List<String> problems = new ArrayList<>();
            problems.add("The event id '" + event.id() + "' may only have letters, digits and . _ ~ @ + = : - (and not only dots).");
            try {
                validate(event, knownCalendarIds);
            } catch (ValidationException e) {
                problems.addAll(e.problems());
            }
            throw new ValidationException(problems);
        }
        return validate(event, knownCalendarIds);
    }

    /** Whether {@code id} can be one segment of a URL path as it is. */
    public static boolean safeId(String id) {
        return SAFE_ID.matcher(id).matches();
    }

    /** Whether the event's start and end lie within the years 1 to 9999. */
    public static boolean withinYears(CalendarEvent event) {
        java.time.Instant start = event.start().toInstant();
        java.time.Instant end = event.end().toInstant();
        return !start.isBefore(EARLIEST) && !end.isAfter(LATEST) && !end.isBefore(EARLIEST) && !start.isAfter(LATEST);
    }

    /** Null when {@code rule} is a valid RFC 5545 RRULE value, else a sentence saying what is wrong. */
    public static String recurrenceProblem(String rule) {
        if (rule.regionMatches(true, 0, "RRULE:", 0, 6)) {
            return "Give the recurrence rule without the 'RRULE:' prefix, e.g. FREQ=WEEKLY;BYDAY=MO.";
        }
        try {
            Recur<?> recur = new Recur<>(rule);
            if (recur.getFrequency() == null) return "The recurrence rule '" + rule + "' has no FREQ.";
            return null;
        } catch (RuntimeException e) {
            return "The recurrence rule '" + rule + "' is not a valid RRULE (" + e.getMessage() + ").";
        }
    }

    /** No lone surrogate: every high surrogate is followed by a low one, every low one follows a high one. */
    static boolean wellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) return false;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static void checkLength(List<String> problems, String field, String value, int max) {
        if (value.length() > max) {
            problems.add("The " + field + " is " + value.length() + " characters long; at most " + max + " are allowed.");
        }
        if (value.indexOf('\0') >= 0 || value.indexOf(RESERVED_CHAR) >= 0) {
            problems.add("The " + field + " contains a control character that cannot be stored.");
        }
        if (!wellFormed(value)) {
            problems.add("The " + field + " contains a broken character (half of a UTF-16 surrogate pair), which no text encoding can carry.");
        }
    }
}
