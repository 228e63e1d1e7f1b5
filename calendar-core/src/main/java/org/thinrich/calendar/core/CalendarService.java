package org.thinrich.calendar.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the calendar UI binds to: one user's calendars and events. The server implements it over its
 * store, the rich client over its local replica, tests in memory.
 *
 * <p>Writes validate first and throw {@link ValidationException} without changing anything.
 * Listeners hear about every stored change, wherever it came from, on an unspecified thread.
 */
public interface CalendarService {

    List<UserCalendar> calendars();

    /**
     * Live (not deleted) events that overlap {@code [from, to)}, plus every recurring series that
     * starts before {@code to}: the UI expands series itself.
     */
    List<CalendarEvent> events(Instant from, Instant to);

    Optional<CalendarEvent> event(String id);

    /** Live events whose title, location or notes contain {@code text}, ignoring case, soonest first. */
    List<CalendarEvent> search(String text, int limit);

    /** Stores a new event; returns it with its server version. */
    CalendarEvent create(CalendarEvent event);

    /** Applies a field-level change; returns the stored result. */
    CalendarEvent update(String eventId, EventPatch patch);

    /** Deletes the event (a tombstone remains for sync); returns the tombstone. */
    CalendarEvent delete(String eventId);

    /** Registers a listener for stored changes of events; close the result to stop listening. */
    AutoCloseable subscribe(Consumer<CalendarChange> listener);

    // ---- calendars (CalendarRules) ----

    /** Adds a calendar under a new id; returns it. */
    UserCalendar addCalendar(String name, CalendarColour colour);

    /** Renames and recolours a calendar; returns it as stored. */
    UserCalendar changeCalendar(String calendarId, String name, CalendarColour colour);

    /**
     * Deletes a calendar and every event in it (listeners hear each event's deletion); the user
     * keeps at least one calendar.
     */
    void deleteCalendar(String calendarId);

    /** Registers a listener told after the list of calendars changed, wherever; close the result to stop. */
    AutoCloseable subscribeCalendars(Runnable listener);
}
