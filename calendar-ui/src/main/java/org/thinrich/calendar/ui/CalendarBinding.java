package org.thinrich.calendar.ui;

import com.calendarfx.model.Calendar;
import com.calendarfx.model.CalendarSource;
import com.calendarfx.model.Entry;
import com.calendarfx.model.Interval;
import com.calendarfx.model.LoadEvent;
import com.calendarfx.view.CalendarView;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.calendar.core.CalendarChange;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.CalendarService;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.calendar.core.UserCalendar;

/**
 * Keeps CalendarFX's calendars and entries in step with a {@link CalendarService}, both ways:
 * what the user does in the view becomes a service call, and every change the service announces
 * (from this UI or from anywhere else) is shown. All methods but {@link #search} run on the
 * JavaFX thread.
 *
 * <p>Each entry's user object is the event as last stored, so the handler can tell a user's edit
 * from the echo of a stored change and can put an entry back when the service refuses an edit.
 */
final class CalendarBinding {
    private static final Logger log = LoggerFactory.getLogger(CalendarBinding.class);
    private static final String RRULE_PREFIX = "RRULE:";

    private final CalendarService service;
    private final ZoneId zone;
    private final Consumer<String> problemReporter;
    private final Map<String, Calendar<CalendarEvent>> calendarsById = new LinkedHashMap<>();
    private final Map<String, Entry<CalendarEvent>> entriesById = new HashMap<>();
    private final Set<LocalDate> loadedDays = new HashSet<>();
    private final CalendarSource source = new CalendarSource("My calendars");
    /** True while we change CalendarFX ourselves, so those changes are not sent back to the service. */
    private boolean applying;
    private AutoCloseable subscription;

    CalendarBinding(CalendarService service, ZoneId zone, Consumer<String> problemReporter) {
        this.service = service;
        this.zone = zone;
        this.problemReporter = problemReporter;
    }

    void bind(CalendarView view) {
        for (UserCalendar userCalendar : service.calendars()) {
            Calendar<CalendarEvent> calendar = new SearchableCalendar(userCalendar.name(), this);
            calendar.setShortName(userCalendar.name().substring(0, 1));
            calendar.setStyle(Calendar.Style.getStyle(userCalendar.colour().ordinal()));
            calendar.setUserObject(null);
            calendar.addEventHandler(this::onViewChange);
            calendarsById.put(userCalendar.id(), calendar);
            source.getCalendars().add(calendar);
        }
        view.getCalendarSources().setAll(source);
        view.addEventFilter(LoadEvent.LOAD, load -> load(load.getStartDate(), load.getEndDate()));
        subscription = service.subscribe(change -> Platform.runLater(() -> show(change)));
    }

    void unbind() {
        try {
            if (subscription != null) subscription.close();
        } catch (Exception e) {
            log.warn("Could not stop listening to the calendar service", e);
        }
    }

    String calendarIdOf(Calendar<?> calendar) {
        for (Map.Entry<String, Calendar<CalendarEvent>> e : calendarsById.entrySet()) {
            if (e.getValue() == calendar) return e.getKey();
        }
        return null;
    }

