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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.Node;
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
 *
 * <p>Edits go to the service through {@link StoreWrites}, off the JavaFX thread: the view already
 * shows them. While an event's writes are on their way, changes the service announces for it wait
 * (the newest is kept) and are shown once the last write is answered, so an echo of the first of
 * two quick edits never shows the event back where the second left it.
 *
 * <p>A series is shown as one plain entry per occurrence ({@link Occurrence}), made here once for
 * each day the view has loaded. Given the recurrence rule instead, CalendarFX expands the series
 * again from its first day, with a new entry per occurrence since then, for each day view and
 * each date change: two thirds of a week switch's event handling with series a month old, and
 * growing with their age.
 */
final class CalendarBinding {
    private static final Logger log = LoggerFactory.getLogger(CalendarBinding.class);

    private final CalendarService service;
    private final StoreWrites writes;
    private final ZoneId zone;
    private final Consumer<String> problemReporter;
    private final Map<String, Calendar<CalendarEvent>> calendarsById = new LinkedHashMap<>();
    /** Single events' entries. */
    private final Map<String, Entry<CalendarEvent>> entriesById = new HashMap<>();
    private final Map<String, Series> seriesById = new HashMap<>();
    private final NavigableSet<LocalDate> loadedDays = new TreeSet<>();
    /** Writes on their way to the service, by event id. */
    private final Map<String, Integer> writing = new HashMap<>();
    /** The newest change the service announced for an event while its writes were on their way. */
    private final Map<String, CalendarEvent> heldWhileWriting = new HashMap<>();
    /** Nesting depth of {@link #inBatch}: CalendarFX's batches do not nest. */
    private int batchDepth;
    private final CalendarSource source = new CalendarSource("My calendars");
    /** True while we change CalendarFX ourselves, so those changes are not sent back to the service. */
    private boolean applying;
    private AutoCloseable subscription;
    private AutoCloseable calendarSubscription;
    private CalendarView view;
    private final List<Runnable> calendarsShown = new ArrayList<>();

    CalendarBinding(CalendarService service, StoreWrites writes, ZoneId zone, Consumer<String> problemReporter) {
        this.service = service;
        this.writes = writes;
        this.zone = zone;
        this.problemReporter = problemReporter;
    }

    void bind(CalendarView view) {
        this.view = view;
        view.getCalendarSources().setAll(source);
        showCalendars(service.calendars());
        view.addEventFilter(LoadEvent.LOAD, load -> load(load.getStartDate(), load.getEndDate(),
                load.getTarget() instanceof Node asking && CalendarControls.isShown(asking)));
        subscription = service.subscribe(change -> Platform.runLater(() -> show(change)));
        // Read on the listener's thread, shown on the JavaFX thread: a calendar added, renamed or
        // deleted anywhere (another client, the API) shows at once, as an event's change does.
        calendarSubscription = service.subscribeCalendars(() -> {
            List<UserCalendar> now = service.calendars();
            Platform.runLater(() -> showCalendars(now));
        });
    }

    void unbind() {
        for (AutoCloseable s : new AutoCloseable[] {subscription, calendarSubscription}) {
            try {
                if (s != null) s.close();
            } catch (Exception e) {
                log.warn("Could not stop listening to the calendar service", e);
            }
        }
    }

    private Calendar<CalendarEvent> newCalendar(UserCalendar userCalendar, Calendar.Style style) {
        Calendar<CalendarEvent> calendar = new SearchableCalendar(userCalendar.name(), this);
        calendar.setStyle(style);
        calendar.addEventHandler(this::onViewChange);
        return calendar;
    }

    /** Runs {@code listener} on the JavaFX thread after the calendars shown changed. */
    void onCalendarsShown(Runnable listener) {
        calendarsShown.add(listener);
    }

