package org.thinrich.calendar.core;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A calendar service held in memory, with the same versioning and tombstone rules as the server's
 * store. Used by tests, the snapshot renderer and anywhere a calendar is needed without a server.
 */
public class InMemoryCalendarService implements CalendarService {
    private final Map<String, UserCalendar> calendars = new LinkedHashMap<>();
    private final Map<String, CalendarEvent> events = new LinkedHashMap<>();
    private final List<Consumer<CalendarChange>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> calendarListeners = new CopyOnWriteArrayList<>();
    private final String owner;
    private final Clock clock;
    private long lastVersion;

    public InMemoryCalendarService(List<UserCalendar> calendars, Clock clock) {
        calendars.forEach(c -> this.calendars.put(c.id(), c));
        this.owner = calendars.isEmpty() ? "me" : calendars.get(0).owner();
        this.clock = clock;
    }

    public InMemoryCalendarService(List<UserCalendar> calendars) {
        this(calendars, Clock.systemUTC());
    }

    /** A service pre-filled with an agenda, e.g. {@link DemoAgenda}'s. */
    public static InMemoryCalendarService of(DemoAgenda.Agenda agenda) {
        InMemoryCalendarService service = new InMemoryCalendarService(agenda.calendars());
        agenda.events().forEach(service::create);
        return service;
    }

    /** By name, then id: the order the server's store lists them in, so both show (and default to) the same first calendar. */
    @Override
    public synchronized List<UserCalendar> calendars() {
        return calendars.values().stream().sorted(UserCalendar.LISTED).toList();
    }

    @Override
    public synchronized List<CalendarEvent> events(Instant from, Instant to) {
        return events.values().stream()
                .filter(e -> !e.deleted())
                .filter(e -> e.mayShowIn(from, to))
                .sorted(Comparator.comparing((CalendarEvent e) -> e.start().toInstant()).thenComparing(CalendarEvent::id))
                .collect(Collectors.toList());
    }

    @Override
    public synchronized Optional<CalendarEvent> event(String id) {
        return Optional.ofNullable(events.get(id)).filter(e -> !e.deleted());
    }

    @Override
    public synchronized List<CalendarEvent> search(String text, int limit) {
        String needle = text.toLowerCase(Locale.ROOT);
        return events.values().stream()
                .filter(e -> !e.deleted())
                .filter(e -> (e.title() + "\n" + e.location() + "\n" + e.notes()).toLowerCase(Locale.ROOT).contains(needle))
                .sorted(Comparator.comparing((CalendarEvent e) -> e.start().toInstant()))
                .limit(limit)
                .collect(Collectors.toList());
    }

    @Override
    public CalendarEvent create(CalendarEvent event) {
        CalendarEvent stored;
        synchronized (this) {
            EventValidator.validateNew(event, calendars.keySet());
            if (events.containsKey(event.id())) {
                throw new ValidationException("An event with id " + event.id() + " already exists.");
            }
            stored = event.stored(++lastVersion, clock.instant());
            events.put(stored.id(), stored);
        }
        fire(new CalendarChange(CalendarChange.Kind.CREATED, stored));
        return stored;
    }

    @Override
    public CalendarEvent update(String eventId, EventPatch patch) {
        CalendarEvent stored;
        synchronized (this) {
            CalendarEvent current = event(eventId).orElseThrow(() -> new UnknownEventException(eventId));
            CalendarEvent changed = EventValidator.validate(patch.applyTo(current), calendars.keySet());
            stored = changed.stored(++lastVersion, clock.instant());
            events.put(eventId, stored);
        }
        fire(new CalendarChange(CalendarChange.Kind.UPDATED, stored));
        return stored;
    }

    @Override
    public CalendarEvent delete(String eventId) {
        CalendarEvent tombstone;
        synchronized (this) {
            CalendarEvent current = event(eventId).orElseThrow(() -> new UnknownEventException(eventId));
            tombstone = current.asTombstone(++lastVersion, clock.instant());
            events.put(eventId, tombstone);
        }
        fire(new CalendarChange(CalendarChange.Kind.DELETED, tombstone));
        return tombstone;
    }

    @Override
    public AutoCloseable subscribe(Consumer<CalendarChange> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public UserCalendar addCalendar(String name, CalendarColour colour) {
        UserCalendar added;
        synchronized (this) {
            added = CalendarRules.validateNew(new UserCalendar(UserCalendar.newId(), owner, name, colour), calendars.values());
            calendars.put(added.id(), added);
        }
        calendarListeners.forEach(Runnable::run);
        return added;
    }

    @Override
    public UserCalendar changeCalendar(String calendarId, String name, CalendarColour colour) {
        UserCalendar changed;
        synchronized (this) {
            UserCalendar current = calendars.get(calendarId);
            if (current == null) throw CalendarRules.unknown(calendarId);
            changed = current.withName(CalendarRules.validateName(name), colour);
            calendars.put(calendarId, changed);
        }
        calendarListeners.forEach(Runnable::run);
        return changed;
    }

    @Override
    public void deleteCalendar(String calendarId) {
        List<CalendarEvent> gone = new ArrayList<>();
        synchronized (this) {
            CalendarRules.checkDeletable(calendarId, calendars.values());
            for (CalendarEvent e : List.copyOf(events.values())) {
                if (e.deleted() || !e.calendarId().equals(calendarId)) continue;
                CalendarEvent tombstone = e.asTombstone(++lastVersion, clock.instant());
                events.put(e.id(), tombstone);
                gone.add(tombstone);
            }
            calendars.remove(calendarId);
        }
        gone.forEach(t -> fire(new CalendarChange(CalendarChange.Kind.DELETED, t)));
        calendarListeners.forEach(Runnable::run);
    }

    @Override
    public AutoCloseable subscribeCalendars(Runnable listener) {
        calendarListeners.add(listener);
        return () -> calendarListeners.remove(listener);
    }

    /** Every event including tombstones, in version order: what a sync would hand out. */
    public synchronized List<CalendarEvent> allIncludingDeleted() {
        List<CalendarEvent> all = new ArrayList<>(events.values());
        all.sort(Comparator.comparingLong(CalendarEvent::version));
        return all;
    }

    private void fire(CalendarChange change) {
        for (Consumer<CalendarChange> listener : listeners) listener.accept(change);
    }
}
