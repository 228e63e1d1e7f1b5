package org.thinrich.scenarios.drive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.scenarios.scenario.Step;
import org.thinrich.sync.protocol.ClientSyncCodec;
import org.thinrich.sync.protocol.EventChanges;
import org.thinrich.sync.protocol.Messages.Applied;
import org.thinrich.sync.protocol.Messages.ChangeEvent;
import org.thinrich.sync.protocol.Messages.ChangesPage;
import org.thinrich.sync.protocol.Messages.ClientMessage;
import org.thinrich.sync.protocol.Messages.Conflict;
import org.thinrich.sync.protocol.Messages.CreateEvent;
import org.thinrich.sync.protocol.Messages.DeleteEvent;
import org.thinrich.sync.protocol.Messages.Hello;
import org.thinrich.sync.protocol.Messages.EventOperation;
import org.thinrich.sync.protocol.Messages.Operation;
import org.thinrich.sync.protocol.Messages.OperationResult;
import org.thinrich.sync.protocol.Messages.OperationResults;
import org.thinrich.sync.protocol.Messages.Ping;
import org.thinrich.sync.protocol.Messages.PullChanges;
import org.thinrich.sync.protocol.Messages.PushOperations;
import org.thinrich.sync.protocol.Messages.ServerMessage;
import org.thinrich.sync.protocol.Messages.Welcome;
import org.thinrich.sync.protocol.SyncLimits;
import org.thinrich.sync.protocol.EventDelta;

/**
 * The rich client reduced to what crosses its wire, for load runs of many users: the same sync
 * messages as the rich client's engine sends (hello, pulls until caught up, a push per edit, a
 * pull after each applied edit and each poke, a ping every 2 s), with the user's events in a map
 * instead of a database replica and no window. One JVM can so act as a thousand rich users, and
 * the server sees what it would see of a thousand rich clients.
 *
 * <p>A step that only views (week, month, open) is answered by a rich client from its replica and
 * sends nothing, so here it takes no time and records no response; an edit's response is its
 * commit: sent until the server's result arrives.
 */