    /**
     * Shows exactly {@code calendars}: new ones are made (with the events of the days loaded so
     * far), renamed or recoloured ones changed in place, deleted ones taken away with their entries.
     */
    void showCalendars(List<UserCalendar> calendars) {
        java.util.Set<String> listedIds = new java.util.HashSet<>();
        List<UserCalendar> added = new ArrayList<>();
        for (UserCalendar userCalendar : calendars) {
            listedIds.add(userCalendar.id());
            Calendar<CalendarEvent> calendar = calendarsById.get(userCalendar.id());
            Calendar.Style style = Calendar.Style.getStyle(userCalendar.colour().ordinal());
            if (calendar == null) {
                calendar = newCalendar(userCalendar, style);
                calendarsById.put(userCalendar.id(), calendar);
                source.getCalendars().add(calendar);
                added.add(userCalendar);
            } else if (!calendar.getStyle().equals(style.name().toLowerCase(java.util.Locale.ROOT))) {
                // CalendarFX's day and week entry views take their colour from their calendar when
                // the entry's calendar is set, not when that calendar's style changes: the entries
                // move to a calendar of the new colour, which takes the old one's place.
                Calendar<CalendarEvent> old = calendar;
                Calendar<CalendarEvent> recoloured = newCalendar(userCalendar, style);
                calendarsById.put(userCalendar.id(), recoloured);
                source.getCalendars().set(source.getCalendars().indexOf(old), recoloured);
                List<Entry<CalendarEvent>> moving = new ArrayList<>(entriesById.values());
                seriesById.values().forEach(series -> moving.addAll(series.occurrences.values()));
                inBatch(() -> applyQuietly(() -> {
                    for (Entry<CalendarEvent> entry : moving) if (entry.getCalendar() == old) entry.setCalendar(recoloured);
                }));
                calendar = recoloured;
            }
            calendar.setName(userCalendar.name());
            calendar.setShortName(userCalendar.name().substring(0, 1));
        }
        for (var it = calendarsById.entrySet().iterator(); it.hasNext(); ) {
            var shown = it.next();
            if (listedIds.contains(shown.getKey())) continue;
            Calendar<CalendarEvent> gone = shown.getValue();
            it.remove();
            entriesById.values().removeIf(entry -> entry.getCalendar() == gone);
            seriesById.values().removeIf(series -> series.event.calendarId().equals(shown.getKey()));
            applyQuietly(gone::clear);
            source.getCalendars().remove(gone);
        }
        // New events go to the service's first calendar, which every service names the same way
        // (UserCalendar.LISTED): a double-click makes the same event in a thin session and in the rich client.
        if (!calendars.isEmpty()) {
            Calendar<?> first = calendarsById.get(calendars.get(0).id());
            view.setDefaultCalendarProvider(control -> first);
        }
        if (!added.isEmpty() && !loadedDays.isEmpty() && !calendarsById.isEmpty()) {
            // Events that came before their calendar was shown (a replica starting over) were left out.
            java.util.Set<String> addedIds = new java.util.HashSet<>();
            added.forEach(c -> addedIds.add(c.id()));
            for (CalendarEvent event : service.events(loadedDays.first().atStartOfDay(zone).toInstant(),
                    loadedDays.last().plusDays(1).atStartOfDay(zone).toInstant())) {
                if (addedIds.contains(event.calendarId())) show(event);
            }
        }
        calendarsShown.forEach(Runnable::run);
    }

    String calendarIdOf(Calendar<?> calendar) {
        for (Map.Entry<String, Calendar<CalendarEvent>> e : calendarsById.entrySet()) {
            if (e.getValue() == calendar) return e.getKey();
        }
        return null;
    }

