package org.thinrich.server.sync;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.thinrich.calendar.core.EventValidator;
import org.thinrich.server.LoginDeadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.server.ServerMetrics;
import org.thinrich.server.store.CalendarStore;
import org.thinrich.server.store.OperationKey;
import org.thinrich.server.store.SyncOutcome;
import org.thinrich.server.store.UserAccounts;
import org.thinrich.calendar.core.UserCalendar;
import org.thinrich.sync.protocol.CalendarDelta;
import org.thinrich.sync.protocol.Messages.AddCalendar;
import org.thinrich.sync.protocol.Messages.Applied;
import org.thinrich.sync.protocol.Messages.ChangeCalendar;
import org.thinrich.sync.protocol.Messages.DeleteCalendar;
import org.thinrich.sync.protocol.Messages.ChangeEvent;
import org.thinrich.sync.protocol.Messages.ChangesPage;
import org.thinrich.sync.protocol.Messages.ClientMessage;
import org.thinrich.sync.protocol.Messages.Conflict;
import org.thinrich.sync.protocol.Messages.CreateEvent;
import org.thinrich.sync.protocol.Messages.DeleteEvent;
import org.thinrich.sync.protocol.Messages.Hello;
import org.thinrich.sync.protocol.Messages.Operation;
import org.thinrich.sync.protocol.Messages.OperationResult;
import org.thinrich.sync.protocol.Messages.OperationResults;
import org.thinrich.sync.protocol.Messages.Ping;
import org.thinrich.sync.protocol.Messages.Pong;
import org.thinrich.sync.protocol.Messages.PullChanges;
import org.thinrich.sync.protocol.Messages.PushOperations;
import org.thinrich.sync.protocol.Messages.Rejected;
import org.thinrich.sync.protocol.Messages.ServerMessage;
import org.thinrich.sync.protocol.Messages.Welcome;
import org.thinrich.sync.protocol.EventDelta;
import org.thinrich.sync.protocol.ServerSyncCodec;
import org.thinrich.sync.protocol.SyncCloseCode;
import org.thinrich.sync.protocol.SyncLimits;
import org.thinrich.sync.protocol.SyncProtocolException;
import org.thinrich.sync.protocol.SyncToken;

/**
 * One rich client's WebSocket on /sync (calendar-sync-protocol/PROTOCOL.md): hello, pulls from
 * the change log, pushed operations applied once each, and a page of what changed sent unasked
 * whenever the user's data changes. Messages of one connection are handled in order on Jetty's
 * threads; a malformed one closes this connection only.
 *
 * <p>The endpoint remembers up to which version it has sent this connection everything
 * ({@link #delivered}): pages start there, so each change travels once, as the parts that changed.
 *
 * <p>Versions on the wire are the user's own: the number of each change among that user's changes
 * ({@link CalendarStore#userSeqAt}). The store's versions are server-wide, and their gaps would
 * tell one user how much all the others write. Inside, this endpoint keeps server-wide versions
 * and translates at the edge: what a client sends is turned into a server-wide version on arrival,
 * what it is sent is turned into its user's numbers last.
 */
public final class SyncEndpoint implements Session.Listener.AutoDemanding {
    private static final Logger log = LoggerFactory.getLogger(SyncEndpoint.class);
    /** A page is cut near this many bytes (before compression), well inside the message limit. */
    private static final int PAGE_BUDGET_BYTES = 1024 * 1024;
    /** Changes stored within this long go out as one page. */
    private static final long PUSH_COALESCE_MS = 5;
    /** A connection silent this long is closed; clients ping every 20 s by default. */
    static final java.time.Duration IDLE_TIMEOUT = java.time.Duration.ofSeconds(90);

