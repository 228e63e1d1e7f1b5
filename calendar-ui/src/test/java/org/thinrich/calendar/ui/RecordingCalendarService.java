package org.thinrich.calendar.ui;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.thinrich.calendar.core.CalendarChange;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.CalendarService;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.calendar.core.InMemoryCalendarService;
import org.thinrich.calendar.core.UserCalendar;

/**
 * A real in-memory service that also writes down every call the UI made, for the tests to read.
 * A test can make updates wait (a slow store) or fail (a store that refuses).
 */
final class RecordingCalendarService implements CalendarService {
    record Call(String method, Object argument, Object second, boolean onFxThread) {
        Call(String method, Object argument, Object second) {
            this(method, argument, second, Platform.isFxApplicationThread());
        }
    }

    final InMemoryCalendarService delegate;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    /** Each update takes the next gate, if any, and waits until it opens (at most 10 s). */
    final BlockingQueue<CountDownLatch> updateGates = new LinkedBlockingQueue<>();
    /** When set, updates throw it and change nothing. */
    volatile RuntimeException refuseUpdates;

    RecordingCalendarService(List<UserCalendar> calendars, Clock clock) {
        delegate = new InMemoryCalendarService(calendars, clock);
    }

    List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    @Override
    public List<UserCalendar> calendars() {
        calls.add(new Call("calendars", null, null));
        return delegate.calendars();
    }

    @Override
    public List<CalendarEvent> events(Instant from, Instant to) {
        calls.add(new Call("events", from, to));
        return delegate.events(from, to);
    }

    @Override
    public Optional<CalendarEvent> event(String id) {
        calls.add(new Call("event", id, null));
        return delegate.event(id);
    }

    @Override
    public List<CalendarEvent> search(String text, int limit) {
        calls.add(new Call("search", text, limit));
        return delegate.search(text, limit);
    }

    @Override
    public CalendarEvent create(CalendarEvent event) {
        calls.add(new Call("create", event, null));
        return delegate.create(event);
    }

    @Override
    public CalendarEvent update(String eventId, EventPatch patch) {
        calls.add(new Call("update", eventId, patch));
        CountDownLatch gate = updateGates.poll();
        try {
            if (gate != null && !gate.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("the test never opened the gate");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (refuseUpdates != null) throw refuseUpdates;
        return delegate.update(eventId, patch);
    }

    @Override
    public CalendarEvent delete(String eventId) {
        calls.add(new Call("delete", eventId, null));
        return delegate.delete(eventId);
    }

    @Override
    public AutoCloseable subscribe(Consumer<CalendarChange> listener) {
        return delegate.subscribe(listener);
    }

    @Override
    public UserCalendar addCalendar(String name, CalendarColour colour) {
        calls.add(new Call("addCalendar", name, colour));
        return delegate.addCalendar(name, colour);
    }

    @Override
    public UserCalendar changeCalendar(String calendarId, String name, CalendarColour colour) {
        calls.add(new Call("changeCalendar", calendarId, name));
        return delegate.changeCalendar(calendarId, name, colour);
    }

    @Override
    public void deleteCalendar(String calendarId) {
        calls.add(new Call("deleteCalendar", calendarId, null));
        delegate.deleteCalendar(calendarId);
    }

    @Override
    public AutoCloseable subscribeCalendars(Runnable listener) {
        return delegate.subscribeCalendars(listener);
    }
}
