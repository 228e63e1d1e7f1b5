package org.thinrich.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.thinrich.calendar.core.CalendarChange;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.CalendarService;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.calendar.core.UserCalendar;

/** One user's view of the store, as the calendar UI of a thin session binds to it. */
public final class StoreCalendarService implements CalendarService {
    private final CalendarStore store;
    private final String owner;

    public StoreCalendarService(CalendarStore store, String owner) {
        this.store = store;
        this.owner = owner;
    }

    @Override
    public List<UserCalendar> calendars() {
        return store.calendars(owner);
    }

    @Override
    public List<CalendarEvent> events(Instant from, Instant to) {
        return store.events(owner, from, to);
    }

    @Override
    public Optional<CalendarEvent> event(String id) {
        return store.event(owner, id);
    }

    @Override
    public List<CalendarEvent> search(String text, int limit) {
        return store.search(owner, text, limit);
    }

    @Override
    public CalendarEvent create(CalendarEvent event) {
        return store.create(owner, event);
    }

    @Override
    public CalendarEvent update(String eventId, EventPatch patch) {
        return store.update(owner, eventId, patch);
    }

    @Override
    public CalendarEvent delete(String eventId) {
        return store.delete(owner, eventId);
    }

    @Override
    public AutoCloseable subscribe(Consumer<CalendarChange> listener) {
        return store.subscribe(owner, listener);
    }

    @Override
    public UserCalendar addCalendar(String name, CalendarColour colour) {
        return store.addCalendar(new UserCalendar(UserCalendar.newId(), owner, name, colour));
    }

    @Override
    public UserCalendar changeCalendar(String calendarId, String name, CalendarColour colour) {
        return store.changeCalendar(owner, calendarId, name, colour);
    }

    @Override
    public void deleteCalendar(String calendarId) {
        store.deleteCalendar(owner, calendarId);
    }

    @Override
    public AutoCloseable subscribeCalendars(Runnable listener) {
        return store.subscribeCalendars(owner, version -> listener.run());
    }
}
