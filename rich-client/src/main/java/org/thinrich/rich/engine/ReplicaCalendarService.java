package org.thinrich.rich.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.calendar.core.CalendarChange;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.CalendarService;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.calendar.core.UserCalendar;
import org.thinrich.rich.replica.LocalReplica;
import org.thinrich.rich.replica.ReplicaChange;

/**
 * The calendar service the rich client's UI binds to: reads and edits go to the local replica and
 * return at once, whatever the network does; each edit is queued for the server and the sync
 * engine is nudged. Response latency is measured here, from the call until the replica has the
 * edit and every listener (the UI) has been told.
 */
public final class ReplicaCalendarService implements CalendarService {
    private static final Logger log = LoggerFactory.getLogger(ReplicaCalendarService.class);

    private final LocalReplica replica;
    private final RichMetrics metrics;
    private final EditSink edits;
    private final List<Consumer<CalendarChange>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> calendarListeners = new CopyOnWriteArrayList<>();

    /** Where a queued edit is reported, so the engine can send it and time its commit. */
    interface EditSink {
        void queued(long opSeq, long madeAtNanos);
    }

    ReplicaCalendarService(LocalReplica replica, RichMetrics metrics, EditSink edits) {
        this.replica = replica;
        this.metrics = metrics;
        this.edits = edits;
    }

    @Override
    public List<UserCalendar> calendars() {
        return replica.calendars();
    }

    @Override
    public List<CalendarEvent> events(Instant from, Instant to) {
        return replica.events(from, to);
    }

    @Override
    public Optional<CalendarEvent> event(String id) {
        return replica.event(id);
    }

    @Override
    public List<CalendarEvent> search(String text, int limit) {
        return replica.search(text, limit);
    }

    @Override
    public CalendarEvent create(CalendarEvent event) {
        long start = System.nanoTime();
        return edited(start, replica.create(event));
    }

    @Override
    public CalendarEvent update(String eventId, EventPatch patch) {
        long start = System.nanoTime();
        return edited(start, replica.update(eventId, patch));
    }

    @Override
    public CalendarEvent delete(String eventId) {
        long start = System.nanoTime();
        return edited(start, replica.delete(eventId));
    }

    private CalendarEvent edited(long start, ReplicaChange change) {
        announce(change.change());
        metrics.response(System.nanoTime() - start);
        if (change.opSeq() != 0) edits.queued(change.opSeq(), start);
        return change.change().event();
    }

    @Override
    public AutoCloseable subscribe(Consumer<CalendarChange> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public UserCalendar addCalendar(String name, CalendarColour colour) {
        return calendarEdited(System.nanoTime(), replica.addCalendar(name, colour));
    }

    @Override
    public UserCalendar changeCalendar(String calendarId, String name, CalendarColour colour) {
        return calendarEdited(System.nanoTime(), replica.changeCalendar(calendarId, name, colour));
    }

    @Override
    public void deleteCalendar(String calendarId) {
        calendarEdited(System.nanoTime(), replica.deleteCalendar(calendarId));
    }

    private UserCalendar calendarEdited(long start, LocalReplica.CalendarEdit edit) {
        announce(edit.changes());
        calendarsChanged();
        metrics.response(System.nanoTime() - start);
        edits.queued(edit.opSeq(), start);
        return edit.calendar();
    }

    @Override
    public AutoCloseable subscribeCalendars(Runnable listener) {
        calendarListeners.add(listener);
        return () -> calendarListeners.remove(listener);
    }

    /** Tells the UI that the list of calendars changed (by the server, or by an edit the server refused). */
    void calendarsChanged() {
        for (Runnable listener : calendarListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("A calendar listener failed", e);
            }
        }
    }

    /** Tells the UI about changes that came from the server or from resolving a conflict. */
    void announce(List<ReplicaChange> changes) {
        for (ReplicaChange c : changes) announce(c.change());
    }

    private void announce(CalendarChange change) {
        for (Consumer<CalendarChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                log.warn("A calendar listener failed", e);
            }
        }
    }
}
