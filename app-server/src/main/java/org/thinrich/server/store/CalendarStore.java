package org.thinrich.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.calendar.core.CalendarChange;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.CalendarRules;
import org.thinrich.calendar.core.EventField;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.calendar.core.EventValidator;
import org.thinrich.calendar.core.UnknownEventException;
import org.thinrich.calendar.core.UserCalendar;
import org.thinrich.calendar.core.ValidationException;

/**
 * Every user's calendars and events in the database. Each change takes the next server version,
 * is written with a change-log row in the same transaction, and is announced to that user's
 * listeners after it is committed.
 *
 * <p>Writes are serialised by one lock: a change with a lower version is then never committed
 * after one with a higher version, so a reader that has seen version n has seen all below n
 * (sync tokens rely on this). Writes are small, so the lock costs little. Other processes may
 * write to the same database (session hosts): the lock is therefore also a row lock in the
 * database, taken first in every writing transaction.
 *
 * <p>Listeners hear changes from the change log, in version order, however they were made: after
 * every write of this process, and when {@link #catchUp} is told that another process wrote (a
 * session host over its channel; on PostgreSQL, any process through {@link ChangeFeed}).
 */
public final class CalendarStore {
    private static final Logger log = LoggerFactory.getLogger(CalendarStore.class);
    private static final String EVENT_COLUMNS = "owner, id, calendar_id, title, location, notes, start_ms, end_ms, zone, "
            + "all_day, recurrence, version, last_modified, deleted";
    /** The change-log kind of a calendar's change (its id stands where an event's would). */
    private static final String CALENDAR_KIND = "CALENDAR";
    private static final String LOGGED_EVENT_COLUMNS = EVENT_COLUMNS.replaceAll("(\\w+)", "e.$1");
    /** Events one user may keep (not counting deleted ones): a quota against filling the store. */
    public static final int MAX_EVENTS_PER_USER = 100_000;

    private final Database database;
    private final Clock clock;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<String, List<Consumer<CalendarChange>>> listeners = new ConcurrentHashMap<>();
    private final Map<String, List<java.util.function.LongConsumer>> calendarListeners = new ConcurrentHashMap<>();
    /** Per owner: the newest version its listeners have heard; also the lock that keeps announcements in order. */
    private final Map<String, Heard> heard = new ConcurrentHashMap<>();
    /** Told the owner after every commit of this process, e.g. to tell other processes over the same database. */
    private volatile Consumer<String> committed = owner -> { };
    private volatile Long storeId;

    public CalendarStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    // ---- calendars (CalendarRules): each change takes a version and a change-log row of kind CALENDAR ----

    /** A calendar as it stands at {@code version}, or the tombstone of a deleted one. */
    public record CalendarState(UserCalendar calendar, long version, boolean deleted, long userSeq) {
    }

    /** {@code owner}'s live calendars, in {@link UserCalendar#LISTED} order. */
    public List<UserCalendar> calendars(String owner) {
        return Transactions.read(database, c -> liveCalendars(c, owner));
    }

    public Optional<UserCalendar> calendar(String owner, String calendarId) {
        return calendars(owner).stream().filter(c -> c.id().equals(calendarId)).findFirst();
    }

