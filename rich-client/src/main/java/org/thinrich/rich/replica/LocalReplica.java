package org.thinrich.rich.replica;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.api.ErrorCode;
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
import org.thinrich.rich.replica.SyncConflict.Resolution;
import org.thinrich.sync.protocol.CalendarDelta;
import org.thinrich.sync.protocol.EventChanges;
import org.thinrich.sync.protocol.EventDelta;
import org.thinrich.sync.protocol.Messages.AddCalendar;
import org.thinrich.sync.protocol.Messages.Applied;
import org.thinrich.sync.protocol.Messages.CalendarOperation;
import org.thinrich.sync.protocol.Messages.ChangeCalendar;
import org.thinrich.sync.protocol.Messages.ChangeEvent;
import org.thinrich.sync.protocol.Messages.Conflict;
import org.thinrich.sync.protocol.Messages.CreateEvent;
import org.thinrich.sync.protocol.Messages.DeleteCalendar;
import org.thinrich.sync.protocol.Messages.DeleteEvent;
import org.thinrich.sync.protocol.Messages.EventOperation;
import org.thinrich.sync.protocol.Messages.Operation;
import org.thinrich.sync.protocol.Messages.OperationResult;
import org.thinrich.sync.protocol.Messages.Rejected;
import org.thinrich.sync.protocol.StoredForm;
import org.thinrich.sync.protocol.SyncToken;

/**
 * One user's calendars as this client holds them, in an embedded database file: the events as the
 * user sees them (the server's copy with unsent edits applied), the outbox of those edits, the
 * conflicts awaiting the user, and the sync token. Each edit and its outbox entry are written in
 * one transaction, so what the user saw applied survives a crash and is sent after a restart.
 *
 * <p>Methods are synchronized: the UI edits and reads while the sync engine applies what the
 * server sends. Each call is one short transaction.
 */
public final class LocalReplica implements AutoCloseable {
    private final Connection db;
    private final Clock clock;
    /** The ids of the calendars held, read once after each change to them. */
    private Set<String> heldCalendars;
    private String owner;