public final class SyncWireDriver implements ClientDriver {
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([A-Za-z0-9_-]+)\"");
    private static final Pattern ERROR = Pattern.compile("\"error\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** As the rich client's engine. */
    private static final long PING_EVERY_MS = org.thinrich.rich.engine.RichEngine.KEEP_ALIVE.toMillis();
    /** Shared by every user of a run: one selector thread serves all their sockets. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final ScheduledExecutorService PINGS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sync-wire-pings");
        t.setDaemon(true);
        return t;
    });

    private final URI server;
    private final String user;
    private final String password;
    private final ZoneId zone;
    private final Duration wait;
    private final LocalDate monday;
    private final AtomicLong bytesUp = new AtomicLong();
    private final AtomicLong bytesDown = new AtomicLong();
    private final AtomicLong messagesUp = new AtomicLong();
    private final AtomicLong messagesDown = new AtomicLong();

    // Guarded by this: the connection's state, changed by the socket's callbacks and the user's thread.
    private final Map<String, CalendarEvent> events = new LinkedHashMap<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private String firstCalendar;
    private long pulledUpTo;
    private long newestKnown;
    private java.time.ZoneId sharedZone = java.time.ZoneOffset.UTC;
    /** The edit whose result is awaited, made the server's copy here when the result says no one else's came between. */
    private EventOperation awaited;
    private long pingSeq;
    private boolean pulling = true;
    private final CompletableFuture<Void> firstSync = new CompletableFuture<>();
    private CompletableFuture<OperationResult> result;
    private long opSeq;
    private String closedWhy;
    private ScheduledFuture<?> pinger;

    private String createdId;
    private int moves;
    private volatile long lastCommitNanos = -1;

    public SyncWireDriver(URI server, String user, String password, ZoneId zone, LocalDate today, Duration wait) {
        this.server = server;
        this.user = user;
        this.password = password;
        this.zone = zone;
        this.wait = wait;
        this.monday = Agenda.mondayOf(today);
    }

    @Override
    public String path() {
        return "rich";
    }

    @Override
    public void connect() throws Exception {
        String token = login();
        URI sync = URI.create(server.toString().replaceFirst("^http", "ws")).resolve("/sync");
        WebSocket opened = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(sync, new Reader())
                .get(wait.toMillis(), TimeUnit.MILLISECONDS);
        synchronized (this) {
            socket = opened;
            send(new Hello(SyncLimits.PROTOCOL_VERSION, token, UUID.randomUUID(), null));
        }
        try {
            firstSync.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(user + " did not finish the first sync within " + wait.toSeconds() + " s");
        }
    }

    private String login() throws IOException, InterruptedException {
        String body = "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(server.resolve("/api/login")).timeout(wait)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = TOKEN.matcher(response.body());
        if (response.statusCode() == 200 && token.find()) return token.group(1);
        Matcher error = ERROR.matcher(response.body());
        throw new IllegalStateException(user + " could not log in: "
                + (error.find() ? error.group(1) : "HTTP " + response.statusCode()));
    }

    @Override
    public StepOutcome perform(Step step) throws Exception {
        long start = System.nanoTime();
        switch (step.kind()) {
            case NEXT_WEEK, PREVIOUS_WEEK, SWITCH_TO_MONTH, SWITCH_TO_WEEK, OPEN_EVENT -> {
                return StepOutcome.waited(-1, start); // the replica answers; nothing crosses the wire
            }
            case IDLE -> {
                Thread.sleep((long) (step.seconds() * 1000));
                return StepOutcome.waited(-1, start);
            }
            case CREATE_EVENT -> {
                CalendarEvent created;
                synchronized (this) {
                    ZonedDateTime free = Agenda.freeHour(week(), monday, zone);
                    created = CalendarEvent.timed(firstCalendar, step.title() == null ? "New event" : step.title(), free, free.plusHours(1));
                    events.put(created.id(), created);
                    createdId = created.id();
                }
                return commit(new CreateEvent(0, created), created.id(), start);
            }
            case MOVE_EVENT -> {
                CalendarEvent e;
                synchronized (this) {
                    e = Agenda.someSingleEvent(week()).orElseThrow(() -> new IllegalStateException("no single event in " + user + "'s week"));
                }
                long seconds = moves++ % 2 == 0 ? 3600 : -3600;
                EventChanges changes = new EventChanges(null, null, null, null, new EventChanges.Times(
                        e.start().toEpochSecond() + seconds, e.end().toEpochSecond() + seconds, false, null), null, false);
                return commit(new ChangeEvent(0, e.id(), e.version(), changes), e.id(), start);
            }
            case DELETE_EVENT -> {
                CalendarEvent e;
                synchronized (this) {
                    e = createdId != null && events.containsKey(createdId) ? events.get(createdId)
                            : Agenda.someSingleEvent(week()).orElseThrow(() -> new IllegalStateException("nothing to delete in " + user + "'s week"));
                    createdId = null;
                }
                return commit(new DeleteEvent(0, e.id(), e.version()), e.id(), start);
            }
        }
        throw new IllegalArgumentException("Unknown step " + step.kind());
    }

    /** Pushes one edit and waits for its result: the commit as the rich client's engine times it. */
    private StepOutcome commit(EventOperation unnumbered, String eventId, long start) throws Exception {
        CompletableFuture<OperationResult> answer = new CompletableFuture<>();
        long sent;
        synchronized (this) {
            if (closedWhy != null) throw new IllegalStateException(user + "'s sync connection closed: " + closedWhy);
            long seq = ++opSeq;
            EventOperation op;
            if (unnumbered instanceof CreateEvent c) op = new CreateEvent(seq, c.event());
            else if (unnumbered instanceof ChangeEvent c) op = new ChangeEvent(seq, c.eventId(), c.baseVersion(), c.changes());
            else op = new DeleteEvent(seq, unnumbered.eventId(), ((DeleteEvent) unnumbered).baseVersion());
            result = answer;
            awaited = op;
            sent = System.nanoTime();
            send(new PushOperations(List.of(op)));
        }
        OperationResult outcome;
        try {
            outcome = answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(user + "'s edit had no answer within " + wait.toSeconds() + " s");
        }
        long took = System.nanoTime() - sent;
        if (!(outcome instanceof Applied)) throw new IllegalStateException(user + "'s edit was not applied: " + outcome);
        lastCommitNanos = took;
        return new StepOutcome(System.nanoTime() - start, eventId, start);
    }

    /** The user's event {@code id} as this connection last heard of it. */
    synchronized java.util.Optional<CalendarEvent> held(String id) {
        return java.util.Optional.ofNullable(events.get(id));
    }

    private List<CalendarEvent> week() {
        long from = monday.atStartOfDay(zone).toEpochSecond();
        long to = monday.plusDays(7).atStartOfDay(zone).toEpochSecond();
        List<CalendarEvent> shown = new ArrayList<>();
        for (CalendarEvent e : events.values()) {
            if (e.start().toEpochSecond() < to && e.end().toEpochSecond() > from) shown.add(e);
        }
        return shown;
    }

    // ---- the connection, as the engine runs it ----

    private synchronized void received(ServerMessage message) {
        if (message instanceof Welcome welcome) {
            firstCalendar = welcome.calendars().isEmpty() ? null : welcome.calendars().get(0).id();
            sharedZone = java.time.ZoneId.of(welcome.zone());
            pulledUpTo = 0;
            newestKnown = welcome.current().version();
            pull();
            pinger = PINGS.scheduleAtFixedRate(this::ping, PING_EVERY_MS, PING_EVERY_MS, TimeUnit.MILLISECONDS);
        } else if (message instanceof ChangesPage page) {
            if (page.since() > pulledUpTo) { // a gap: pull from where this connection stands
                if (!pulling) pull();
                return;
            }
            for (EventDelta e : page.changes()) {
                CalendarEvent held = events.get(e.id());
                if (e.deleted()) events.remove(e.id());
                else if (e.whole()) events.put(e.id(), e.toEvent(sharedZone));
                else if (held != null) events.put(e.id(), e.applyTo(held, sharedZone));
            }
            pulledUpTo = Math.max(pulledUpTo, page.next());
            if (page.hasMore() || newestKnown > pulledUpTo) {
                pull();
            } else {
                pulling = false;
                firstSync.complete(null);
            }
        } else if (message instanceof OperationResults results) {
            boolean inStep = results.upTo() > 0 && !pulling;
            for (OperationResult r : results.results()) {
                if (r instanceof Applied applied) {
                    newestKnown = Math.max(newestKnown, applied.newVersion());
                    if (inStep && awaited != null) adopt(awaited, applied);
                } else if (r instanceof Conflict conflict) {
                    events.put(conflict.serverCopy().id(), conflict.serverCopy());
                }
                if (result != null) result.complete(r);
            }
            result = null;
            awaited = null;
            if (inStep) pulledUpTo = Math.max(pulledUpTo, results.upTo());
            // Else the page the server sends next brings the edit back with what came in between.
        } // a Pong says nothing the load run needs
    }

    /** The applied edit as the server now holds it: no one else's change came between. */
    private void adopt(EventOperation op, Applied applied) {
        CalendarEvent held = events.get(op.eventId());
        if (op instanceof CreateEvent c) events.put(c.eventId(), c.event().stored(applied.newVersion(), applied.lastModified()));
        else if (op instanceof DeleteEvent) events.remove(op.eventId());
        else if (held != null) events.put(op.eventId(), ((ChangeEvent) op).changes().toPatch(held.zone()).applyTo(held)
                .stored(applied.newVersion(), applied.lastModified()));
    }

    private void pull() {
        pulling = true;
        send(new PullChanges(pulledUpTo, SyncLimits.MAX_EVENTS_PER_PAGE));
    }

    private synchronized void ping() {
        if (closedWhy == null) send(new Ping(++pingSeq));
    }

    /** Sends in order: the JDK's WebSocket takes the next message once the previous one is written. */
    private void send(ClientMessage message) {
        byte[] bytes = ClientSyncCodec.encode(message);
        bytesUp.addAndGet(bytes.length);
        messagesUp.incrementAndGet();
        WebSocket s = socket;
        sending = sending.thenCompose(ignored -> s.sendBinary(ByteBuffer.wrap(bytes), true));
    }

    private synchronized void closed(String why) {
        if (closedWhy == null) closedWhy = why;
        if (pinger != null) pinger.cancel(false);
        IllegalStateException lost = new IllegalStateException(user + "'s sync connection closed: " + why);
        firstSync.completeExceptionally(lost);
        if (result != null) result.completeExceptionally(lost);
    }

    private final class Reader implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            byte[] whole = null;
            synchronized (SyncWireDriver.this) {
                partial.write(chunk, 0, chunk.length);
                if (last) {
                    whole = partial.toByteArray();
                    partial.reset();
                }
            }
            if (whole != null) {
                bytesDown.addAndGet(whole.length);
                messagesDown.incrementAndGet();
                try {
                    received(ClientSyncCodec.decode(ByteBuffer.wrap(whole)));
                } catch (RuntimeException e) {
                    closed("unreadable message: " + e.getMessage());
                    webSocket.abort();
                    return null;
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed("closed by the server (" + statusCode + (reason.isEmpty() ? "" : ", " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed(error.getMessage() == null ? error.toString() : error.getMessage());
        }
    }

    @Override
    public void settle() throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (!pulling && result == null) return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException(user + " did not settle within " + wait.toSeconds() + " s");
    }

    @Override
    public Traffic traffic() {
        return new Traffic(bytesUp.get(), bytesDown.get(), messagesUp.get(), messagesDown.get(), 0);
    }

    @Override
    public String servedBy() {
        return "";
    }

    /** Load users run on one server; fault steps are for the scenario runner's clients on a cluster. */
    @Override
    public boolean awaitWorking(Duration within) {
        throw new UnsupportedOperationException("Fault steps are not run by load users.");
    }

    @Override
    public long lastCommitNanos() {
        return lastCommitNanos;
    }

    @Override
    public void close() {
        WebSocket s;
        synchronized (this) {
            closed("closed by the user");
            s = socket;
        }
        if (s != null) {
            try {
                s.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the socket is dropped below either way
            }
            s.abort();
        }
    }
}