    /**
     * Calendars (live and deleted) of {@code owner} whose version is above {@code sinceVersion} and
     * at most {@code upToVersion}, oldest first: what a sync page carries beside the events.
     */
    public List<CalendarState> calendarsChanged(String owner, long sinceVersion, long upToVersion) {
        return Transactions.read(database, c -> {
            // A calendar made before calendars had versions has no change-log row: it counts as the user's newest change then.
            try (PreparedStatement s = c.prepareStatement("SELECT k.id, k.owner, k.name, k.colour, k.version, k.deleted, COALESCE(l.user_seq, "
                    + "(SELECT COALESCE(MAX(m.user_seq), 0) FROM change_log m WHERE m.owner = k.owner AND m.version <= k.version)) "
                    + "FROM calendars k LEFT JOIN change_log l ON l.version = k.version AND l.kind = '" + CALENDAR_KIND + "' "
                    + "WHERE k.owner = ? AND k.version > ? AND k.version <= ? ORDER BY k.version")) {
                s.setString(1, owner);
                s.setLong(2, sinceVersion);
                s.setLong(3, upToVersion);
                List<CalendarState> result = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) result.add(new CalendarState(toCalendar(r), r.getLong(5), r.getBoolean(6), r.getLong(7)));
                }
                return result;
            }
        });
    }

    /** Adds {@code calendar} for its owner; its id must be new (also among other users' calendars, which share one id space). */
    public UserCalendar addCalendar(UserCalendar calendar) {
        commitWork(calendar.owner(), c -> {
            insertCalendar(c, calendar, null);
            return true;
        });
        return calendar;
    }

    /** Renames and recolours one of {@code owner}'s calendars. */
    public UserCalendar changeCalendar(String owner, String calendarId, String name, CalendarColour colour) {
        UserCalendar[] changed = new UserCalendar[1];
        commitWork(owner, c -> {
            changed[0] = updateCalendar(c, owner, calendarId, name, colour);
            return true;
        });
        return changed[0];
    }

    /** Deletes one of {@code owner}'s calendars and every event in it (each event leaves a tombstone, as a delete does). */
    public void deleteCalendar(String owner, String calendarId) {
        commitWork(owner, c -> {
            removeCalendar(c, owner, calendarId, null);
            return true;
        });
    }

    private void insertCalendar(Connection c, UserCalendar calendar, java.util.UUID writer) throws SQLException {
        CalendarRules.validateNew(calendar, liveCalendars(c, calendar.owner()));
        try (PreparedStatement s = c.prepareStatement("SELECT owner FROM calendars WHERE id = ?")) {
            s.setString(1, calendar.id());
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) throw new ValidationException("A calendar with id " + calendar.id() + " already exists.");
            }
        }
        long version = nextVersion(c);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO calendars (id, owner, name, colour, version, deleted) VALUES (?, ?, ?, ?, ?, FALSE)")) {
            s.setString(1, calendar.id());
            s.setString(2, calendar.owner());
            s.setString(3, calendar.name());
            s.setString(4, calendar.colour().name());
            s.setLong(5, version);
            s.executeUpdate();
        }
        logCalendarChange(c, calendar.owner(), calendar.id(), version);
    }

    private UserCalendar updateCalendar(Connection c, String owner, String calendarId, String name, CalendarColour colour) throws SQLException {
        CalendarRules.validateName(name);
        UserCalendar current = liveCalendars(c, owner).stream().filter(k -> k.id().equals(calendarId)).findFirst()
                .orElseThrow(() -> CalendarRules.unknown(calendarId));
        long version = nextVersion(c);
        try (PreparedStatement s = c.prepareStatement("UPDATE calendars SET name = ?, colour = ?, version = ? WHERE owner = ? AND id = ?")) {
            s.setString(1, name);
            s.setString(2, colour.name());
            s.setLong(3, version);
            s.setString(4, owner);
            s.setString(5, calendarId);
            s.executeUpdate();
        }
        logCalendarChange(c, owner, calendarId, version);
        return current.withName(name, colour);
    }

    private long removeCalendar(Connection c, String owner, String calendarId, java.util.UUID writer) throws SQLException {
        CalendarRules.checkDeletable(calendarId, liveCalendars(c, owner));
        List<CalendarEvent> inside = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM events WHERE owner = ? AND calendar_id = ? "
                + "AND deleted = FALSE ORDER BY id FOR UPDATE")) {
            s.setString(1, owner);
            s.setString(2, calendarId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) inside.add(toEvent(r));
            }
        }
        for (CalendarEvent e : inside) {
            CalendarEvent tombstone = e.asTombstone(nextVersion(c), now());
            replace(c, owner, e, tombstone, writer);
            logChange(c, owner, tombstone, CalendarChange.Kind.DELETED);
        }
        long version = nextVersion(c);
        try (PreparedStatement s = c.prepareStatement("UPDATE calendars SET deleted = TRUE, version = ? WHERE owner = ? AND id = ?")) {
            s.setLong(1, version);
            s.setString(2, owner);
            s.setString(3, calendarId);
            s.executeUpdate();
        }
        logCalendarChange(c, owner, calendarId, version);
        return version;
    }

    private static List<UserCalendar> liveCalendars(Connection c, String owner) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, owner, name, colour FROM calendars WHERE owner = ? AND deleted = FALSE")) {
            s.setString(1, owner);
            List<UserCalendar> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) result.add(toCalendar(r));
            }
            result.sort(UserCalendar.LISTED); // not the database's collation: H2 and PostgreSQL differ
            return result;
        }
    }

    private static UserCalendar toCalendar(ResultSet r) throws SQLException {
        return new UserCalendar(r.getString(1), r.getString(2), r.getString(3), CalendarColour.valueOf(r.getString(4)));
    }

    // ---- reading events ----

    /** Live events overlapping {@code [from, to)} plus series that start before {@code to}, by start. */
    public List<CalendarEvent> events(String owner, Instant from, Instant to) {
        return query("SELECT " + EVENT_COLUMNS + " FROM events WHERE owner = ? AND deleted = FALSE AND start_ms < ? "
                + "AND (recurrence IS NOT NULL OR end_ms > ? OR (start_ms = end_ms AND start_ms >= ?)) ORDER BY start_ms, id",
                owner, to.toEpochMilli(), from.toEpochMilli(), from.toEpochMilli());
    }

    public Optional<CalendarEvent> event(String owner, String id) {
        return eventIncludingDeleted(owner, id).filter(e -> !e.deleted());
    }

    /** The event or its tombstone. */
    public Optional<CalendarEvent> eventIncludingDeleted(String owner, String id) {
        return query("SELECT " + EVENT_COLUMNS + " FROM events WHERE owner = ? AND id = ?", owner, id).stream().findFirst();
    }

    public List<CalendarEvent> search(String owner, String text, int limit) {
        String pattern = "%" + text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return query("SELECT " + EVENT_COLUMNS + " FROM events WHERE owner = ? AND deleted = FALSE AND "
                + "(LOWER(title) LIKE ? ESCAPE '\\' OR LOWER(location) LIKE ? ESCAPE '\\' OR LOWER(notes) LIKE ? ESCAPE '\\') "
                + "ORDER BY start_ms, id LIMIT ?", owner, pattern, pattern, pattern, limit);
    }

    /** Every live event of one calendar, by start: what an iCalendar export holds. */
    public List<CalendarEvent> eventsInCalendar(String owner, String calendarId) {
        return query("SELECT " + EVENT_COLUMNS + " FROM events WHERE owner = ? AND calendar_id = ? AND deleted = FALSE "
                + "ORDER BY start_ms, id", owner, calendarId);
    }

    /** Events and tombstones changed after {@code sinceVersion}, oldest change first. */
    public List<CalendarEvent> changesSince(String owner, long sinceVersion, int limit) {
        return query("SELECT " + EVENT_COLUMNS + " FROM events WHERE owner = ? AND version > ? ORDER BY version LIMIT ?",
                owner, sinceVersion, limit);
    }

    /** A changed event and, per part, the version at which that part last changed. */
    public record ChangedEvent(CalendarEvent event, Map<EventField, Long> partVersions, long userSeq) {
        /** The parts changed after {@code version}. */
        public Set<EventField> changedAfter(long version) {
            Set<EventField> parts = EnumSet.noneOf(EventField.class);
            partVersions.forEach((part, v) -> {
                if (v > version) parts.add(part);
            });
            return parts;
        }
    }

    /**
     * The versions of {@code owner}'s changes after {@code sinceVersion}, oldest first, at most
     * {@code limit}: every change, also those a later change of the same event has since overtaken.
     */
    public List<Long> changeVersionsSince(String owner, long sinceVersion, int limit) {
        return Transactions.read(database, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT version FROM change_log WHERE owner = ? AND version > ? ORDER BY version LIMIT ?")) {
                s.setString(1, owner);
                s.setLong(2, sinceVersion);
                s.setInt(3, limit);
                List<Long> result = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) result.add(r.getLong(1));
                }
                return result;
            }
        });
    }

    /** As {@link #changesSince}, with the version of each part: what a sync page needs to send only what changed. */
    public List<ChangedEvent> changesWithParts(String owner, long sinceVersion, int limit) {
        String parts = java.util.Arrays.stream(EventField.values()).map(CalendarStore::partColumn).collect(java.util.stream.Collectors.joining(", "));
        return Transactions.read(database, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + LOGGED_EVENT_COLUMNS + ", " + parts.replaceAll("(\\w+_version)", "e.$1")
                    + ", l.user_seq FROM events e JOIN change_log l ON l.version = e.version "
                    + "WHERE e.owner = ? AND e.version > ? ORDER BY e.version LIMIT ?")) {
                s.setString(1, owner);
                s.setLong(2, sinceVersion);
                s.setInt(3, limit);
                List<ChangedEvent> result = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        Map<EventField, Long> versions = new java.util.EnumMap<>(EventField.class);
                        for (EventField part : EventField.values()) versions.put(part, r.getLong(partColumn(part)));
                        result.add(new ChangedEvent(toEvent(r), versions, r.getLong("user_seq")));
                    }
                }
                return result;
            }
        });
    }

    // ---- each user's own numbering of its changes: what sync clients see ----

    /**
     * The number, among {@code owner}'s changes, of the newest one at or below server-wide version
     * {@code version} (0 when there is none). Sync clients count in these numbers: the server-wide
     * versions' gaps would tell them how much other users write.
     */
    public long userSeqAt(String owner, long version) {
        return lastChangeAtOrBefore(owner, version).userSeq();
    }

    /** One of a user's changes: its server-wide version and its number among the user's changes (both 0 for none). */
    public record UserChange(long version, long userSeq) {
    }

    /** {@code owner}'s newest change at or below server-wide version {@code version}. */
    public UserChange lastChangeAtOrBefore(String owner, long version) {
        if (version <= 0) return new UserChange(0, 0);
        return Transactions.read(database, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT version, user_seq FROM change_log WHERE owner = ? AND version <= ? "
                    + "ORDER BY version DESC LIMIT 1")) {
                s.setString(1, owner);
                s.setLong(2, version);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? new UserChange(r.getLong(1), r.getLong(2)) : new UserChange(0, 0);
                }
            }
        });
    }

    /** For each of {@code owner}'s change versions given, the change's number among the user's changes. */
    public Map<Long, Long> userSeqs(String owner, java.util.Collection<Long> versions) {
        List<Long> all = new ArrayList<>(new java.util.TreeSet<>(versions));
        Map<Long, Long> result = new java.util.HashMap<>();
        for (int from = 0; from < all.size(); from += 500) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + 500));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            Transactions.read(database, c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT version, user_seq FROM change_log WHERE owner = ? AND version IN (" + marks + ")")) {
                    s.setString(1, owner);
                    for (int i = 0; i < chunk.size(); i++) s.setLong(i + 2, chunk.get(i));
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) result.put(r.getLong(1), r.getLong(2));
                    }
                }
                return null;
            });
        }
        return result;
    }

    /**
     * The events as {@code owner} is shown them outside the store (HTTP API, CalDAV ETags): each
     * version replaced by the change's number among the user's changes.
     */
    public List<CalendarEvent> numbered(String owner, List<CalendarEvent> events) {
        Map<Long, Long> seqs = userSeqs(owner, events.stream().map(CalendarEvent::version).toList());
        return events.stream().map(e -> e.stored(seqs.getOrDefault(e.version(), userSeqAt(owner, e.version())), e.lastModified())).toList();
    }

    public CalendarEvent numbered(String owner, CalendarEvent event) {
        return numbered(owner, List.of(event)).get(0);
    }

    /** The server-wide version of {@code owner}'s change number {@code userSeq} (0 for 0); empty when the user has no such change. */
    public java.util.OptionalLong versionOfUserSeq(String owner, long userSeq) {
        if (userSeq <= 0) return java.util.OptionalLong.of(0);
        return Transactions.read(database, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT version FROM change_log WHERE owner = ? AND user_seq = ?")) {
                s.setString(1, owner);
                s.setLong(2, userSeq);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? java.util.OptionalLong.of(r.getLong(1)) : java.util.OptionalLong.empty();
                }
            }
        });
    }

    /** Why the store is not usable now (its latest database use failed, none succeeded since); empty while it works. */
    public Optional<String> problem() {
        return database.problem();
    }

    /** The highest version stored so far, over all users. */
    public long currentVersion() {
        return Transactions.read(database, c -> {
            try (var s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM change_log")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    public int eventCount(String owner) {
        return Transactions.read(database, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM events WHERE owner = ? AND deleted = FALSE")) {
                s.setString(1, owner);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        });
    }

    // ---- writing events ----

    public CalendarEvent create(String owner, CalendarEvent event) {
        return write(owner, CalendarChange.Kind.CREATED, c -> {
            EventValidator.validateNew(event, calendarIds(c, owner));
            checkRoom(c, owner, 1);
            if (find(c, owner, event.id()).isPresent()) {
                throw new ValidationException("An event with id " + event.id() + " already exists.");
            }
            CalendarEvent stored = event.stored(nextVersion(c), now());
            insert(c, owner, stored);
            return stored;
        });
    }

    public CalendarEvent update(String owner, String id, EventPatch patch) {
        return write(owner, CalendarChange.Kind.UPDATED, c -> {
            CalendarEvent current = find(c, owner, id).filter(e -> !e.deleted()).orElseThrow(() -> new UnknownEventException(id));
            CalendarEvent changed = EventValidator.validate(patch.applyTo(current), calendarIds(c, owner));
            CalendarEvent stored = changed.stored(nextVersion(c), now());
            replace(c, owner, current, stored);
            return stored;
        });
    }

    public CalendarEvent delete(String owner, String id) {
        return write(owner, CalendarChange.Kind.DELETED, c -> {
            CalendarEvent current = find(c, owner, id).filter(e -> !e.deleted()).orElseThrow(() -> new UnknownEventException(id));
            CalendarEvent tombstone = current.asTombstone(nextVersion(c), now());
            replace(c, owner, current, tombstone);
            return tombstone;
        });
    }

    /**
     * Stores imported events in one transaction: all or none. An event whose id is already stored
     * is replaced, so importing the same file twice changes nothing the second time but versions.
     */
    public List<CalendarEvent> importEvents(String owner, String calendarId, List<CalendarEvent> events) {
        List<CalendarChange> changes = commit(owner, c -> {
            Set<String> calendars = calendarIds(c, owner);
            if (!calendars.contains(calendarId)) {
                throw new ValidationException("Unknown calendar '" + calendarId + "': pick one of your calendars.");
            }
            checkRoom(c, owner, events.size()); // at most: ids already stored are replaced, not added
            List<CalendarChange> result = new ArrayList<>();
            int index = 0;
            for (CalendarEvent event : events) {
                index++;
                CalendarEvent candidate = event.withCalendarId(calendarId);
                try {
                    EventValidator.validateNew(candidate, calendars);
                } catch (ValidationException e) {
                    throw new ValidationException("Event " + index + " ('" + candidate.title() + "'): " + e.getMessage());
                }
                Optional<CalendarEvent> existing = find(c, owner, candidate.id());
                boolean exists = existing.isPresent();
                CalendarEvent version = candidate.stored(nextVersion(c), now());
                if (exists) replace(c, owner, existing.get(), version);
                else insert(c, owner, version);
                result.add(new CalendarChange(exists ? CalendarChange.Kind.UPDATED : CalendarChange.Kind.CREATED, version));
            }
            return result;
        });
        return changes.stream().map(CalendarChange::event).toList();
    }

    // ---- conditional writes of whole events (CalDAV's PUT and DELETE) ----

    /**
     * Stores {@code event} whole under its id: a new event, or a new version of the live one.
     * {@code ifMatch} (a version, or null) and {@code ifNoneMatch} are checked in the same
     * transaction as the write, so two writers of one version cannot both succeed. A deleted event's
     * id may be used again. The change is CREATED or UPDATED as the event was new or not.
     */
    public CalendarChange put(String owner, CalendarEvent event, Long ifMatch, boolean ifNoneMatch) {
        return commit(owner, c -> {
            Optional<CalendarEvent> found = find(c, owner, event.id());
            Optional<CalendarEvent> live = found.filter(e -> !e.deleted());
            if (ifNoneMatch && live.isPresent()) {
                throw new PreconditionFailed(PreconditionFailed.Reason.EXISTS, "The event " + event.id() + " exists already.");
            }
            if (ifMatch != null && (live.isEmpty() || live.get().version() != ifMatch)) {
                throw new PreconditionFailed(PreconditionFailed.Reason.CHANGED, "The event " + event.id()
                        + (live.isEmpty() ? " is gone." : " changed since the version you have; read it again."));
            }
            if (live.isPresent() && !live.get().calendarId().equals(event.calendarId())) {
                throw new PreconditionFailed(PreconditionFailed.Reason.IN_OTHER_CALENDAR,
                        "An event with id " + event.id() + " is in your calendar " + live.get().calendarId() + ".");
            }
            Set<String> calendars = calendarIds(c, owner);
            CalendarEvent stored;
            if (live.isEmpty()) {
                EventValidator.validateNew(event, calendars);
                checkRoom(c, owner, 1);
                stored = event.stored(nextVersion(c), now());
                if (found.isPresent()) replace(c, owner, found.get(), stored);
                else insert(c, owner, stored);
                return List.of(new CalendarChange(CalendarChange.Kind.CREATED, stored));
            }
            stored = EventValidator.validate(event, calendars).stored(nextVersion(c), now());
            replace(c, owner, live.get(), stored);
            return List.of(new CalendarChange(CalendarChange.Kind.UPDATED, stored));
        }).get(0);
    }

    /** Deletes the live event {@code id} if it is at version {@code ifMatch} (null: at any version). */
    public CalendarEvent delete(String owner, String id, Long ifMatch) {
        return write(owner, CalendarChange.Kind.DELETED, c -> {
            CalendarEvent current = find(c, owner, id).filter(e -> !e.deleted()).orElseThrow(() -> new UnknownEventException(id));
            if (ifMatch != null && current.version() != ifMatch) {
                throw new PreconditionFailed(PreconditionFailed.Reason.CHANGED, "The event " + id + " changed since the version you have; read it again.");
            }
            CalendarEvent tombstone = current.asTombstone(nextVersion(c), now());
            replace(c, owner, current, tombstone);
            return tombstone;
        });
    }

    /**
     * What changed in one calendar after {@code sinceVersion}, oldest first: its live events changed
     * since, and events that may have left it (deleted there, or moved to another calendar since).
     */
    public List<CalendarEvent> calendarChangesSince(String owner, String calendarId, long sinceVersion, int limit) {
        return query("SELECT " + EVENT_COLUMNS + " FROM events WHERE owner = ? AND version > ? "
                + "AND (calendar_id = ? OR calendar_version > ?) ORDER BY version LIMIT ?",
                owner, sinceVersion, calendarId, sinceVersion, limit);
    }

    /**
     * The newest version among {@code owner}'s events, calendars and tombstones: it moves with every
     * change of this user's, and with no one else's (unlike {@link #currentVersion}).
     */
    public long latestVersion(String owner) {
        return Transactions.read(database, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT GREATEST((SELECT COALESCE(MAX(version), 0) FROM events WHERE owner = ?), "
                    + "(SELECT COALESCE(MAX(version), 0) FROM calendars WHERE owner = ?))")) {
                s.setString(1, owner);
                s.setString(2, owner);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    private volatile int eventQuota = MAX_EVENTS_PER_USER;

    /** Sets the events one user may keep (default {@link #MAX_EVENTS_PER_USER}); returns this store. */
    public CalendarStore limitEventsPerUser(int quota) {
        eventQuota = quota;
        return this;
    }

    /**
     * Refuses {@code more} new events when they would take {@code owner} past the quota. The count is
     * the user's own row (kept by {@link #insert} and {@link #replace} in each write's transaction),
     * so it is exact whichever process or server wrote, and no write counts events.
     */
    private void checkRoom(Connection c, String owner, int more) throws SQLException {
        long live;
        try (PreparedStatement s = c.prepareStatement("SELECT live_events FROM users WHERE name = ?")) {
            s.setString(1, owner);
            try (ResultSet r = s.executeQuery()) {
                live = r.next() ? r.getLong(1) : 0;
            }
        }
        if (live + more > eventQuota) {
            throw new ValidationException("You keep " + live + " events; with " + more + " more you would pass the "
                    + eventQuota + " one user may keep. Delete some first.");
        }
    }

    /** Adds {@code delta} to the owner's count of live events (the quota's). */
    private static void countLive(Connection c, String owner, int delta) throws SQLException {
        if (delta == 0) return;
        try (PreparedStatement s = c.prepareStatement("UPDATE users SET live_events = live_events + ? WHERE name = ?")) {
            s.setInt(1, delta);
            s.setString(2, owner);
            s.executeUpdate();
        }
    }

    // ---- operations of rich clients: idempotent, checked against the version they were made on ----

    /** Creates the event unless this operation was applied before. */
    public SyncOutcome createOnce(String owner, OperationKey key, CalendarEvent event) {
        return applyOnce(owner, key, event.id(), c -> {
            Optional<CalendarEvent> existing = find(c, owner, event.id());
            if (existing.isPresent()) {
                return new Attempt(null, new SyncOutcome.Rejected("An event with id " + event.id() + " already exists.", existing.get()));
            }
            EventValidator.validateNew(event, calendarIds(c, owner));
            checkRoom(c, owner, 1);
            CalendarEvent stored = event.stored(nextVersion(c), now());
            insert(c, owner, stored, key.clientId());
            return new Attempt(new CalendarChange(CalendarChange.Kind.CREATED, stored), null);
        });
    }

    /**
     * Applies a field-level change made on {@code baseVersion}, unless someone else changed a part it
     * sets after that version (then the outcome is a conflict with the server's copy) or the
     * operation was applied before. {@code patchFor} makes the patch from the current event (its zone, its times).
     */
    public SyncOutcome changeOnce(String owner, OperationKey key, String id, long baseVersion,
            java.util.function.Function<CalendarEvent, EventPatch> patchFor) {
        return applyOnce(owner, key, id, c -> {
            Optional<CalendarEvent> found = find(c, owner, id);
            if (found.isEmpty()) return new Attempt(null, new SyncOutcome.Rejected("There is no event " + id + ".", null));
            CalendarEvent current = found.get();
            if (current.deleted()) return new Attempt(null, new SyncOutcome.Conflict(current));
            EventPatch patch = patchFor.apply(current);
            Set<EventField> changedMeanwhile = partsChangedByOthersAfter(c, owner, id, baseVersion, key.clientId());
            changedMeanwhile.retainAll(patch.touchedFields());
            if (!changedMeanwhile.isEmpty()) return new Attempt(null, new SyncOutcome.Conflict(current));
            CalendarEvent changed = EventValidator.validate(patch.applyTo(current), calendarIds(c, owner));
            CalendarEvent stored = changed.stored(nextVersion(c), now());
            replace(c, owner, current, stored, key.clientId());
            return new Attempt(new CalendarChange(CalendarChange.Kind.UPDATED, stored), null);
        });
    }

    /** Deletes the event unless someone else changed it after {@code baseVersion}; deleting a deleted event is done already. */
    public SyncOutcome deleteOnce(String owner, OperationKey key, String id, long baseVersion) {
        return applyOnce(owner, key, id, c -> {
            Optional<CalendarEvent> found = find(c, owner, id);
            if (found.isEmpty()) return new Attempt(null, new SyncOutcome.Rejected("There is no event " + id + ".", null));
            CalendarEvent current = found.get();
            if (current.deleted()) return new Attempt(null, new SyncOutcome.Applied(id, current.version(), current.lastModified()));
            if (!partsChangedByOthersAfter(c, owner, id, baseVersion, key.clientId()).isEmpty()) {
                return new Attempt(null, new SyncOutcome.Conflict(current));
            }
            CalendarEvent tombstone = current.asTombstone(nextVersion(c), now());
            replace(c, owner, current, tombstone, key.clientId());
            return new Attempt(new CalendarChange(CalendarChange.Kind.DELETED, tombstone), null);
        });
    }

    /** Adds the calendar (for {@code owner}, whatever owner it names) unless this operation was applied before. */
    public SyncOutcome addCalendarOnce(String owner, OperationKey key, UserCalendar calendar) {
        return applyCalendarOnce(owner, key, calendar.id(), c -> {
            insertCalendar(c, new UserCalendar(calendar.id(), owner, calendar.name(), calendar.colour()), key.clientId());
            return currentVersionIn(c);
        });
    }

    /** Renames and recolours the calendar unless this operation was applied before; the last such change wins. */
    public SyncOutcome changeCalendarOnce(String owner, OperationKey key, String calendarId, String name, CalendarColour colour) {
        return applyCalendarOnce(owner, key, calendarId, c -> {
            updateCalendar(c, owner, calendarId, name, colour);
            return currentVersionIn(c);
        });
    }

    /** Deletes the calendar and its events unless this operation was applied before; a calendar deleted already is done. */
    public SyncOutcome deleteCalendarOnce(String owner, OperationKey key, String calendarId) {
        return applyCalendarOnce(owner, key, calendarId, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT version FROM calendars WHERE owner = ? AND id = ? AND deleted = TRUE")) {
                s.setString(1, owner);
                s.setString(2, calendarId);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) return -r.getLong(1); // deleted before: nothing changes
                }
            }
            return removeCalendar(c, owner, calendarId, key.clientId());
        });
    }

    private interface CalendarWork {
        /** The version of the change made, or minus the version of the state that makes it needless. */
        long run(Connection connection) throws SQLException;
    }

    private SyncOutcome applyCalendarOnce(String owner, OperationKey key, String calendarId, CalendarWork work) {
        try {
            return once(owner, key, c -> {
                long version = work.run(c);
                return new Done(new SyncOutcome.Applied(calendarId, Math.abs(version), now()), version > 0);
            });
        } catch (ValidationException e) {
            return new SyncOutcome.Rejected(e.getMessage(), null);
        }
    }

    /** What an operation came to, and whether it stored (and logged) a change. */
    private record Done(SyncOutcome outcome, boolean stored) {
    }

    private interface OnceWork {
        Done run(Connection connection) throws SQLException;
    }

    /**
     * The one way rich clients' operations are applied: once per (client, op-seq). An operation
     * applied before answers its recorded result and changes nothing; one applied now is recorded
     * in the same transaction as its change.
     */
    private SyncOutcome once(String owner, OperationKey key, OnceWork work) {
        SyncOutcome[] outcome = new SyncOutcome[1];
        commitWork(owner, c -> {
            Optional<SyncOutcome.Applied> earlier = appliedBefore(c, owner, key);
            if (earlier.isPresent()) {
                outcome[0] = earlier.get();
                return false;
            }
            Done done = work.run(c);
            outcome[0] = done.outcome();
            if (!done.stored() || !(done.outcome() instanceof SyncOutcome.Applied a)) return false;
            recordApplied(c, owner, key, a.eventId(), a.newVersion(), a.lastModified());
            return true;
        });
        return outcome[0];
    }

    private static long currentVersionIn(Connection c) throws SQLException {
        try (var s = c.createStatement(); ResultSet r = s.executeQuery("SELECT MAX(version) FROM change_log")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Either a change to store or an outcome without one. */
    private record Attempt(CalendarChange change, SyncOutcome outcome) {
    }

    private interface OperationWork {
        Attempt run(Connection connection) throws SQLException;
    }

    private SyncOutcome applyOnce(String owner, OperationKey key, String eventId, OperationWork work) {
        try {
            return once(owner, key, c -> {
                Attempt attempt = work.run(c);
                if (attempt.change() == null) return new Done(attempt.outcome(), false);
                CalendarEvent stored = attempt.change().event();
                logChange(c, owner, stored, attempt.change().kind());
                return new Done(new SyncOutcome.Applied(stored.id(), stored.version(), stored.lastModified()), true);
            });
        } catch (ValidationException | UnknownEventException e) {
            return new SyncOutcome.Rejected(e.getMessage(), eventIncludingDeleted(owner, eventId).orElse(null));
        }
    }

    private static Optional<SyncOutcome.Applied> appliedBefore(Connection c, String owner, OperationKey key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT event_id, new_version, applied_at FROM applied_operations "
                + "WHERE owner = ? AND client_id = ? AND op_seq = ?")) {
            s.setString(1, owner);
            s.setObject(2, key.clientId());
            s.setLong(3, key.opSeq());
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new SyncOutcome.Applied(r.getString(1), r.getLong(2),
                        r.getObject(3, OffsetDateTime.class).toInstant())) : Optional.empty();
            }
        }
    }

    private void recordApplied(Connection c, String owner, OperationKey key, String subjectId, long version, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO applied_operations (owner, client_id, op_seq, event_id, "
                + "new_version, applied_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, owner);
            s.setObject(2, key.clientId());
            s.setLong(3, key.opSeq());
            s.setString(4, subjectId);
            s.setLong(5, version);
            s.setObject(6, at.atOffset(ZoneOffset.UTC));
            s.executeUpdate();
        }
    }

    /** Drawn when the database was made; sync tokens carry it so a token of another database is never continued. */
    public long storeId() {
        Long id = storeId;
        if (id == null) {
            id = Transactions.read(database, c -> {
                try (var s = c.createStatement(); ResultSet r = s.executeQuery("SELECT store_id FROM store_identity")) {
                    r.next();
                    return r.getLong(1);
                }
            });
            storeId = id;
        }
        return id;
    }

    /**
     * Forgets tombstones (and records of applied operations) older than {@code cutoff}, so the
     * store does not grow without end, and raises the sync horizon to the newest version
     * forgotten. Returns the number of tombstones forgotten.
     */
    public int forgetTombstonesBefore(Instant cutoff) {
        writeLock.lock();
        try {
            return Transactions.inTransaction(database, c -> {
                takeWriteOrder(c);
                long newest;
                try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(version), 0) FROM events WHERE deleted = TRUE AND last_modified < ?")) {
                    s.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        newest = r.getLong(1);
                    }
                }
                int forgotten;
                try (PreparedStatement s = c.prepareStatement("DELETE FROM events WHERE deleted = TRUE AND last_modified < ?")) {
                    s.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
                    forgotten = s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("DELETE FROM applied_operations WHERE applied_at < ?")) {
                    s.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE store_identity SET sync_horizon = GREATEST(sync_horizon, ?)")) {
                    s.setLong(1, newest);
                    s.executeUpdate();
                }
                if (forgotten > 0) log.info("Forgot {} tombstones older than {}; sync horizon now {}", forgotten, cutoff, newest);
                return forgotten;
            });
        } finally {
            writeLock.unlock();
        }
    }

    /** A sync token below this version may have missed a forgotten deletion: such a replica starts over. */
    public long syncHorizon() {
        return Transactions.read(database, c -> {
            try (var s = c.createStatement(); ResultSet r = s.executeQuery("SELECT sync_horizon FROM store_identity")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    public AutoCloseable subscribe(String owner, Consumer<CalendarChange> listener) {
        List<Consumer<CalendarChange>> list = listeners.computeIfAbsent(owner, o -> new CopyOnWriteArrayList<>());
        Heard mark = heard.computeIfAbsent(owner, o -> new Heard());
        synchronized (mark) {
            // A first listener hears what is stored from now on, not what came before it.
            if (!hasListeners(owner)) mark.version = currentVersion();
            list.add(listener);
        }
        return () -> list.remove(listener);
    }

    /**
     * Registers a listener told the version of each change to {@code owner}'s calendars (added,
     * renamed, recoloured, deleted), in version order with the event changes {@link #subscribe} tells.
     */
    public AutoCloseable subscribeCalendars(String owner, java.util.function.LongConsumer listener) {
        List<java.util.function.LongConsumer> list = calendarListeners.computeIfAbsent(owner, o -> new CopyOnWriteArrayList<>());
        Heard mark = heard.computeIfAbsent(owner, o -> new Heard());
        synchronized (mark) {
            if (!hasListeners(owner)) mark.version = currentVersion();
            list.add(listener);
        }
        return () -> list.remove(listener);
    }

    private boolean hasListeners(String owner) {
        return !listeners.getOrDefault(owner, List.of()).isEmpty() || !calendarListeners.getOrDefault(owner, List.of()).isEmpty();
    }

    /** Calls {@code relay} with the owner after each change this process commits (one relay). */
    public void onCommitted(Consumer<String> relay) {
        committed = relay;
    }

    /**
     * Announces to {@code owner}'s listeners every change stored since they last heard, oldest
     * first: those of this process, and those another process committed to the same database.
     */
    public void catchUp(String owner) {
        List<Consumer<CalendarChange>> list = listeners.get(owner);
        List<java.util.function.LongConsumer> calendarList = calendarListeners.get(owner);
        Heard mark = heard.get(owner);
        boolean anyone = list != null && !list.isEmpty() || calendarList != null && !calendarList.isEmpty();
        if (!anyone || mark == null) return;
        synchronized (mark) {
            for (List<Logged> page; !(page = loggedSince(owner, mark.version, 1000)).isEmpty(); ) {
                for (Logged logged : page) {
                    mark.version = logged.version();
                    if (logged.change() != null) announce(owner, logged.change());
                    else announceCalendars(owner, logged.version());
                }
                if (page.size() < 1000) break;
            }
        }
    }

    /** {@link #catchUp} for every user with listeners in this process, e.g. after notices of other processes may have been missed. */
    public void catchUpAll() {
        java.util.Set<String> owners = new java.util.HashSet<>(listeners.keySet());
        owners.addAll(calendarListeners.keySet());
        for (String owner : owners) if (hasListeners(owner)) catchUp(owner);
    }

    private static final class Heard {
        long version;
    }

    // ---- internals ----

    private interface Change {
        CalendarEvent apply(Connection connection) throws SQLException;
    }

    private CalendarEvent write(String owner, CalendarChange.Kind kind, Change change) {
        return commit(owner, c -> List.of(new CalendarChange(kind, change.apply(c)))).get(0).event();
    }

    /**
     * The one way event changes are stored: under the write lock, in one transaction with their
     * change-log rows, and announced to the owner's listeners only once committed.
     */
    private List<CalendarChange> commit(String owner, Transactions.Work<List<CalendarChange>> work) {
        List<List<CalendarChange>> made = new ArrayList<>(1);
        commitWork(owner, c -> {
            List<CalendarChange> changes = work.run(c);
            for (CalendarChange change : changes) logChange(c, owner, change.event(), change.kind());
            made.add(changes);
            return !changes.isEmpty();
        });
        return made.isEmpty() ? List.of() : made.get(0);
    }

    /** Work in a writing transaction that writes its own change-log rows and says whether it changed anything. */
    private interface LoggedWork {
        boolean run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} under the write lock in one transaction; once committed, the owner's listeners hear what it logged. */
    private void commitWork(String owner, LoggedWork work) {
        boolean changed;
        writeLock.lock();
        try {
            changed = Transactions.inTransaction(database, c -> {
                takeWriteOrder(c);
                boolean any = work.run(c);
                if (any && database.kind() == Database.Kind.POSTGRESQL) ChangeFeed.notifyInTransaction(c, owner);
                return any;
            });
        } finally {
            writeLock.unlock();
        }
        if (changed) {
            catchUp(owner);
            committed.accept(owner);
        }
    }

    /** The database's share of the write lock, for writers in other processes: held to the commit. */
    private static void takeWriteOrder(Connection c) throws SQLException {
        try (var s = c.createStatement(); ResultSet r = s.executeQuery("SELECT sync_horizon FROM store_identity FOR UPDATE")) {
            r.next();
        }
    }

    private void announce(String owner, CalendarChange change) {
        for (Consumer<CalendarChange> listener : listeners.getOrDefault(owner, List.of())) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                log.warn("A change listener of {} failed", owner, e);
            }
        }
    }

    private void announceCalendars(String owner, long version) {
        for (java.util.function.LongConsumer listener : calendarListeners.getOrDefault(owner, List.of())) {
            try {
                listener.accept(version);
            } catch (RuntimeException e) {
                log.warn("A calendar listener of {} failed", owner, e);
            }
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private long nextVersion(Connection c) throws SQLException {
        try (var s = c.createStatement(); ResultSet r = s.executeQuery(database.kind().nextValue("change_version"))) {
            r.next();
            return r.getLong(1);
        }
    }

    private static Set<String> calendarIds(Connection c, String owner) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM calendars WHERE owner = ? AND deleted = FALSE")) {
            s.setString(1, owner);
            try (ResultSet r = s.executeQuery()) {
                Set<String> ids = new java.util.HashSet<>();
                while (r.next()) ids.add(r.getString(1));
                return ids;
            }
        }
    }

    private static Optional<CalendarEvent> find(Connection c, String owner, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM events WHERE owner = ? AND id = ? FOR UPDATE")) {
            s.setString(1, owner);
            s.setString(2, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(toEvent(r)) : Optional.empty();
            }
        }
    }

    private static void insert(Connection c, String owner, CalendarEvent e) throws SQLException {
        insert(c, owner, e, null);
    }

    private static void insert(Connection c, String owner, CalendarEvent e, java.util.UUID writer) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO events (" + EVENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, owner);
            s.setString(2, e.id());
            bindEventFields(s, 3, e);
            s.executeUpdate();
        }
        stampParts(c, owner, e.id(), e.version(), EnumSet.allOf(EventField.class), writer);
        if (!e.deleted()) countLive(c, owner, 1);
    }

    /** Stores {@code after} in place of {@code before}, noting the version at which each differing part changed. */
    private static void replace(Connection c, String owner, CalendarEvent before, CalendarEvent after) throws SQLException {
        replace(c, owner, before, after, null);
    }

    private static void replace(Connection c, String owner, CalendarEvent before, CalendarEvent after, java.util.UUID writer)
            throws SQLException {
        replaceRow(c, owner, after);
        countLive(c, owner, (after.deleted() ? 0 : 1) - (before.deleted() ? 0 : 1));
        // An event back from its tombstone is new to every replica, which dropped it: all its parts are new.
        Set<EventField> parts = before.deleted() && !after.deleted() ? EnumSet.allOf(EventField.class) : EventField.differing(before, after);
        stampParts(c, owner, after.id(), after.version(), parts, writer);
    }

    private static void stampParts(Connection c, String owner, String id, long version, Set<EventField> parts, java.util.UUID writer)
            throws SQLException {
        if (parts.isEmpty()) return;
        String columns = parts.stream().map(p -> partColumn(p) + " = ?, " + writerColumn(p) + " = ?")
                .collect(java.util.stream.Collectors.joining(", "));
        try (PreparedStatement s = c.prepareStatement("UPDATE events SET " + columns + " WHERE owner = ? AND id = ?")) {
            int i = 1;
            for (int n = 0; n < parts.size(); n++) {
                s.setLong(i++, version);
                s.setObject(i++, writer);
            }
            s.setString(i++, owner);
            s.setString(i, id);
            s.executeUpdate();
        }
    }

    private static String partColumn(EventField part) {
        return part.name().toLowerCase(Locale.ROOT) + "_version";
    }

    private static String writerColumn(EventField part) {
        return part.name().toLowerCase(Locale.ROOT) + "_writer";
    }

    /**
     * The parts of the event that someone other than {@code client} changed after {@code baseVersion}.
     * A client's own later edits are made on top of its earlier ones, so those never conflict.
     */
    private static Set<EventField> partsChangedByOthersAfter(Connection c, String owner, String id, long baseVersion,
            java.util.UUID client) throws SQLException {
        Set<EventField> changed = EnumSet.noneOf(EventField.class);
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM events WHERE owner = ? AND id = ?")) {
            s.setString(1, owner);
            s.setString(2, id);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    for (EventField part : EventField.values()) {
                        boolean mine = client.equals(r.getObject(writerColumn(part), java.util.UUID.class));
                        if (r.getLong(partColumn(part)) > baseVersion && !mine) changed.add(part);
                    }
                }
            }
        }
        return changed;
    }

    private static void replaceRow(Connection c, String owner, CalendarEvent e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE events SET calendar_id = ?, title = ?, location = ?, notes = ?, "
                + "start_ms = ?, end_ms = ?, zone = ?, all_day = ?, recurrence = ?, version = ?, last_modified = ?, deleted = ? "
                + "WHERE owner = ? AND id = ?")) {
            int next = bindEventFields(s, 1, e);
            s.setString(next, owner);
            s.setString(next + 1, e.id());
            s.executeUpdate();
        }
    }

    private static int bindEventFields(PreparedStatement s, int first, CalendarEvent e) throws SQLException {
        int i = first;
        s.setString(i++, e.calendarId());
        s.setString(i++, e.title());
        s.setString(i++, e.location());
        s.setString(i++, e.notes());
        s.setLong(i++, e.start().toInstant().toEpochMilli());
        s.setLong(i++, e.end().toInstant().toEpochMilli());
        s.setString(i++, e.zone().getId());
        s.setBoolean(i++, e.allDay());
        if (e.recurrenceRule() == null) s.setNull(i++, Types.VARCHAR);
        else s.setString(i++, e.recurrenceRule());
        s.setLong(i++, e.version());
        s.setObject(i++, e.lastModified().atOffset(ZoneOffset.UTC));
        s.setBoolean(i++, e.deleted());
        return i;
    }

    private static void logChange(Connection c, String owner, CalendarEvent e, CalendarChange.Kind kind) throws SQLException {
        log(c, owner, e.version(), e.id(), kind.name(), e.lastModified());
    }

    /** A change-log row, numbered among {@code owner}'s changes too (the write lock keeps the numbers in version order). */
    private static void log(Connection c, String owner, long version, String subjectId, String kind, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO change_log (version, owner, event_id, kind, changed_at, user_seq) "
                + "VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(user_seq), 0) + 1 FROM change_log WHERE owner = ?))")) {
            s.setLong(1, version);
            s.setString(2, owner);
            s.setString(3, subjectId);
            s.setString(4, kind);
            s.setObject(5, at.atOffset(ZoneOffset.UTC));
            s.setString(6, owner);
            s.executeUpdate();
        }
    }

    private void logCalendarChange(Connection c, String owner, String calendarId, long version) throws SQLException {
        log(c, owner, version, calendarId, CALENDAR_KIND, now());
    }

    private List<CalendarEvent> query(String sql, Object... parameters) {
        return Transactions.read(database, c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) s.setObject(i + 1, parameters[i]);
                List<CalendarEvent> result = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) result.add(toEvent(r));
                }
                return result;
            }
        });
    }

    /** One row of the change log as listeners hear it: an event as it is now, or (change null) a calendar's change. */
    private record Logged(long version, CalendarChange change) {
    }

    /**
     * The change log after {@code sinceVersion}: each event's change that is still its newest, as the
     * event is now, with the kind of that change; and every calendar change.
     */
    private List<Logged> loggedSince(String owner, long sinceVersion, int limit) {
        return Transactions.read(database, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT l.version AS log_version, l.kind AS change_kind, " + LOGGED_EVENT_COLUMNS
                    + " FROM change_log l LEFT JOIN events e ON e.owner = l.owner AND e.id = l.event_id AND e.version = l.version "
                    + "AND l.kind <> '" + CALENDAR_KIND + "' WHERE l.owner = ? AND l.version > ? ORDER BY l.version LIMIT ?")) {
                s.setString(1, owner);
                s.setLong(2, sinceVersion);
                s.setInt(3, limit);
                List<Logged> result = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        String kind = r.getString("change_kind");
                        if (CALENDAR_KIND.equals(kind)) result.add(new Logged(r.getLong("log_version"), null));
                        else if (r.getString("id") != null) {
                            result.add(new Logged(r.getLong("log_version"), new CalendarChange(CalendarChange.Kind.valueOf(kind), toEvent(r))));
                        }
                        // else: the event changed again since; its newer row follows
                    }
                }
                return result;
            }
        });
    }

    private static CalendarEvent toEvent(ResultSet r) throws SQLException {
        ZoneId zone = ZoneId.of(r.getString("zone"));
        ZonedDateTime start = Instant.ofEpochMilli(r.getLong("start_ms")).atZone(zone);
        ZonedDateTime end = Instant.ofEpochMilli(r.getLong("end_ms")).atZone(zone);
        Instant modified = r.getObject("last_modified", OffsetDateTime.class).toInstant();
        return new CalendarEvent(r.getString("id"), r.getString("calendar_id"), r.getString("title"), r.getString("location"),
                r.getString("notes"), start, end, r.getBoolean("all_day"), r.getString("recurrence"), r.getLong("version"),
                modified, r.getBoolean("deleted"));
    }
}