    private LocalReplica(Connection db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Opens (creating if needed) the replica in {@code directory}. */
    public static LocalReplica open(Path directory, Clock clock) {
        try {
            Files.createDirectories(directory);
            // retry: a write by an interrupted thread would close a plain file channel, and the replica with it.
            String url = "jdbc:h2:file:retry:" + directory.toAbsolutePath().resolve("replica") + ";WRITE_DELAY=0";
            Flyway.configure().dataSource(url, "rich", "").locations("classpath:db/replica").load().migrate();
            Connection connection = DriverManager.getConnection(url, "rich", "");
            connection.setAutoCommit(false);
            return new LocalReplica(connection, clock);
        } catch (java.io.IOException e) {
            throw new ReplicaException("Cannot create the replica directory " + directory + ": " + e.getMessage(), e);
        } catch (SQLException | RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql && sql.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                    throw new ReplicaException("The replica in " + directory + " is open in another rich client; close it first.", e);
                }
            }
            throw new ReplicaException("Cannot open the replica in " + directory + ": " + e.getMessage(), e);
        }
    }

    // ---- reading ----

    public synchronized List<UserCalendar> calendars() {
        return tx(this::calendarRows);
    }

    /** As {@link org.thinrich.calendar.core.CalendarService#events}. */
    public synchronized List<CalendarEvent> events(Instant from, Instant to) {
        return tx(() -> bodies("SELECT body FROM events WHERE deleted = FALSE AND start_ms < ? AND (recurring OR end_ms > ? "
                + "OR (start_ms = end_ms AND start_ms >= ?)) ORDER BY start_ms, id", to.toEpochMilli(), from.toEpochMilli(), from.toEpochMilli()));
    }

    public synchronized Optional<CalendarEvent> event(String id) {
        return tx(() -> row(id)).filter(e -> !e.deleted());
    }

    public synchronized List<CalendarEvent> search(String text, int limit) {
        String pattern = "%" + text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return tx(() -> bodies("SELECT body FROM events WHERE deleted = FALSE AND search_text LIKE ? ESCAPE '\\' "
                + "ORDER BY start_ms, id LIMIT ?", pattern, limit));
    }

    /** Every live event, by id: what a test compares with the server. */
    public synchronized List<CalendarEvent> liveEvents() {
        return tx(() -> bodies("SELECT body FROM events WHERE deleted = FALSE ORDER BY id"));
    }

    // ---- local edits: applied at once, queued for the server ----

    public synchronized ReplicaChange create(CalendarEvent event) {
        return tx(() -> {
            if (row(event.id()).isPresent()) throw new ValidationException("An event with id " + event.id() + " already exists.");
            CalendarEvent local = EventValidator.validateNew(event, calendarIds()).stored(0, now());
            writeRow(local);
            long seq = enqueue(s -> new CreateEvent(s, local));
            return new ReplicaChange(new CalendarChange(CalendarChange.Kind.CREATED, local), seq);
        });
    }

    public synchronized ReplicaChange update(String id, EventPatch patch) {
        return tx(() -> {
            CalendarEvent before = row(id).filter(e -> !e.deleted()).orElseThrow(() -> new UnknownEventException(id));
            CalendarEvent after = EventValidator.validate(patch.applyTo(before), calendarIds());
            after = after.stored(before.version(), now());
            writeRow(after);
            EventChanges changes = EventChanges.of(patch, before);
            long seq = patch.isEmpty() ? 0 : enqueue(s -> new ChangeEvent(s, id, before.version(), changes));
            return new ReplicaChange(new CalendarChange(CalendarChange.Kind.UPDATED, after), seq);
        });
    }

    public synchronized ReplicaChange delete(String id) {
        return tx(() -> {
            CalendarEvent before = row(id).filter(e -> !e.deleted()).orElseThrow(() -> new UnknownEventException(id));
            CalendarEvent tombstone = before.asTombstone(before.version(), now());
            writeRow(tombstone);
            long seq = enqueue(s -> new DeleteEvent(s, id, before.version()));
            return new ReplicaChange(new CalendarChange(CalendarChange.Kind.DELETED, tombstone), seq);
        });
    }

    // ---- local calendar edits: applied at once, queued for the server ----

    /** A calendar edit made here: its operation number, and the events the user no longer sees because of it. */
    public record CalendarEdit(UserCalendar calendar, long opSeq, List<ReplicaChange> changes) {
    }

    public synchronized CalendarEdit addCalendar(String name, CalendarColour colour) {
        return tx(() -> {
            List<UserCalendar> held = calendarRows();
            UserCalendar added = CalendarRules.validateNew(new UserCalendar(UserCalendar.newId(), owner(), name, colour), held);
            writeCalendar(added);
            long seq = enqueue(s -> new AddCalendar(s, added.id(), added.name(), added.colour()));
            return new CalendarEdit(added, seq, List.of());
        });
    }

    public synchronized CalendarEdit changeCalendar(String id, String name, CalendarColour colour) {
        return tx(() -> {
            UserCalendar current = calendarRows().stream().filter(c -> c.id().equals(id)).findFirst()
                    .orElseThrow(() -> CalendarRules.unknown(id));
            UserCalendar changed = current.withName(CalendarRules.validateName(name), colour);
            writeCalendar(changed);
            long seq = enqueue(s -> new ChangeCalendar(s, id, changed.name(), changed.colour()));
            return new CalendarEdit(changed, seq, List.of());
        });
    }

    /**
     * Deletes the calendar here and hides its events: the server deletes them with it, and its
     * pages then bring their removals. No operation per event: one DeleteCalendar does it all.
     */
    public synchronized CalendarEdit deleteCalendar(String id) {
        return tx(() -> {
            List<UserCalendar> held = calendarRows();
            CalendarRules.checkDeletable(id, held);
            UserCalendar gone = held.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
            try (PreparedStatement s = db.prepareStatement("DELETE FROM calendars WHERE id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
            }
            heldCalendars = null;
            List<ReplicaChange> hidden = new ArrayList<>();
            for (CalendarEvent e : bodies("SELECT body FROM events WHERE deleted = FALSE")) {
                if (e.calendarId().equals(id)) hidden.addAll(show(e.id(), e, e));
            }
            long seq = enqueue(s -> new DeleteCalendar(s, id));
            return new CalendarEdit(gone, seq, hidden);
        });
    }

    /**
     * Takes the Welcome's list of calendars as the server's: calendars with unsent edits here keep
     * what the user made of them (or stay deleted). Returns whether the list the user sees changed.
     */
    public synchronized boolean takeServerCalendars(String user, List<UserCalendar> calendars) {
        return tx(() -> {
            try (PreparedStatement s = db.prepareStatement("UPDATE sync_state SET owner = ?")) {
                s.setString(1, user);
                s.executeUpdate();
            }
            owner = user;
            List<UserCalendar> before = calendarRows();
            Set<String> onServer = new HashSet<>();
            for (UserCalendar c : calendars) {
                onServer.add(c.id());
                if (!hasCalendarEdits(c.id())) writeCalendar(c);
            }
            for (UserCalendar c : before) {
                if (!onServer.contains(c.id()) && !hasCalendarEdits(c.id())) removeCalendarRow(c.id());
            }
            return !calendarRows().equals(before);
        });
    }

    /**
     * Takes the calendars of a page (each at its newest state) unless unsent edits here supersede
     * them; a calendar deleted on the server goes whatever was made of it here. Returns whether the
     * list the user sees changed.
     */
    public synchronized boolean takeCalendarChanges(List<CalendarDelta> changes) {
        return tx(() -> {
            List<UserCalendar> before = calendarRows();
            String owner = owner();
            for (CalendarDelta c : changes) {
                if (c.removed()) removeCalendarRow(c.id());
                else if (!hasCalendarEdits(c.id())) writeCalendar(new UserCalendar(c.id(), owner, c.name(), c.colour()));
            }
            return !calendarRows().equals(before);
        });
    }

    // ---- what the sync engine reads and writes ----

    public synchronized UUID clientId() {
        return tx(() -> stateRow(r -> r.getObject("client_id", UUID.class)));
    }

    /** Where this replica stands, or empty when it has never synchronised. */
    public synchronized Optional<SyncToken> token() {
        return tx(() -> stateRow(r -> {
            long store = r.getLong("store_id");
            return r.wasNull() ? Optional.<SyncToken>empty() : Optional.of(new SyncToken(store, r.getLong("version")));
        }));
    }

    public synchronized void saveToken(SyncToken token) {
        tx(() -> {
            try (PreparedStatement s = db.prepareStatement("UPDATE sync_state SET store_id = ?, version = ?, last_sync = ?")) {
                s.setLong(1, token.storeId());
                s.setLong(2, token.version());
                s.setObject(3, now().atOffset(ZoneOffset.UTC));
                s.executeUpdate();
            }
            return null;
        });
    }

    public synchronized Optional<Instant> lastSync() {
        return tx(() -> stateRow(r -> {
            var t = r.getObject("last_sync", java.time.OffsetDateTime.class);
            return Optional.ofNullable(t).map(java.time.OffsetDateTime::toInstant);
        }));
    }

    public synchronized int pendingOperations() {
        return tx(() -> {
            try (var s = db.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM outbox")) {
                r.next();
                return r.getInt(1);
            }
        });
    }

    /**
     * The oldest queued operations, in the order they were made. They keep the base version they
     * were made on: the server does not count a client's own earlier edits as conflicting with
     * its later ones, and a base newer than what the user saw would hide others' changes.
     */
    public synchronized List<Operation> nextBatch(int max) {
        return tx(() -> {
            List<Operation> batch = new ArrayList<>();
            try (PreparedStatement s = db.prepareStatement("SELECT body FROM outbox ORDER BY op_seq LIMIT ?")) {
                s.setInt(1, max);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) batch.add(StoredForm.operation(r.getBytes(1)));
                }
            }
            return batch;
        });
    }

    /**
     * Applies the server's verdict on one sent operation; returns what the user now sees differently.
     * {@code inStep}: the server said the replica holds every change up to this result (no one
     * else's came in between), so an applied edit becomes the server's copy here, with its new
     * version, and nothing need be pulled back.
     */
    public synchronized List<ReplicaChange> applyResult(OperationResult result, boolean inStep) {
        return tx(() -> {
            Operation found = operation(result.opSeq()).orElse(null);
            if (found == null) return List.of(); // a result delivered twice
            if (found instanceof CalendarOperation calendarOp) {
                deleteOperation(result.opSeq());
                // A refused calendar edit: a calendar made here only goes; the engine then starts over,
                // and the server's pages bring back what it kept (a calendar and events deleted here).
                if (!(result instanceof Applied) && calendarOp instanceof AddCalendar && !hasCalendarEdits(calendarOp.calendarId())) {
                    removeCalendarRow(calendarOp.calendarId());
                }
                return List.of();
            }
            EventOperation op = (EventOperation) found;
            if (result instanceof Applied applied) {
                deleteOperation(result.opSeq());
                CalendarEvent before = row(op.eventId()).orElse(null);
                Optional<CalendarEvent> copy = serverCopy(op.eventId());
                List<Operation> pending = operationsOf(op.eventId());
                if (copy.isPresent() && applied.newVersion() <= copy.get().version()) {
                    // Applied before the copy we hold was made (an answer to a retried push): the copy already
                    // has this edit and whatever came after it, so the event is rebuilt from the copy alone.
                    CalendarEvent rebuilt = replay(copy.get(), pending);
                    return show(op.eventId(), before, rebuilt.deleted() && pending.isEmpty() ? null : rebuilt);
                }
                CalendarEvent adopted = inStep ? adopt(op, copy.orElse(null), applied) : null;
                if (adopted != null) {
                    writeServerCopyRow(adopted, pending);
                    return List.of();
                }
                // Else the row keeps the version last pulled (the base of further edits is what the user saw of
                // others' changes) until the page that brings this edit back with whatever came in between.
                if (before != null && before.deleted() && pending.isEmpty()) deleteRow(op.eventId());
                return List.of();
            }
            CalendarEvent mine = row(op.eventId()).orElse(null);
            CalendarEvent theirs;
            String reason;
            if (result instanceof Conflict conflict) {
                theirs = conflict.serverCopy();
                reason = mine != null && mine.deleted() ? "You deleted this event, but it was changed on the server meanwhile."
                        : theirs.deleted() ? "You changed this event, but it was deleted on the server meanwhile."
                        : "You and someone else changed the same part of this event.";
            } else {
                Rejected rejected = (Rejected) result;
                theirs = rejected.serverCopy();
                reason = "The server refused your change: " + rejected.reason();
            }
            for (Operation pending : operationsOf(op.eventId())) deleteOperation(pending.opSeq());
            saveConflict(new SyncConflict(op.eventId(), reason, mine, theirs, now()));
            List<ReplicaChange> shown = show(op.eventId(), mine, theirs == null || theirs.deleted() ? null : theirs);
            if (theirs != null && !theirs.deleted()) writeServerCopy(theirs);
            return shown;
        });
    }

    /** What the changes of a page did: what the user now sees differently, and partial entries for events this replica lacks. */
    public record PageOutcome(List<ReplicaChange> changes, List<String> missing) {
    }

    /**
     * Takes a page's entries: each is made into the server's copy (a whole event, or the parts
     * that changed put onto the copy held, or a removal), with this replica's unsent edits kept on
     * top. An entry with some parts only, for an event this replica does not hold, is reported
     * missing: the replica cannot be continued and must start over.
     */
    public synchronized PageOutcome applyServerChanges(Collection<EventDelta> entries, java.time.ZoneId sharedZone) {
        return tx(() -> {
            List<CalendarEvent> copies = new ArrayList<>(entries.size());
            List<String> missing = new ArrayList<>();
            for (EventDelta entry : entries) {
                if (entry.whole()) {
                    copies.add(entry.toEvent(sharedZone));
                    continue;
                }
                Optional<CalendarEvent> copy = serverCopy(entry.id());
                CalendarEvent base = copy.isPresent() ? copy.get() : row(entry.id()).orElse(null);
                if (base == null) {
                    if (!entry.deleted()) missing.add(entry.id());
                    continue; // a removal of what this replica never held
                }
                if (entry.version() <= base.version()) continue; // held already, or newer
                copies.add(entry.applyTo(base, sharedZone));
            }
            return new PageOutcome(applyCopies(copies), missing);
        });
    }

    /** Takes the server's copies of changed events, keeping this replica's unsent edits on top of them. */
    private List<ReplicaChange> applyCopies(Collection<CalendarEvent> copies) throws SQLException {
        List<ReplicaChange> changes = new ArrayList<>();
        for (CalendarEvent copy : copies) {
            CalendarEvent before = row(copy.id()).orElse(null);
            // Pages come in version order; an older copy can only be a stale duplicate.
            if (before != null && copy.version() < before.version()) continue;
            List<Operation> pending = operationsOf(copy.id());
            CalendarEvent after = replay(copy, pending);
            refreshConflict(copy);
            changes.addAll(show(copy.id(), before, after.deleted() && pending.isEmpty() ? null : after));
            if (row(copy.id()).isPresent()) writeServerCopy(copy);
        }
        return changes;
    }

    /** The server's copy after an applied operation, made here from the copy held before it; null when it cannot be. */
    private CalendarEvent adopt(EventOperation op, CalendarEvent copy, Applied applied) {
        if (op instanceof CreateEvent create) return create.event().stored(applied.newVersion(), applied.lastModified());
        if (copy == null || copy.deleted()) return null;
        if (op instanceof ChangeEvent change) {
            return change.changes().toPatch(copy.zone()).applyTo(copy).stored(applied.newVersion(), applied.lastModified());
        }
        return copy.asTombstone(applied.newVersion(), applied.lastModified());
    }

    /** Keeps {@code copy} as the server's and shows it with the edits still unsent on top (a deleted one goes when none remain). */
    private void writeServerCopyRow(CalendarEvent copy, List<Operation> pending) throws SQLException {
        CalendarEvent shown = hiddenUnlessCalendarHeld(replay(copy, pending));
        if (shown.deleted() && pending.isEmpty()) {
            deleteRow(copy.id());
            return;
        }
        writeRow(shown);
        writeServerCopy(copy);
    }

    /** After a full resync: drops what the server no longer has, unless unsent edits of it remain. */
    public synchronized List<ReplicaChange> dropAllBut(Set<String> onServer) {
        return tx(() -> {
            List<ReplicaChange> changes = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            try (var s = db.createStatement(); ResultSet r = s.executeQuery("SELECT id FROM events")) {
                while (r.next()) ids.add(r.getString(1));
            }
            for (String id : ids) {
                if (onServer.contains(id) || !operationsOf(id).isEmpty()) continue;
                changes.addAll(show(id, row(id).orElse(null), null));
            }
            return changes;
        });
    }

    public synchronized List<SyncConflict> conflicts() {
        return tx(() -> {
            List<SyncConflict> result = new ArrayList<>();
            try (var s = db.createStatement();
                    ResultSet r = s.executeQuery("SELECT event_id, reason, mine, theirs, detected_at FROM conflicts ORDER BY detected_at, event_id")) {
                while (r.next()) {
                    result.add(new SyncConflict(r.getString(1), r.getString(2), eventOrNull(r.getBytes(3)), eventOrNull(r.getBytes(4)),
                            r.getObject(5, java.time.OffsetDateTime.class).toInstant()));
                }
            }
            return result;
        });
    }

    /** Settles a conflict as the user chose; queues what that takes. */
    public synchronized List<ReplicaChange> resolve(String eventId, Resolution resolution) {
        return tx(() -> {
            SyncConflict conflict = conflicts().stream().filter(c -> c.eventId().equals(eventId)).findFirst()
                    .orElseThrow(() -> new UnknownEventException(eventId));
            try (PreparedStatement s = db.prepareStatement("DELETE FROM conflicts WHERE event_id = ?")) {
                s.setString(1, eventId);
                s.executeUpdate();
            }
            CalendarEvent mine = conflict.mine();
            CalendarEvent theirs = row(eventId).orElse(conflict.theirs());
            boolean theirsLive = theirs != null && !theirs.deleted();
            List<ReplicaChange> changes = new ArrayList<>();
            if (mine == null || resolution == Resolution.KEEP_THEIRS) return changes;
            if (mine.deleted()) {
                if (resolution == Resolution.KEEP_MINE && theirsLive) changes.add(delete(eventId));
            } else if (resolution == Resolution.KEEP_BOTH || !theirsLive) {
                changes.add(create(mine.withId(CalendarEvent.newId()).stored(0, Instant.EPOCH)));
            } else {
                changes.add(update(eventId, patchTowards(theirs, mine)));
            }
            return changes;
        });
    }

    @Override
    public synchronized void close() {
        try {
            db.rollback();
            try (var s = db.createStatement()) {
                s.execute("SHUTDOWN");
            }
            db.close();
        } catch (SQLException ignored) {
            // closing twice
        }
    }

    // ---- internals ----

    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T tx(Work<T> work) {
        try {
            T result = work.run();
            db.commit();
            return result;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new ReplicaException("The replica could not be read or written: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    private void rollbackQuietly() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the next call says so
        }
    }

    private interface RowReader<T> {
        T read(ResultSet r) throws SQLException;
    }

    private <T> T stateRow(RowReader<T> reader) throws SQLException {
        try (var s = db.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM sync_state")) {
            r.next();
            return reader.read(r);
        }
    }

    private List<CalendarEvent> bodies(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) s.setObject(i + 1, parameters[i]);
            List<CalendarEvent> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) result.add(StoredForm.event(r.getBytes(1)));
            }
            return result;
        }
    }

    private Optional<CalendarEvent> row(String id) throws SQLException {
        return bodies("SELECT body FROM events WHERE id = ?", id).stream().findFirst();
    }

    private void writeRow(CalendarEvent e) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("MERGE INTO events (id, start_ms, end_ms, recurring, deleted, version, "
                + "search_text, body) KEY (id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, e.id());
            s.setLong(2, e.start().toInstant().toEpochMilli());
            s.setLong(3, e.end().toInstant().toEpochMilli());
            s.setBoolean(4, e.recurring());
            s.setBoolean(5, e.deleted());
            s.setLong(6, e.version());
            s.setString(7, (e.title() + "\n" + e.location() + "\n" + e.notes()).toLowerCase(Locale.ROOT));
            s.setBytes(8, StoredForm.ofEvent(e));
            s.executeUpdate();
        }
    }

    private void writeServerCopy(CalendarEvent copy) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("UPDATE events SET server_body = ? WHERE id = ?")) {
            s.setBytes(1, StoredForm.ofEvent(copy));
            s.setString(2, copy.id());
            s.executeUpdate();
        }
    }

    private Optional<CalendarEvent> serverCopy(String id) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT server_body FROM events WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBytes(1) != null ? Optional.of(StoredForm.event(r.getBytes(1))) : Optional.empty();
            }
        }
    }

    private void deleteRow(String id) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("DELETE FROM events WHERE id = ?")) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }

    /** Writes {@code after} (or removes the row when null) and says what the user sees change. */
    private List<ReplicaChange> show(String id, CalendarEvent before, CalendarEvent after) throws SQLException {
        after = hiddenUnlessCalendarHeld(after);
        if (after == null) deleteRow(id);
        else writeRow(after);
        boolean wasShown = before != null && !before.deleted();
        boolean isShown = after != null && !after.deleted();
        if (isShown && wasShown && before.sameContent(after)) return List.of();
        if (isShown) {
            return List.of(new ReplicaChange(new CalendarChange(wasShown ? CalendarChange.Kind.UPDATED : CalendarChange.Kind.CREATED, after), 0));
        }
        if (wasShown) {
            CalendarEvent gone = after != null ? after : before.asTombstone(before.version(), now());
            return List.of(new ReplicaChange(new CalendarChange(CalendarChange.Kind.DELETED, gone), 0));
        }
        return List.of();
    }

    private Set<String> calendarIds() throws SQLException {
        Set<String> ids = heldCalendars;
        if (ids == null) {
            ids = new HashSet<>();
            try (var s = db.createStatement(); ResultSet r = s.executeQuery("SELECT id FROM calendars")) {
                while (r.next()) ids.add(r.getString(1));
            }
            heldCalendars = ids;
        }
        return ids;
    }

    /**
     * An event of a calendar not held here (deleted here, its deletion not yet applied by the
     * server; or deleted on the server, its events' removals on their way) is kept but not shown.
     */
    private CalendarEvent hiddenUnlessCalendarHeld(CalendarEvent e) throws SQLException {
        if (e == null || e.deleted() || calendarIds().contains(e.calendarId())) return e;
        return e.asTombstone(e.version(), e.lastModified());
    }

    /** The user this replica is of, as the server last named them ("" before the first Welcome). */
    private String owner() throws SQLException {
        if (owner == null) {
            String saved = stateRow(r -> r.getString("owner"));
            owner = saved == null ? "" : saved;
        }
        return owner;
    }

    private List<UserCalendar> calendarRows() throws SQLException {
        List<UserCalendar> result = new ArrayList<>();
        try (var s = db.createStatement(); ResultSet r = s.executeQuery("SELECT id, owner, name, colour FROM calendars")) {
            while (r.next()) result.add(new UserCalendar(r.getString(1), r.getString(2), r.getString(3), CalendarColour.valueOf(r.getString(4))));
        }
        result.sort(UserCalendar.LISTED);
        return result;
    }

    private void writeCalendar(UserCalendar c) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("MERGE INTO calendars (id, owner, name, colour, position) KEY (id) VALUES (?, ?, ?, ?, 0)")) {
            s.setString(1, c.id());
            s.setString(2, c.owner());
            s.setString(3, c.name());
            s.setString(4, c.colour().name());
            s.executeUpdate();
        }
        heldCalendars = null;
    }

    private void removeCalendarRow(String id) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("DELETE FROM calendars WHERE id = ?")) {
            s.setString(1, id);
            s.executeUpdate();
        }
        heldCalendars = null;
    }

    private boolean hasCalendarEdits(String calendarId) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT 1 FROM outbox WHERE calendar_id = ? LIMIT 1")) {
            s.setString(1, calendarId);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    private interface OperationMaker {
        Operation make(long seq);
    }

    private long enqueue(OperationMaker maker) throws SQLException {
        long seq = stateRow(r -> r.getLong("next_op_seq"));
        try (var s = db.createStatement()) {
            s.executeUpdate("UPDATE sync_state SET next_op_seq = next_op_seq + 1");
        }
        Operation op = maker.make(seq);
        try (PreparedStatement s = db.prepareStatement("INSERT INTO outbox (op_seq, event_id, calendar_id, body, made_at) VALUES (?, ?, ?, ?, ?)")) {
            s.setLong(1, seq);
            s.setString(2, op instanceof EventOperation e ? e.eventId() : null);
            s.setString(3, op instanceof CalendarOperation c ? c.calendarId() : null);
            s.setBytes(4, StoredForm.ofOperation(op));
            s.setObject(5, now().atOffset(ZoneOffset.UTC));
            s.executeUpdate();
        }
        return seq;
    }

    private Optional<Operation> operation(long seq) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT body FROM outbox WHERE op_seq = ?")) {
            s.setLong(1, seq);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(StoredForm.operation(r.getBytes(1))) : Optional.empty();
            }
        }
    }

    private List<Operation> operationsOf(String eventId) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT body FROM outbox WHERE event_id = ? ORDER BY op_seq")) {
            s.setString(1, eventId);
            List<Operation> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) result.add(StoredForm.operation(r.getBytes(1)));
            }
            return result;
        }
    }

    private void deleteOperation(long seq) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("DELETE FROM outbox WHERE op_seq = ?")) {
            s.setLong(1, seq);
            s.executeUpdate();
        }
    }

    /** The server's copy with the unsent edits applied on top, keeping the server's version as their base. */
    private static CalendarEvent replay(CalendarEvent serverCopy, List<Operation> pending) {
        CalendarEvent result = serverCopy;
        for (Operation op : pending) {
            if (result.deleted()) break;
            if (op instanceof ChangeEvent c) result = c.changes().toPatch(result.zone()).applyTo(result);
            else if (op instanceof DeleteEvent) result = result.asTombstone(result.version(), result.lastModified());
        }
        return result;
    }

    private void saveConflict(SyncConflict c) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("MERGE INTO conflicts (event_id, reason, mine, theirs, detected_at) KEY (event_id) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, c.eventId());
            s.setString(2, c.reason().length() > 1000 ? c.reason().substring(0, 1000) : c.reason());
            s.setBytes(3, c.mine() == null ? null : StoredForm.ofEvent(c.mine()));
            s.setBytes(4, c.theirs() == null ? null : StoredForm.ofEvent(c.theirs()));
            s.setObject(5, c.detectedAt().atOffset(ZoneOffset.UTC));
            s.executeUpdate();
        }
    }

    /** An open conflict compares the user's version with the newest server copy. */
    private void refreshConflict(CalendarEvent copy) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("UPDATE conflicts SET theirs = ? WHERE event_id = ?")) {
            s.setBytes(1, StoredForm.ofEvent(copy));
            s.setString(2, copy.id());
            s.executeUpdate();
        }
    }

    private static CalendarEvent eventOrNull(byte[] stored) {
        return stored == null ? null : StoredForm.event(stored);
    }

    /** The patch that turns {@code from} into {@code to}, part by part. */
    private static EventPatch patchTowards(CalendarEvent from, CalendarEvent to) {
        Set<EventField> parts = EnumSet.copyOf(EventField.differing(from, to).isEmpty() ? EnumSet.of(EventField.TITLE) : EventField.differing(from, to));
        boolean times = parts.contains(EventField.TIMES);
        boolean rule = parts.contains(EventField.RECURRENCE);
        return new EventPatch(parts.contains(EventField.CALENDAR) ? to.calendarId() : null,
                parts.contains(EventField.TITLE) ? to.title() : null,
                parts.contains(EventField.LOCATION) ? to.location() : null,
                parts.contains(EventField.NOTES) ? to.notes() : null,
                times ? to.start() : null, times ? to.end() : null, times ? to.allDay() : null,
                rule ? to.recurrenceRule() : null, rule && to.recurrenceRule() == null);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