    private final CalendarStore store;
    private final UserAccounts accounts;
    private final ServerMetrics metrics;
    private final java.time.ZoneId zone;
    private final ScheduledExecutorService pushes;
    private final AtomicBoolean pushScheduled = new AtomicBoolean();
    private final AtomicLong newestChange = new AtomicLong();
    /** This connection has been sent every change of its user up to this version (guarded by this). */
    private long delivered;
    /**
     * A version at which the client holds every event that then existed: its token at the Welcome,
     * the end of each pull (a page without has-more), a push in step. Only a page from here may
     * send some parts of an event: mid-way through a pull an event changed since is not held yet.
     */
    private long complete;
    private Session socket;
    private volatile String user;
    private java.util.concurrent.ScheduledFuture<?> deadline;
    private UUID clientId;
    private AutoCloseable subscription;
    private AutoCloseable calendarSubscription;

    public SyncEndpoint(CalendarStore store, UserAccounts accounts, ServerMetrics metrics, java.time.ZoneId zone,
            ScheduledExecutorService pushes) {
        this.store = store;
        this.accounts = accounts;
        this.metrics = metrics;
        this.zone = zone;
        this.pushes = pushes;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        socket = opened;
        // Jetty closes with 1009 on anything larger, before it reaches the decoder.
        socket.setMaxBinaryMessageSize(SyncLimits.MAX_MESSAGE_BYTES);
        socket.setMaxTextMessageSize(256);
        socket.setIdleTimeout(IDLE_TIMEOUT);
        deadline = LoginDeadline.arm(() -> user != null, () -> close(SyncCloseCode.AUTHENTICATION_FAILED,
                "No Hello with a valid login within " + LoginDeadline.WITHIN.toSeconds() + " s."));
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        metrics.add("sync_bytes_received", payload.remaining());
        try {
            handle(ServerSyncCodec.decode(payload));
        } catch (SyncProtocolException e) {
            metrics.increment("sync_protocol_errors");
            log.info("Closing a sync connection of {}: {}", user == null ? "an unknown user" : user, e.getMessage());
            close(e.closeCode(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("A sync request of {} failed", user, e);
            close(1011, "The server failed to handle the request; try again later.");
        } finally {
            callback.succeed();
        }
    }

    @Override
    public void onWebSocketText(String message) {
        close(SyncCloseCode.PROTOCOL_ERROR, "This endpoint speaks binary TRSP messages only.");
    }

    private synchronized void handle(ClientMessage message) {
        if (user == null) {
            if (!(message instanceof Hello hello)) throw new SyncProtocolException("The first message must be Hello.");
            welcome(hello);
            return;
        }
        if (message instanceof PullChanges pull) send(answer(pull));
        else if (message instanceof PushOperations push) send(apply(push));
        else if (message instanceof Ping ping) send(new Pong(ping.seq()));
        else if (message instanceof Hello) throw new SyncProtocolException("Hello was sent twice.");
    }

    private void welcome(Hello hello) {
        if (hello.protocolVersion() != SyncLimits.PROTOCOL_VERSION) {
            throw new SyncProtocolException(SyncCloseCode.VERSION_MISMATCH, "This server speaks sync protocol version "
                    + SyncLimits.PROTOCOL_VERSION + ", not " + hello.protocolVersion() + "; update the client.");
        }
        String name = accounts.userForToken(hello.bearerToken()).orElse(null);
        if (name == null) {
            metrics.increment("sync_logins_refused");
            throw new SyncProtocolException(SyncCloseCode.AUTHENTICATION_FAILED, "Your login has expired or is unknown; log in again.");
        }
        long currentVersion = store.currentVersion();
        SyncToken current = new SyncToken(store.storeId(), store.userSeqAt(name, currentVersion));
        SyncToken since = hello.since();
        java.util.OptionalLong sinceVersion = since == null ? java.util.OptionalLong.of(0) : store.versionOfUserSeq(name, since.version());
        // Another store, a store made anew, a number this user's changes never reached, or a replica
        // away for longer than tombstones are kept.
        boolean resync = since != null && (since.storeId() != current.storeId() || since.version() > current.version()
                || sinceVersion.isEmpty() || sinceVersion.getAsLong() < store.syncHorizon());
        clientId = hello.clientId();
        user = name;
        delivered = since == null || resync ? 0 : sinceVersion.getAsLong();
        complete = delivered;
        subscription = store.subscribe(name, change -> changed(change.version()));
        calendarSubscription = store.subscribeCalendars(name, this::changed);
        metrics.increment(resync ? "sync_resyncs" : "sync_sessions_opened");
        send(new Welcome(SyncLimits.PROTOCOL_VERSION, name, zone.getId(), store.calendars(name), current, resync));
    }

    private ChangesPage answer(PullChanges pull) {
        java.util.OptionalLong asked = store.versionOfUserSeq(user, pull.since());
        long since = asked.orElse(-1);
        if (asked.isEmpty() || since > 0 && since < store.syncHorizon()) {
            throw new SyncProtocolException(SyncCloseCode.TOKEN_EXPIRED, "The sync token has expired; reconnect to start over.");
        }
        // From where the client asks, even below what this connection was sent: a client starting over asks from 0.
        return page(since, pull.maxEvents());
    }

    /** The changes after {@code since}, each as the parts that changed after it; moves {@link #delivered} to the page's next. */
    private ChangesPage page(long since, int maxEvents) {
        int limit = Math.max(1, Math.min(maxEvents, SyncLimits.MAX_EVENTS_PER_PAGE));
        // Read first: every change up to it is committed (commits are serialised), so it is safe to hand out.
        long current = store.currentVersion();
        // One more than the page holds: a page that ends exactly at the last change says so (no empty page after it).
        List<CalendarStore.ChangedEvent> changed = store.changesWithParts(user, since, limit + 1);
        boolean beyondPage = changed.size() > limit;
        if (beyondPage) changed = changed.subList(0, limit);
        List<EventDelta> page = new ArrayList<>(changed.size());
        long bytes = 0;
        int considered = 0;
        long lastConsidered = since;
        for (CalendarStore.ChangedEvent c : changed) {
            CalendarEvent e = c.event();
            bytes += 64 + 3L * (e.title().length() + e.location().length() + e.notes().length()
                    + (e.recurrenceRule() == null ? 0 : e.recurrenceRule().length()));
            if (bytes > PAGE_BUDGET_BYTES && considered > 0) break;
            considered++;
            lastConsidered = e.version();
            EventDelta entry = entry(c, since, since == complete);
            // On the wire, the change's number among the user's changes.
            if (entry != null) page.add(new EventDelta(entry.id(), c.userSeq(), entry.lastModified(), entry.deleted(), entry.parts()));
        }
        boolean hasMore = considered < changed.size() || beyondPage;
        // The user's newest change up to there: the same page, and the version the client's next pull
        // will name (as its user's number), so that pull can be known as one from where it is complete.
        // (A change committed after current was read may be in the page: commits are serialised, so all
        // below it are too, and the page reaches at least it.)
        CalendarStore.UserChange reached = store.lastChangeAtOrBefore(user,
                hasMore ? lastConsidered : Math.max(Math.max(current, since), lastConsidered));
        long next = reached.version();
        metrics.add("sync_events_sent", page.size());
        delivered = Math.max(delivered, next);
        if (!hasMore) complete = next;
        long sinceSeq = store.userSeqAt(user, since);
        return new ChangesPage(sinceSeq, page, reached.userSeq(), hasMore, calendars(since, next, sinceSeq, reached.userSeq()));
    }

    /**
     * The calendars changed after {@code since} up to {@code next} (server-wide versions), numbered
     * as the user's changes. From 0, the live ones only. A calendar unchanged since calendars got
     * versions, whose user has changed nothing since, numbers no change of the user: it is in every
     * Welcome's list instead.
     */
    private List<CalendarDelta> calendars(long since, long next, long sinceSeq, long nextSeq) {
        List<CalendarDelta> result = new ArrayList<>();
        for (CalendarStore.CalendarState c : store.calendarsChanged(user, since, next)) {
            if (c.userSeq() <= sinceSeq || c.userSeq() > nextSeq) continue;
            if (!c.deleted()) result.add(new CalendarDelta(c.calendar().id(), c.userSeq(), c.calendar().name(), c.calendar().colour()));
            else if (since > 0) result.add(CalendarDelta.removal(c.calendar().id(), c.userSeq()));
        }
        return result;
    }

    /**
     * What a replica at {@code since} needs of this change: a removal, the parts changed after
     * {@code since}, or every part of an event it may not hold (none of its parts is that old, or
     * {@code since} is not a version at which the replica holds everything: {@link #complete}).
     * The store refuses times outside the years 1 to 9999, but a record stored before that rule (or
     * by hand) must not stop a client from receiving every other change: such a live event is left
     * out (null), and the log says so.
     */
    private EventDelta entry(CalendarStore.ChangedEvent c, long since, boolean partsAllowed) {
        CalendarEvent e = c.event();
        if (e.deleted()) return EventDelta.removal(e.id(), e.version(), e.lastModified());
        if (!EventValidator.withinYears(e)) {
            metrics.increment("sync_events_unsendable");
            log.warn("Event {} of {} has times outside the years 1 to 9999 and is not sent to sync clients", e.id(), user);
            return null;
        }
        java.util.Set<org.thinrich.calendar.core.EventField> newer = c.changedAfter(since);
        boolean known = partsAllowed && newer.size() < org.thinrich.calendar.core.EventField.values().length;
        return known ? EventDelta.of(e, newer, zone) : EventDelta.whole(e, zone);
    }

    private OperationResults apply(PushOperations push) {
        List<OperationResult> results = new ArrayList<>(push.operations().size());
        for (Operation op : push.operations()) {
            OperationKey key = new OperationKey(clientId, op.opSeq());
            SyncOutcome outcome;
            if (op instanceof AddCalendar add) {
                outcome = store.addCalendarOnce(user, key, new UserCalendar(add.calendarId(), user, add.name(), add.colour()));
            } else if (op instanceof ChangeCalendar change) {
                outcome = store.changeCalendarOnce(user, key, change.calendarId(), change.name(), change.colour());
            } else if (op instanceof DeleteCalendar delete) {
                outcome = store.deleteCalendarOnce(user, key, delete.calendarId());
            } else if (op instanceof CreateEvent create) {
                outcome = store.createOnce(user, key, create.event());
            } else if (op instanceof ChangeEvent change) {
                outcome = store.changeOnce(user, key, change.eventId(), versionOf(change.baseVersion()),
                        current -> change.changes().toPatch(current.zone()));
            } else {
                DeleteEvent delete = (DeleteEvent) op;
                outcome = store.deleteOnce(user, key, delete.eventId(), versionOf(delete.baseVersion()));
            }
            if (outcome instanceof SyncOutcome.Applied a) results.add(new Applied(op.opSeq(), a.newVersion(), a.lastModified()));
            else if (outcome instanceof SyncOutcome.Conflict c) results.add(new Conflict(op.opSeq(), c.serverCopy()));
            else if (outcome instanceof SyncOutcome.Rejected r) results.add(new Rejected(op.opSeq(), r.reason(), r.serverCopy()));
            metrics.increment("sync_operations_" + outcome.getClass().getSimpleName().toLowerCase());
        }
        CalendarStore.UserChange upTo = upTo(results);
        List<OperationResult> numbered = new ArrayList<>(results.size());
        for (OperationResult r : results) numbered.add(asUsersNumbers(r, upTo));
        return new OperationResults(numbered, upTo.userSeq());
    }

    /**
     * The server-wide version of a base version a client sent (its user's number of a change); 0,
     * the most cautious base (any change by others conflicts), for a number the user never reached.
     */
    private long versionOf(long userSeq) {
        return store.versionOfUserSeq(user, userSeq).orElse(0);
    }

    /** A result as the client is told it: versions as its user's numbers ({@code upTo}'s number known already). */
    private OperationResult asUsersNumbers(OperationResult r, CalendarStore.UserChange upTo) {
        if (r instanceof Applied a) {
            long seq = a.newVersion() == upTo.version() ? upTo.userSeq() : store.userSeqAt(user, a.newVersion());
            return new Applied(a.opSeq(), seq, a.lastModified());
        }
        if (r instanceof Conflict c) return new Conflict(c.opSeq(), numbered(c.serverCopy()));
        Rejected rejected = (Rejected) r;
        return new Rejected(rejected.opSeq(), rejected.reason(), rejected.serverCopy() == null ? null : numbered(rejected.serverCopy()));
    }

    private CalendarEvent numbered(CalendarEvent e) {
        return e.stored(store.userSeqAt(user, e.version()), e.lastModified());
    }

    /**
     * How far the client is in step once it has these results: when every operation was applied
     * and every change of the user after {@link #delivered} is one this push made, up to the
     * current version (it need not pull its own edits back); else 0, and the next page brings what
     * came in between.
     */
    private CalendarStore.UserChange upTo(List<OperationResult> results) {
        CalendarStore.UserChange none = new CalendarStore.UserChange(0, 0);
        java.util.Set<Long> mine = new java.util.HashSet<>();
        for (OperationResult r : results) {
            // A conflict or a refusal: the client drops its later edits of that event, some of which may be
            // applied here, so it must hear of the event from a page.
            if (!(r instanceof Applied a)) return none;
            mine.add(a.newVersion());
        }
        CalendarStore.UserChange current = store.lastChangeAtOrBefore(user, store.currentVersion());
        // Every change in the log, not each event's newest: another client's edit of an event this push
        // then changed again hides behind the push's version, and the writer's copy would lack it.
        for (long version : store.changeVersionsSince(user, delivered, mine.size() + 1)) if (!mine.contains(version)) return none;
        if (complete == delivered) complete = Math.max(complete, current.version());
        delivered = Math.max(delivered, current.version());
        return current;
    }

    /** Coalesces a burst of stored changes (an import, a busy user) into one page, sent unless this connection has them. */
    private void changed(long version) {
        newestChange.accumulateAndGet(version, Math::max);
        if (pushScheduled.compareAndSet(false, true)) {
            pushes.schedule(() -> {
                pushScheduled.set(false);
                sendChanges();
            }, PUSH_COALESCE_MS, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void sendChanges() {
        if (user == null || newestChange.get() <= delivered) return;
        try {
            send(page(delivered, SyncLimits.MAX_EVENTS_PER_PAGE));
        } catch (RuntimeException e) {
            log.warn("Sending {} the changes failed", user, e);
            close(1011, "The server failed to send the changes; reconnect.");
        }
    }

    private synchronized void send(ServerMessage message) {
        Session s = socket;
        if (s == null || !s.isOpen()) return;
        byte[] bytes = ServerSyncCodec.encode(message);
        metrics.add("sync_bytes_sent", bytes.length);
        s.sendBinary(ByteBuffer.wrap(bytes), Callback.NOOP);
    }

    private void close(int code, String reason) {
        Session s = socket;
        if (s == null || !s.isOpen()) return;
        s.close(code, reason.length() > 120 ? reason.substring(0, 120) : reason, Callback.NOOP);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (deadline != null) deadline.cancel(false);
        for (AutoCloseable s : new AutoCloseable[] {subscription, calendarSubscription}) {
            if (s == null) continue;
            try {
                s.close();
            } catch (Exception ignored) {
                // removing a listener from a list does not fail
            }
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        log.debug("Sync connection error", cause);
    }
}