    /**
     * Fetches the events of the days the view is about to show, each day once: after that the
     * subscription keeps them current, so going back to a week costs no query.
     */
    void load(LocalDate firstDay, LocalDate lastDay) {
        LocalDate from = firstDay;
        while (!from.isAfter(lastDay) && loadedDays.contains(from)) from = from.plusDays(1);
        LocalDate to = lastDay;
        while (!to.isBefore(from) && loadedDays.contains(to)) to = to.minusDays(1);
        if (to.isBefore(from)) return;
        List<CalendarEvent> events = service.events(from.atStartOfDay(zone).toInstant(), to.plusDays(1).atStartOfDay(zone).toInstant());
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) loadedDays.add(day);
        // Not inside CalendarFX's load request: its month view collects the entries before it asks,
        // and would lay out that stale list last. Added just after, in one batch per calendar, the
        // entries arrive as one change that every view lays out once.
        Platform.runLater(() -> {
            calendarsById.values().forEach(Calendar::startBatchUpdates);
            try {
                for (CalendarEvent event : events) show(event);
            } finally {
                calendarsById.values().forEach(Calendar::stopBatchUpdates);
            }
        });
    }

    /**
     * Events matching the search text, added to the view so the results can show them. CalendarFX
     * searches on a background thread: the service is asked there, the entries made on the FX thread.
     */
    List<Entry<?>> search(String text, Calendar<?> calendar) {
        List<CalendarEvent> hits = service.search(text, 200);
        return FxThread.call(() -> {
            List<Entry<?>> found = new ArrayList<>();
            for (CalendarEvent event : hits) {
                show(event);
                Entry<CalendarEvent> entry = entriesById.get(event.id());
                if (entry != null && entry.getCalendar() == calendar) found.add(entry);
            }
            return found;
        });
    }

    // ---- service -> view ----

    private void show(CalendarChange change) {
        if (change.kind() == CalendarChange.Kind.DELETED) {
            Entry<CalendarEvent> entry = entriesById.remove(change.event().id());
            if (entry != null) applyQuietly(entry::removeFromCalendar);
        } else {
            show(change.event());
        }
    }

    private void show(CalendarEvent event) {
        Entry<CalendarEvent> entry = entriesById.get(event.id());
        // A newer copy is shown already, or this very one. Equal versions may differ in content: a
        // replica's local edit keeps the server version it was made on.
        CalendarEvent shown = entry == null ? null : entry.getUserObject();
        if (shown != null && (shown.version() > event.version() || shown.version() == event.version() && shown.sameContent(event))) return;
        Calendar<CalendarEvent> calendar = calendarsById.get(event.calendarId());
        if (calendar == null) return;
        applyQuietly(() -> {
            Entry<CalendarEvent> target = entry != null ? entry : new Entry<>();
            target.setId(event.id());
            copyToEntry(event, target);
            if (target.getCalendar() != calendar) target.setCalendar(calendar);
            entriesById.put(event.id(), target);
        });
    }

    private void copyToEntry(CalendarEvent event, Entry<CalendarEvent> entry) {
        entry.setUserObject(event);
        entry.setTitle(event.title());
        entry.setLocation(event.location());
        if (event.allDay()) {
            entry.setInterval(new Interval(event.start().toLocalDate(), LocalTime.MIN,
                    event.end().toLocalDate().minusDays(1), LocalTime.MAX, event.zone()));
        } else {
            entry.setInterval(new Interval(event.start(), event.end()));
        }
        entry.setFullDay(event.allDay());
        entry.setRecurrenceRule(event.recurring() ? RRULE_PREFIX + event.recurrenceRule() : null);
    }

    private void applyQuietly(Runnable change) {
        boolean was = applying;
        applying = true;
        try {
            change.run();
        } finally {
            applying = was;
        }
    }

    // ---- view -> service ----

    @SuppressWarnings("unchecked")
    private void onViewChange(com.calendarfx.model.CalendarEvent change) {
        if (applying || change.getEntry() == null) return;
        Entry<CalendarEvent> entry = (Entry<CalendarEvent>) change.getEntry();
        if (entry.isRecurrence()) entry = (Entry<CalendarEvent>) entry.getRecurrenceSourceEntry();
        CalendarEvent stored = entry.getUserObject();
        try {
            if (change.getEventType() == com.calendarfx.model.CalendarEvent.ENTRY_CALENDAR_CHANGED) {
                onCalendarChanged(entry, stored);
            } else if (stored != null && entry.getCalendar() != null) {
                EventPatch patch = patchFor(entry, stored);
                if (!patch.isEmpty()) remember(entry, service.update(stored.id(), patch));
            }
        } catch (RuntimeException refused) {
            problemReporter.accept(refused.getMessage());
            Entry<CalendarEvent> failed = entry;
            applyQuietly(() -> restore(failed, stored));
        }
    }

    private void onCalendarChanged(Entry<CalendarEvent> entry, CalendarEvent stored) {
        Calendar<?> now = entry.getCalendar();
        if (now == null) {
            if (stored != null && entriesById.remove(stored.id()) != null) service.delete(stored.id());
        } else if (stored == null) {
            // Made in the view (double-click): the service gives it its id and version.
            String calendarId = calendarIdOf(now);
            CalendarEvent draft = new CalendarEvent(CalendarEvent.newId(), calendarId, entry.getTitle(),
                    Objects.toString(entry.getLocation(), ""), "", start(entry), end(entry), entry.isFullDay(),
                    ruleOf(entry), 0, Instant.EPOCH, false);
            CalendarEvent created = service.create(draft);
            applyQuietly(() -> entry.setId(created.id()));
            remember(entry, created);
        } else {
            String calendarId = calendarIdOf(now);
            if (calendarId != null && !calendarId.equals(stored.calendarId())) {
                remember(entry, service.update(stored.id(), EventPatch.calendar(calendarId)));
            }
        }
    }

    private void remember(Entry<CalendarEvent> entry, CalendarEvent stored) {
        entriesById.put(stored.id(), entry);
        applyQuietly(() -> entry.setUserObject(stored));
    }

    /** Puts an entry back as the service has it, after the service refused the user's change. */
    private void restore(Entry<CalendarEvent> entry, CalendarEvent stored) {
        if (stored == null) {
            entry.removeFromCalendar();
            return;
        }
        Calendar<CalendarEvent> calendar = calendarsById.get(stored.calendarId());
        copyToEntry(stored, entry);
        if (entry.getCalendar() != calendar) entry.setCalendar(calendar);
        entriesById.put(stored.id(), entry);
    }

    private EventPatch patchFor(Entry<CalendarEvent> entry, CalendarEvent stored) {
        ZonedDateTime start = start(entry);
        ZonedDateTime end = end(entry);
        boolean timesChanged = entry.isFullDay() != stored.allDay()
                || !start.toInstant().equals(stored.start().toInstant()) || !end.toInstant().equals(stored.end().toInstant());
        String title = Objects.equals(entry.getTitle(), stored.title()) ? null : entry.getTitle();
        String location = Objects.equals(Objects.toString(entry.getLocation(), ""), stored.location()) ? null
                : Objects.toString(entry.getLocation(), "");
        String rule = ruleOf(entry);
        boolean ruleChanged = !Objects.equals(rule, stored.recurrenceRule());
        return new EventPatch(null, title, location, null,
                timesChanged ? start : null, timesChanged ? end : null, timesChanged ? entry.isFullDay() : null,
                ruleChanged ? rule : null, ruleChanged && rule == null);
    }

    private ZonedDateTime start(Entry<?> entry) {
        Interval interval = entry.getInterval();
        if (entry.isFullDay()) return interval.getStartDate().atStartOfDay(zoneOf(interval));
        return interval.getStartZonedDateTime();
    }

    private ZonedDateTime end(Entry<?> entry) {
        Interval interval = entry.getInterval();
        // CalendarFX keeps the last day of an all-day entry; iCalendar and we keep the day after.
        if (entry.isFullDay()) return interval.getEndDate().plusDays(1).atStartOfDay(zoneOf(interval));
        return interval.getEndZonedDateTime();
    }

    private ZoneId zoneOf(Interval interval) {
        return interval.getZoneId() != null ? interval.getZoneId() : zone;
    }

    private static String ruleOf(Entry<?> entry) {
        String rule = entry.getRecurrenceRule();
        if (rule == null || rule.isBlank()) return null;
        return rule.startsWith(RRULE_PREFIX) ? rule.substring(RRULE_PREFIX.length()) : rule;
    }

    /** A CalendarFX calendar whose search asks the service, not only the entries loaded so far. */
    private static final class SearchableCalendar extends Calendar<CalendarEvent> {
        private final CalendarBinding binding;

        SearchableCalendar(String name, CalendarBinding binding) {
            super(name);
            this.binding = binding;
        }

        @Override
        public List<Entry<?>> findEntries(String text) {
            if (text == null || text.isBlank()) return List.of();
            return binding.search(text, this);
        }
    }
}