    /**
     * Fetches the events of the days the view is about to show, each day once: after that the
     * subscription keeps them current, so going back to a week costs no query. {@code shown}: the
     * view asking is on screen (not a week built ahead behind it).
     */
    void load(LocalDate firstDay, LocalDate lastDay, boolean shown) {
        LocalDate from = firstDay;
        while (!from.isAfter(lastDay) && loadedDays.contains(from)) from = from.plusDays(1);
        LocalDate to = lastDay;
        while (!to.isBefore(from) && loadedDays.contains(to)) to = to.minusDays(1);
        if (to.isBefore(from)) return;
        List<CalendarEvent> events = service.events(from.atStartOfDay(zone).toInstant(), to.plusDays(1).atStartOfDay(zone).toInstant());
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) loadedDays.add(day);
        LocalDate loadedFrom = from;
        LocalDate loadedTo = to;
        // Not inside CalendarFX's load request: its month view collects the entries before it asks,
        // and would lay out that stale list last. Added just after, in one batch per calendar, the
        // entries arrive as one change that every view lays out once. But a batch makes every view
        // reload all its entries: for a week built ahead, hidden, the entries go one by one, and only
        // the views showing their days take them (not the week on screen, rebuilt for nothing).
        Runnable add = () -> {
            for (CalendarEvent event : events) show(event);
            // Series known before this load repeat into these days too.
            for (Series series : seriesById.values()) addOccurrences(series, loadedFrom, loadedTo);
        };
        Platform.runLater(shown ? () -> inBatch(add) : add);
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
                Series series = seriesById.get(event.id());
                Entry<CalendarEvent> entry = series != null ? firstOccurrence(series) : entriesById.get(event.id());
                if (entry != null && entry.getCalendar() == calendar) found.add(entry);
            }
            return found;
        });
    }

    // ---- service -> view ----

    private void show(CalendarChange change) {
        if (change.kind() == CalendarChange.Kind.DELETED) {
            heldWhileWriting.remove(change.event().id());
            Entry<CalendarEvent> entry = entriesById.remove(change.event().id());
            if (entry != null) applyQuietly(entry::removeFromCalendar);
            Series series = seriesById.remove(change.event().id());
            if (series != null) inBatch(() -> removeOccurrences(series));
        } else if (change.event().recurring() || seriesById.containsKey(change.event().id())) {
            // One change to a series moves many entries: let the views reload once, not per entry.
            inBatch(() -> show(change.event()));
        } else {
            show(change.event());
        }
    }

    private void show(CalendarEvent event) {
        if (writing.containsKey(event.id())) {
            heldWhileWriting.merge(event.id(), event, CalendarBinding::newer);
            return;
        }
        Entry<CalendarEvent> entry = entriesById.get(event.id());
        Series series = seriesById.get(event.id());
        // A newer copy is shown already, or this very one. Equal versions may differ in content: a
        // replica's local edit keeps the server version it was made on.
        CalendarEvent shown = series != null ? series.event : entry == null ? null : entry.getUserObject();
        if (shown != null && (shown.version() > event.version() || shown.version() == event.version() && shown.sameContent(event))) return;
        Calendar<CalendarEvent> calendar = calendarsById.get(event.calendarId());
        if (calendar == null) return;
        if (series != null) {
            removeOccurrences(series);
            seriesById.remove(event.id());
        }
        if (event.recurring()) {
            if (entry != null) {
                entriesById.remove(event.id());
                applyQuietly(entry::removeFromCalendar);
            }
            Series shownSeries = new Series(event);
            seriesById.put(event.id(), shownSeries);
            if (!loadedDays.isEmpty()) addOccurrences(shownSeries, loadedDays.first(), loadedDays.last());
            return;
        }
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
    }

    // ---- series ----

    /** Adds the occurrences of {@code series} that touch loaded days from {@code from} to {@code to} and are not shown yet. */
    private void addOccurrences(Series series, LocalDate from, LocalDate to) {
        CalendarEvent event = series.event;
        long length = ChronoUnit.DAYS.between(event.firstDay(), event.lastDay());
        List<LocalDate> days;
        try {
            days = event.occurrenceDays(from, to);
        } catch (RuntimeException badRule) {
            // The store checks rules; one that still fails shows its first occurrence only.
            log.warn("Cannot expand the recurrence rule of event {}: {}", event.id(), badRule.getMessage());
            days = event.firstDay().isBefore(from) || event.firstDay().isAfter(to) ? List.of() : List.of(event.firstDay());
        }
        for (LocalDate day : days) {
            if (series.occurrences.containsKey(day) || !anyLoaded(day, day.plusDays(length))) continue;
            addOccurrence(series, day);
        }
    }

    private Occurrence addOccurrence(Series series, LocalDate day) {
        CalendarEvent event = series.event;
        Occurrence occurrence = new Occurrence(day);
        occurrence.setId(event.id() + "@" + day);
        occurrence.getStyleClass().add("recurrence");
        // The series' times of day on this occurrence's days.
        LocalDate lastDay = day.plusDays(ChronoUnit.DAYS.between(event.firstDay(), event.lastDay()));
        applyQuietly(() -> {
            copyToEntry(event, occurrence);
            if (event.allDay()) {
                occurrence.setInterval(new Interval(day, LocalTime.MIN, lastDay, LocalTime.MAX, event.zone()));
            } else {
                occurrence.setInterval(new Interval(ZonedDateTime.of(day, event.start().toLocalTime(), event.zone()),
                        ZonedDateTime.of(lastDay, event.end().withZoneSameInstant(event.zone()).toLocalTime(), event.zone())));
            }
            occurrence.setCalendar(calendarsById.get(event.calendarId()));
        });
        series.occurrences.put(day, occurrence);
        return occurrence;
    }

    private void removeOccurrences(Series series) {
        applyQuietly(() -> series.occurrences.values().forEach(Entry::removeFromCalendar));
        series.occurrences.clear();
    }

    /** The series' first occurrence, shown even where its day is not loaded: what a search result points to. */
    private Entry<CalendarEvent> firstOccurrence(Series series) {
        CalendarEvent event = series.event;
        List<LocalDate> days;
        try {
            days = event.occurrenceDays(event.firstDay(), event.firstDay().plusYears(1));
        } catch (RuntimeException badRule) {
            days = List.of();
        }
        LocalDate first = days.isEmpty() ? event.firstDay() : days.get(0);
        Occurrence shown = series.occurrences.get(first);
        return shown != null ? shown : addOccurrence(series, first);
    }

    private boolean anyLoaded(LocalDate first, LocalDate last) {
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            if (loadedDays.contains(day)) return true;
        }
        return false;
    }

    /** Runs {@code changes} with the calendars' events held back, so that views reload once at the end. */
    private void inBatch(Runnable changes) {
        if (batchDepth++ == 0) calendarsById.values().forEach(Calendar::startBatchUpdates);
        try {
            changes.run();
        } finally {
            if (--batchDepth == 0) calendarsById.values().forEach(Calendar::stopBatchUpdates);
        }
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
        if (change.getEntry() instanceof Occurrence occurrence) {
            onOccurrenceChange(change, occurrence);
            return;
        }
        Entry<CalendarEvent> entry = (Entry<CalendarEvent>) change.getEntry();
        CalendarEvent stored = entry.getUserObject();
        try {
            if (change.getEventType() == com.calendarfx.model.CalendarEvent.ENTRY_CALENDAR_CHANGED) {
                onCalendarChanged(entry, stored);
            } else if (stored != null && entry.getCalendar() != null) {
                EventPatch patch = patchFor(entry, stored);
                if (!patch.isEmpty()) update(stored.id(), patch, problemReporter);
            }
        } catch (RuntimeException refused) {
            problemReporter.accept(refused.getMessage());
            Entry<CalendarEvent> failed = entry;
            applyQuietly(() -> restore(failed, stored));
        }
    }

    /**
     * An occurrence taken out of its calendar (the Delete key) deletes its series, as CalendarFX
     * does for its own recurrences; the edit policy allows no other change, so any other is undone.
     */
    private void onOccurrenceChange(com.calendarfx.model.CalendarEvent change, Occurrence occurrence) {
        CalendarEvent stored = occurrence.getUserObject();
        Series series = stored == null ? null : seriesById.get(stored.id());
        if (series == null || series.occurrences.get(occurrence.day) != occurrence) return;
        boolean deleted = change.getEventType() == com.calendarfx.model.CalendarEvent.ENTRY_CALENDAR_CHANGED
                && occurrence.getCalendar() == null;
        try {
            if (deleted) {
                delete(stored.id(), problemReporter); // the service's change removes the other occurrences
                return;
            }
        } catch (RuntimeException refused) {
            problemReporter.accept(refused.getMessage());
        }
        series.occurrences.remove(occurrence.day);
        applyQuietly(occurrence::removeFromCalendar);
        addOccurrence(series, occurrence.day);
    }

    private void onCalendarChanged(Entry<CalendarEvent> entry, CalendarEvent stored) {
        Calendar<?> now = entry.getCalendar();
        if (now == null) {
            if (stored != null && entriesById.remove(stored.id()) != null) delete(stored.id(), problemReporter);
        } else if (stored == null) {
            // Made in the view (double-click): the service gives it its id and version, at once, so
            // that what the user does next with the entry has an event to change.
            String calendarId = calendarIdOf(now);
            CalendarEvent draft = new CalendarEvent(CalendarEvent.newId(), calendarId, entry.getTitle(),
                    Objects.toString(entry.getLocation(), ""), "", start(entry), end(entry), entry.isFullDay(),
                    null, 0, Instant.EPOCH, false);
            CalendarEvent created = service.create(draft);
            applyQuietly(() -> entry.setId(created.id()));
            remember(entry, created);
        } else {
            String calendarId = calendarIdOf(now);
            if (calendarId != null && !calendarId.equals(stored.calendarId())) {
                update(stored.id(), EventPatch.calendar(calendarId), problemReporter);
            }
        }
    }

    // ---- writes ----

    /**
     * The edit dialog's changes to an event: shown at once, then stored. {@code refused} hears why,
     * if the service refuses; the view then shows the event as stored.
     */
    void edit(CalendarEvent editing, EventPatch patch, Consumer<String> refused) {
        Entry<CalendarEvent> entry = entriesById.get(editing.id());
        if (entry != null && !writing.containsKey(editing.id())) {
            CalendarEvent stored = entry.getUserObject();
            Calendar<CalendarEvent> calendar = calendarsById.get(patch.calendarId() != null ? patch.calendarId() : stored.calendarId());
            applyQuietly(() -> {
                copyToEntry(patch.applyTo(stored), entry);
                entry.setUserObject(stored); // still what the service has, until it answers
                if (calendar != null && entry.getCalendar() != calendar) entry.setCalendar(calendar);
            });
        }
        update(editing.id(), patch, refused);
    }

    /** Takes the event out of the view at once, then out of the store; {@code refused} hears why, if refused. */
    void delete(CalendarEvent event, Consumer<String> refused) {
        Entry<CalendarEvent> entry = entriesById.remove(event.id());
        if (entry != null) applyQuietly(entry::removeFromCalendar);
        Series series = seriesById.remove(event.id());
        if (series != null) inBatch(() -> removeOccurrences(series));
        delete(event.id(), refused);
    }

    private void update(String id, EventPatch patch, Consumer<String> refused) {
        writing.merge(id, 1, Integer::sum);
        writes.write(() -> service.update(id, patch), stored -> answered(id, stored), e -> refused(id, e, refused));
    }

    private void delete(String id, Consumer<String> refused) {
        writing.merge(id, 1, Integer::sum);
        writes.write(() -> {
            service.delete(id);
            return id;
        }, deleted -> answered(id, null), e -> refused(id, e, refused));
    }

    /** A write of event {@code id} was stored ({@code stored}: as it is now; null: deleted). */
    private void answered(String id, CalendarEvent stored) {
        if (stored != null) heldWhileWriting.merge(id, stored, CalendarBinding::newer);
        else heldWhileWriting.remove(id); // gone: nothing held back is to be shown
        if (writing.merge(id, -1, Integer::sum) > 0) return;
        writing.remove(id);
        CalendarEvent newest = heldWhileWriting.remove(id);
        if (newest != null) show(newest); // newer than the entry's user object: the view shows the store again
    }

    /** The service refused a write of event {@code id}: say why, and show the event as stored. */
    private void refused(String id, RuntimeException refusal, Consumer<String> refused) {
        refused.accept(refusal.getMessage());
        if (writing.merge(id, -1, Integer::sum) > 0) return;
        writing.remove(id);
        heldWhileWriting.remove(id);
        Optional<CalendarEvent> stored = service.event(id); // the JavaFX thread reads the store only when refused
        Entry<CalendarEvent> entry = entriesById.get(id);
        if (stored.isEmpty()) {
            if (entry != null) {
                entriesById.remove(id);
                applyQuietly(entry::removeFromCalendar);
            }
        } else if (entry != null && !stored.get().recurring()) {
            applyQuietly(() -> restore(entry, stored.get()));
        } else {
            show(stored.get());
        }
    }

    private static CalendarEvent newer(CalendarEvent a, CalendarEvent b) {
        return b.version() >= a.version() ? b : a;
    }

    /**
     * The event of {@code entry} as the view shows it: as stored, with the user's edits on their
     * way to the service applied. An occurrence's is its series.
     */
    @SuppressWarnings("unchecked")
    CalendarEvent asShown(Entry<?> entry) {
        CalendarEvent stored = (CalendarEvent) entry.getUserObject();
        if (entry instanceof Occurrence || !writing.containsKey(stored.id())) return stored;
        return patchFor((Entry<CalendarEvent>) entry, stored).applyTo(stored);
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
        // Entries of single events carry no rule: series are made and changed in the edit dialog.
        return new EventPatch(null, title, location, null,
                timesChanged ? start : null, timesChanged ? end : null, timesChanged ? entry.isFullDay() : null,
                null, false);
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

    /** True for the entry of one occurrence of a series: it moves only with its whole series. */
    static boolean isOccurrence(Entry<?> entry) {
        return entry instanceof Occurrence;
    }

    /** One occurrence of a series, as a plain entry; its user object is the series. */
    static final class Occurrence extends Entry<CalendarEvent> {
        final LocalDate day;

        Occurrence(LocalDate day) {
            this.day = day;
        }
    }

    /** A series as shown: the stored event and its occurrences made so far, by first day. */
    private static final class Series {
        final CalendarEvent event;
        final Map<LocalDate, Occurrence> occurrences = new HashMap<>();

        Series(CalendarEvent event) {
            this.event = event;
        }
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
