package org.thinrich.rich.engine;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.rich.replica.LocalReplica;
import org.thinrich.rich.replica.ReplicaChange;
import org.thinrich.rich.replica.SyncConflict;
import org.thinrich.sync.protocol.ClientSyncCodec;
import org.thinrich.sync.protocol.EventDelta;
import org.thinrich.sync.protocol.Messages.Applied;
import org.thinrich.sync.protocol.Messages.ChangesPage;
import org.thinrich.sync.protocol.Messages.ClientMessage;
import org.thinrich.sync.protocol.Messages.Conflict;
import org.thinrich.sync.protocol.Messages.Hello;
import org.thinrich.sync.protocol.Messages.Operation;
import org.thinrich.sync.protocol.Messages.OperationResult;
import org.thinrich.sync.protocol.Messages.OperationResults;
import org.thinrich.sync.protocol.Messages.Ping;
import org.thinrich.sync.protocol.Messages.Pong;
import org.thinrich.sync.protocol.Messages.PullChanges;
import org.thinrich.sync.protocol.Messages.PushOperations;
import org.thinrich.sync.protocol.Messages.ServerMessage;
import org.thinrich.sync.protocol.Messages.Welcome;
import org.thinrich.sync.protocol.Messages.CalendarOperation;
import org.thinrich.sync.protocol.Messages.EventOperation;
import org.thinrich.sync.protocol.SyncCloseCode;
import org.thinrich.sync.protocol.SyncLimits;
import org.thinrich.sync.protocol.SyncProtocolException;
import org.thinrich.sync.protocol.SyncToken;

/**
 * The rich client without its window: the local replica, the calendar service the UI binds to,
 * and the sync loop that keeps the replica and the server in step over /sync. It runs headless;
 * scenarios and tests drive it directly.
 *
 * <p>All sync work runs on one thread in message order: hello, pull until has-more is false, push
 * queued edits one batch at a time (several edits of one event may share a batch: their results come
 * in order), take the pages the server sends when the user's data changes elsewhere. A Ping every keep-alive interval notices a
 * dead connection; a lost connection is retried with backoff while the user keeps working on the
 * replica.
 */
public final class RichEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RichEngine.class);
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([A-Za-z0-9_-]+)\"");
    private static final Pattern ERROR = Pattern.compile("\"error\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** Applied in slices so the UI's reads and edits never wait long for the replica. */
    private static final int APPLY_SLICE = 100;
    /** The default keep-alive: 14 bytes on the wire per interval, a dead connection noticed within interval + {@link #PONG_WITHIN_MS}. */
    public static final Duration KEEP_ALIVE = Duration.ofSeconds(20);
    private static final long PONG_WITHIN_MS = 10_000;
    private static final long MAX_BACKOFF_MS = 5_000;
    private static final String NODE_HEADER = "Calendar-Node";

    /** Replicas of one calendar service (several servers on one database); the engine uses one at a time. */
    private final List<URI> servers;
    /** Which of {@link #servers} the engine uses now: the next after a connection is lost or refused. */
    private volatile int current;
    private final String user;
    private final String password;
    private final LocalReplica replica;
    private final RichMetrics metrics = new RichMetrics();
    private final ReplicaCalendarService calendar;
    /** HTTP/1.1: the server speaks no HTTP/2, and offering the upgrade cost every login 117 B of headers. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final ScheduledExecutorService sync;
    private final Map<Long, Long> madeAtNanos = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<java.util.function.BiConsumer<Operation, OperationResult>> resultListeners = new CopyOnWriteArrayList<>();

    private volatile SyncState state = SyncState.OFFLINE;
    private volatile String stateDetail = "not connected yet";
    private volatile Instant lastSync;
    private volatile boolean wantOnline;
    private volatile int pushCopies = 1;
    private volatile long pingEveryMs = KEEP_ALIVE.toMillis();

    // Owned by the sync thread.
    private Connection connection;
    private boolean welcomed;
    private String bearerToken;
    private boolean pulling;
    private Set<String> resyncSeen;
    private SyncToken pulledUpTo;
    private long newestKnown;
    /** The zone the Welcome named: pages name it "". */
    private java.time.ZoneId sharedZone = java.time.ZoneOffset.UTC;
    private long pingSeq;
    private final Map<Long, Long> pingSentNanos = new java.util.HashMap<>();
    private ScheduledFuture<?> pongDeadline;
    private List<Operation> inFlight = List.of();
    private long backoffMs = 200;
    /** The server that answered the last connection (its Calendar-Node header): behind a load balancer, the node. */
    private volatile String servedBy = "";
    private ScheduledFuture<?> reconnect;
    private ScheduledFuture<?> pinger;

    private RichEngine(List<URI> servers, String user, String password, LocalReplica replica) {
        if (servers.isEmpty()) throw new IllegalArgumentException("Give at least one server address.");
        this.servers = List.copyOf(servers);
        this.user = user;
        this.password = password;
        this.replica = replica;
        this.sync = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rich-sync-" + user);
            t.setDaemon(true);
            return t;
        });
        this.calendar = new ReplicaCalendarService(replica, metrics, (seq, made) -> {
            madeAtNanos.put(seq, made);
            sync.execute(this::flush);
        });
        this.lastSync = replica.lastSync().orElse(null);
    }

    /**
     * Opens the replica kept in {@code replicaDirectory} (made on first use). Nothing touches the
     * network until {@link #goOnline()}; the calendar service works at once on what the replica holds.
     */
    public static RichEngine open(URI server, String user, String password, Path replicaDirectory, Clock clock) {
        return open(List.of(server), user, password, replicaDirectory, clock);
    }

    /**
     * As {@link #open(URI, String, String, Path, Clock)} with several addresses of one calendar
     * service (servers on one database, no load balancer in front): the engine uses the first, and
     * when its connection is lost or cannot be made, the next, round and round. The user sees no
     * difference but a moment offline: the replicas hold the same data, accept the same token, and
     * apply each operation once wherever it arrives.
     */
    public static RichEngine open(List<URI> servers, String user, String password, Path replicaDirectory, Clock clock) {
        return new RichEngine(servers, user, password, LocalReplica.open(replicaDirectory, clock));
    }

    /** The replica directory for a user on a server under {@code base}: one replica per user and server. */
    public static Path replicaDirectory(Path base, URI server, String user) {
        String host = (server.getHost() == null ? "local" : server.getHost()).replaceAll("[^A-Za-z0-9.-]", "_");
        return base.resolve(host + "_" + server.getPort()).resolve(user.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    public ReplicaCalendarService calendar() {
        return calendar;
    }

    public RichMetrics metrics() {
        return metrics;
    }

    public SyncState state() {
        return state;
    }

    public String stateDetail() {
        return stateDetail;
    }

    /** Whether the connection's socket sends each message at once (TCP_NODELAY); false while offline. */
    public boolean sendsAtOnce() throws InterruptedException {
        return callOnSync(() -> {
            try {
                return connection != null && connection.getSocket() != null && connection.getSocket().getTcpNoDelay();
            } catch (java.net.SocketException closed) {
                return false;
            }
        });
    }

    public Optional<Instant> lastSync() {
        return Optional.ofNullable(lastSync);
    }

    public int pendingOperations() {
        return replica.pendingOperations();
    }

    public List<SyncConflict> conflicts() {
        return replica.conflicts();
    }

    public String user() {
        return user;
    }

    /** The server the engine uses now. */
    public URI server() {
        return servers.get(current);
    }

    /** Every address the engine may use, in the order it tries them. */
    public List<URI> servers() {
        return servers;
    }

    /** Settles a conflict as the user chose and sends what that takes. */
    public void resolve(String eventId, SyncConflict.Resolution resolution) {
        List<ReplicaChange> changes = replica.resolve(eventId, resolution);
        calendar.announce(changes);
        for (ReplicaChange c : changes) if (c.opSeq() != 0) madeAtNanos.put(c.opSeq(), System.nanoTime());
        sync.execute(this::flush);
        changed();
    }

    /** Called on the sync thread after anything the status bar shows has changed. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /** Hears the server's verdict on every operation this client sent, on the sync thread. */
    public void addResultListener(java.util.function.BiConsumer<Operation, OperationResult> listener) {
        resultListeners.add(listener);
    }

    /** Cuts the connection as a network failure would; the engine reconnects by itself. */
    public void dropConnection() {
        sync.execute(() -> {
            if (connection != null) connection.closeConnection(1006, "connection lost");
        });
    }

    /**
     * The keep-alive interval: a Ping this often while connected measures the round trip and, when
     * no Pong comes within 10 s (or within twice the interval, at least 1 s, if shorter), takes the
     * connection as dead and reconnects. Shorter notices a dead connection sooner and costs 14 bytes on the wire each
     * time; zero sends none (benchmarks that count bytes). Takes effect at the next connection.
     */
    public void pingEvery(Duration interval) {
        pingEveryMs = interval.toMillis();
    }

    /** Test hook: send every push this many times, as a network that duplicates deliveries would. */
    public void duplicatePushes(int copies) {
        pushCopies = Math.max(1, copies);
    }

    /** The server (host:port) that answered the latest connection, empty before the first. */
    public String servedBy() {
        return servedBy;
    }

    /** Connects and keeps reconnecting until {@link #goOffline()}. */
    public void goOnline() {
        wantOnline = true;
        sync.execute(() -> {
            if (connection == null) connect();
        });
    }

    /** Drops the connection and stays offline; edits keep being applied locally and queued. */
    public void goOffline() {
        wantOnline = false;
        runOnSync(() -> {
            cancelTimers();
            if (connection != null) {
                Connection c = connection;
                dropped(c, "offline by choice");
                c.close(SyncCloseCode.NORMAL, "offline");
            }
            setState(SyncState.OFFLINE, "offline by choice");
        });
    }

    /**
     * Waits until the replica is in step with the server as far as this client knows: connected,
     * nothing queued or in flight, every poke pulled. False when {@code timeout} passes first.
     */
    /** The version, among this user's changes, up to which the replica holds everything (0 before the first sync). */
    public long syncedVersion() {
        try {
            return callOnSync(() -> pulledUpTo == null ? 0L : pulledUpTo.version());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        return awaitSyncedTo(0, timeout);
    }

    /**
     * As {@link #awaitSynced}, and the replica has pulled at least up to {@code serverVersion} (a
     * version of this user's as the server numbers them on the wire, {@code CalendarStore.userSeqAt};
     * the engine pulls to it if no page has brought it yet).
     */
    public boolean awaitSyncedTo(long serverVersion, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Boolean done = callOnSync(() -> {
                newestKnown = Math.max(newestKnown, serverVersion);
                if (welcomed && !pulling && pulledUpTo != null && pulledUpTo.version() < newestKnown) pull();
                return welcomed && !pulling && inFlight.isEmpty() && replica.pendingOperations() == 0
                        && pulledUpTo != null && pulledUpTo.version() >= newestKnown;
            });
            if (Boolean.TRUE.equals(done)) return true;
            Thread.sleep(10);
        }
        return false;
    }

    // ---- connecting ----

    private void connect() {
        if (!wantOnline || connection != null) return;
        setState(SyncState.CONNECTING, server().toString());
        try {
            if (bearerToken == null) bearerToken = login();
        } catch (RichClientException e) {
            setState(SyncState.FAILED, e.getMessage());
            wantOnline = false;
            return;
        } catch (IOException e) {
            retryLater("Cannot reach the server at " + server() + "; working offline");
            return;
        }
        URI socket = URI.create(server().toString().replaceFirst("^http", "ws")).resolve("/sync");
        connection = new Connection(socket);
        connection.connect();
    }

    private String login() throws RichClientException, IOException {
        String body = "{\"user\":\"" + json(user) + "\",\"password\":\"" + json(password) + "\"}";
        HttpRequest request = HttpRequest.newBuilder(server().resolve("/api/login")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        metrics.login(requestBytes(request, body), replyBytes(response));
        Matcher token = TOKEN.matcher(response.body());
        if (response.statusCode() == 200 && token.find()) return token.group(1);
        if (response.statusCode() >= 500) throw new IOException("server error " + response.statusCode());
        Matcher error = ERROR.matcher(response.body());
        throw new RichClientException(error.find() ? error.group(1) : "The server refused the login (HTTP " + response.statusCode() + ").");
    }

    /**
     * Checks that the server can be reached and takes this user and password, before a window
     * opens: one sentence to show when not.
     */
    public void checkLogin() throws RichClientException {
        try {
            bearerToken = callOnSync(this::login);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RichClientException r) throw r;
            if (e.getCause() instanceof ConnectException) {
                throw new RichClientException("Cannot reach the server at " + server() + "; check the address and that the server runs.", e);
            }
            throw new RichClientException("Cannot reach the server at " + server() + ": " + e.getCause().getMessage(), e);
        }
    }

    /**
     * A login's request as HTTP/1.1 writes it: request line, the headers set here and those the JDK's
     * client adds (Content-Length, Host, User-Agent), the blank line and the body.
     */
    static long requestBytes(HttpRequest request, String body) {
        URI uri = request.uri();
        long length = ("POST " + uri.getRawPath() + " HTTP/1.1\r\n").length();
        int bodyBytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        length += ("Content-Length: " + bodyBytes + "\r\n").length();
        length += ("Host: " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "\r\n").length();
        length += ("User-Agent: Java-http-client/" + System.getProperty("java.version") + "\r\n").length();
        for (var header : request.headers().map().entrySet()) {
            for (String value : header.getValue()) length += header.getKey().length() + 2 + value.length() + 2;
        }
        return length + 2 + bodyBytes;
    }

    /** A reply as it came: status line, headers, blank line, body. */
    static long replyBytes(HttpResponse<String> response) {
        long length = ("HTTP/1.1 " + response.statusCode() + " " + reason(response.statusCode()) + "\r\n").length();
        for (var header : response.headers().map().entrySet()) {
            for (String value : header.getValue()) length += header.getKey().length() + 2 + value.length() + 2;
        }
        return length + 2 + response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 429 -> "Too Many Requests";
            default -> "";
        };
    }

    private static String json(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private void retryLater(String why) {
        connection = null;
        welcomed = false;
        if (servers.size() > 1) current = (current + 1) % servers.size(); // fail over to the next replica
        if (!wantOnline) {
            setState(SyncState.OFFLINE, "offline by choice");
            return;
        }
        long delay = backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        setState(SyncState.OFFLINE, why + "; retrying in " + Math.max(1, Math.round(delay / 1000.0)) + " s");
        cancelTimers();
        reconnect = sync.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void opened(Connection c) {
        if (c != connection) return;
        SyncToken since = replica.token().orElse(null);
        send(new Hello(SyncLimits.PROTOCOL_VERSION, bearerToken, replica.clientId(), since));
    }

    private void dropped(Connection c, String reason) {
        if (c != connection) return;
        connection = null;
        welcomed = false;
        pulling = false;
        resyncSeen = null;
        inFlight = List.of(); // sent again after the reconnect; the server applies each operation once
        if (pinger != null) pinger.cancel(false);
        if (pongDeadline != null) pongDeadline.cancel(false);
        pingSentNanos.clear();
        changed();
    }

    private void closed(Connection c, int code, String reason) {
        if (c != connection) return;
        dropped(c, reason);
        if (code == SyncCloseCode.AUTHENTICATION_FAILED) bearerToken = null; // log in again
        if (code == SyncCloseCode.VERSION_MISMATCH) {
            wantOnline = false;
            setState(SyncState.FAILED, reason);
            return;
        }
        retryLater("Disconnected (" + (reason == null || reason.isBlank() ? "code " + code : reason) + "); working offline");
    }

    // ---- the sync loop, on the sync thread ----

    private void received(Connection c, ServerMessage message) {
        if (c != connection) return;
        if (message instanceof Welcome welcome) welcomed(welcome);
        else if (!welcomed) throw new SyncProtocolException("The server sent " + message.getClass().getSimpleName() + " before Welcome.");
        else if (message instanceof ChangesPage page) pageArrived(page);
        else if (message instanceof OperationResults results) resultsArrived(results);
        else if (message instanceof Pong pong) ponged(pong);
    }

    /**
     * How long a Pong may take before the connection counts as dead, for a ping every {@code every}:
     * twice the interval, at least 1 s, at most 10 s. A dead connection is noticed within the
     * interval and this.
     */
    public static Duration pongWait(Duration every) {
        return Duration.ofMillis(Math.min(PONG_WITHIN_MS, Math.max(1_000, 2 * every.toMillis())));
    }

    private void ping() {
        long seq = ++pingSeq;
        pingSentNanos.put(seq, System.nanoTime());
        send(new Ping(seq));
        if (pongDeadline == null || pongDeadline.isDone()) {
            Connection c = connection;
            pongDeadline = sync.schedule(() -> {
                // No answer to a ping within the time: the connection is dead (a cut cable answers nothing).
                if (c == connection && c != null && !pingSentNanos.isEmpty()) c.closeConnection(1006, "no answer to a ping");
            }, pongWait(Duration.ofMillis(pingEveryMs)).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void ponged(Pong pong) {
        Long sent = pingSentNanos.remove(pong.seq());
        if (sent != null) metrics.rtt(System.nanoTime() - sent);
        pingSentNanos.keySet().removeIf(seq -> seq < pong.seq()); // answered in order: older ones are lost with nothing
        if (pingSentNanos.isEmpty() && pongDeadline != null) pongDeadline.cancel(false);
    }

    private void welcomed(Welcome welcome) {
        welcomed = true;
        backoffMs = 200;
        if (replica.takeServerCalendars(welcome.user(), welcome.calendars())) calendar.calendarsChanged();
        sharedZone = java.time.ZoneId.of(welcome.zone());
        newestKnown = Math.max(newestKnown, welcome.current().version());
        Optional<SyncToken> saved = replica.token();
        if (welcome.resyncRequired() || saved.isEmpty()) {
            // Start over: everything the server has, then drop what it no longer has.
            if (saved.isPresent()) metrics.resyncs.incrementAndGet();
            resyncSeen = new HashSet<>();
            pulledUpTo = SyncToken.start(welcome.current().storeId());
        } else {
            pulledUpTo = saved.get();
        }
        setState(SyncState.SYNCING, "catching up");
        pull();
        flush();
        long every = pingEveryMs;
        // The first at once: the status bar and the dashboard show a round trip from the start.
        if (every > 0) pinger = sync.scheduleAtFixedRate(this::ping, 0, every, TimeUnit.MILLISECONDS);
    }

    private void pull() {
        pulling = true;
        send(new PullChanges(pulledUpTo.version(), SyncLimits.MAX_EVENTS_PER_PAGE));
    }

    /**
     * A page, asked for or sent unasked. One that starts beyond this replica's version would leave
     * a gap: it is dropped and the replica pulls from its own version. Any other brings the newest
     * state of everything after its since, so it is applied, even if it overlaps what is held.
     */
    private void pageArrived(ChangesPage page) {
        if (log.isDebugEnabled()) {
            log.debug("{} page since {} next {} more {} at {} pulling {}: {}", replica.clientId(), page.since(), page.next(), page.hasMore(),
                    pulledUpTo.version(), pulling, page.changes().stream().map(e -> shortId(e.id()) + "@" + e.version()
                            + (e.deleted() ? "x" : e.whole() ? "w" : "p" + (e.parts().location() != null ? "L" : "") + (e.parts().title() != null ? "T" : ""))).toList());
        }
        if (page.since() > pulledUpTo.version()) {
            if (!pulling) pull();
            return;
        }
        metrics.eventsPulled.addAndGet(page.changes().size());
        // Calendars first: an event of the page may be in a calendar the page adds.
        if (!page.calendars().isEmpty() && replica.takeCalendarChanges(page.calendars())) calendar.calendarsChanged();
        List<EventDelta> entries = page.changes();
        for (int i = 0; i < entries.size(); i += APPLY_SLICE) {
            List<EventDelta> slice = entries.subList(i, Math.min(entries.size(), i + APPLY_SLICE));
            LocalReplica.PageOutcome outcome = replica.applyServerChanges(slice, sharedZone);
            calendar.announce(outcome.changes());
            if (!outcome.missing().isEmpty()) {
                log.warn("The server sent changes of {} event(s) this replica does not hold (e.g. {}); starting over",
                        outcome.missing().size(), outcome.missing().get(0));
                startOver();
                return;
            }
            if (resyncSeen != null) for (EventDelta e : slice) resyncSeen.add(e.id());
        }
        pulledUpTo = new SyncToken(pulledUpTo.storeId(), Math.max(pulledUpTo.version(), page.next()));
        if (page.hasMore()) {
            // Not saved mid-way: an event changed after this page's version comes later, and a token
            // the server may send parts of events from must be one at which the replica holds them all.
            pull();
            return;
        }
        if (resyncSeen != null) {
            calendar.announce(replica.dropAllBut(resyncSeen));
            resyncSeen = null;
        }
        replica.saveToken(pulledUpTo);
        lastSync = Instant.now();
        pulling = false;
        if (newestKnown > pulledUpTo.version()) pull();
        else settle();
    }

    private static String subject(Operation op) {
        return op instanceof EventOperation e ? e.eventId() : ((CalendarOperation) op).calendarId();
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    /** Pulls everything from the start and then drops what the server no longer has. */
    private void startOver() {
        metrics.resyncs.incrementAndGet();
        resyncSeen = new HashSet<>();
        pulledUpTo = SyncToken.start(pulledUpTo.storeId());
        pull();
    }

    private void flush() {
        if (!welcomed || !inFlight.isEmpty()) return;
        List<Operation> batch = replica.nextBatch(SyncLimits.MAX_OPERATIONS_PER_PUSH);
        if (batch.isEmpty()) {
            settle();
            return;
        }
        inFlight = batch;
        setState(SyncState.SYNCING, "sending " + replica.pendingOperations() + " edits");
        for (int i = 0; i < pushCopies; i++) send(new PushOperations(batch));
    }

    private void resultsArrived(OperationResults results) {
        Map<Long, Operation> expected = new java.util.HashMap<>();
        for (Operation op : inFlight) expected.put(op.opSeq(), op);
        // In step only when every page so far was applied: not while catching up after a gap or starting over.
        boolean inStep = results.upTo() > 0 && !pulling && resyncSeen == null
                && results.results().stream().allMatch(r -> r instanceof Applied);
        if (log.isDebugEnabled()) {
            log.debug("{} results upTo {} at {} inStep {}: {} for {}", replica.clientId(), results.upTo(), pulledUpTo.version(), inStep,
                    results.results(), inFlight.stream().map(o -> o.getClass().getSimpleName() + " " + shortId(subject(o)) + " #" + o.opSeq()).toList());
        }
        boolean calendarRefused = false;
        for (OperationResult result : results.results()) {
            Operation op = expected.remove(result.opSeq());
            if (op == null) continue; // the answer to a duplicated push
            if (op instanceof CalendarOperation && !(result instanceof Applied)) {
                log.info("The server refused a calendar edit ({}): {}", op.getClass().getSimpleName(), result);
                calendarRefused = true;
            }
            calendar.announce(replica.applyResult(result, inStep));
            for (var listener : resultListeners) listener.accept(op, result);
            Long made = madeAtNanos.remove(result.opSeq());
            if (result instanceof Applied applied) {
                // In step means holding the server's copy of one's own edit too: here at once, or by the page that follows.
                newestKnown = Math.max(newestKnown, applied.newVersion());
                metrics.operationsApplied.incrementAndGet();
                if (made != null) metrics.commit(System.nanoTime() - made);
            } else if (result instanceof Conflict) {
                metrics.conflicts.incrementAndGet();
            } else {
                metrics.rejections.incrementAndGet();
            }
        }
        if (calendarRefused) {
            // What was made of the calendar here is not what the server kept: take the server's again.
            calendar.calendarsChanged();
            startOver();
        }
        if (inStep && results.upTo() > pulledUpTo.version()) {
            pulledUpTo = new SyncToken(pulledUpTo.storeId(), results.upTo());
            replica.saveToken(pulledUpTo);
        }
        if (expected.isEmpty()) {
            inFlight = List.of();
            lastSync = Instant.now();
            flush();
        }
    }

    private void settle() {
        if (welcomed && !pulling && inFlight.isEmpty()) {
            int pending = replica.pendingOperations();
            setState(pending == 0 ? SyncState.ONLINE : SyncState.SYNCING, pending == 0 ? "in sync" : "sending " + pending + " edits");
        }
    }

    private void send(ClientMessage message) {
        Connection c = connection;
        if (c == null || !c.isOpen()) return;
        byte[] bytes = ClientSyncCodec.encode(message);
        try {
            c.send(bytes);
            metrics.up(bytes.length);
        } catch (org.java_websocket.exceptions.WebsocketNotConnectedException lost) {
            // onClose follows and handles it
        }
    }

    private void setState(SyncState next, String detail) {
        state = next;
        stateDetail = detail;
        changed();
    }

    private void changed() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("A rich engine listener failed", e);
            }
        }
    }

    private void cancelTimers() {
        if (reconnect != null) reconnect.cancel(false);
        if (pinger != null) pinger.cancel(false);
        if (pongDeadline != null) pongDeadline.cancel(false);
    }

    private interface SyncCall<T> {
        T call() throws Exception;
    }

    private <T> T callOnSync(SyncCall<T> call) throws ExecutionException {
        try {
            return sync.submit(call::call).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException(e);
        } catch (TimeoutException e) {
            throw new ExecutionException(e);
        }
    }

    private Boolean callOnSync(java.util.function.BooleanSupplier call) throws InterruptedException {
        try {
            return sync.submit(call::getAsBoolean).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private void runOnSync(Runnable work) {
        try {
            sync.submit(work).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("A sync task failed", e);
        }
    }

    @Override
    public void close() {
        wantOnline = false;
        runOnSync(() -> {
            cancelTimers();
            Connection c = connection;
            connection = null;
            if (c != null) c.close(SyncCloseCode.NORMAL, "client closed");
        });
        sync.shutdownNow();
        replica.close();
    }

    /** One WebSocket; a reconnect makes a new one. Everything it hears is handed to the sync thread. */
    private final class Connection extends WebSocketClient {
        Connection(URI uri) {
            super(uri);
            setConnectionLostTimeout(0); // pings are part of the protocol
            setSocketFactory(CountedSocket.factory(metrics.wireBytesUp, metrics.wireBytesDown));
            // Edits and pings are small messages that must go at once, not wait for the ACK of
            // the one before (Nagle's algorithm, the library's default).
            setTcpNoDelay(true);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            servedBy = handshake.hasFieldValue(NODE_HEADER) ? handshake.getFieldValue(NODE_HEADER) : "";
            sync.execute(() -> opened(this));
        }

        @Override
        public void onMessage(ByteBuffer bytes) {
            metrics.down(bytes.remaining());
            ServerMessage message;
            try {
                message = ClientSyncCodec.decode(bytes);
            } catch (SyncProtocolException e) {
                log.warn("The server sent a malformed message: {}", e.getMessage());
                close(e.closeCode(), e.getMessage());
                return;
            }
            sync.execute(() -> {
                try {
                    received(this, message);
                } catch (SyncProtocolException e) {
                    close(e.closeCode(), e.getMessage());
                } catch (RuntimeException e) {
                    log.warn("Handling a sync message failed", e);
                    close(1011, "client failure");
                }
            });
        }

        @Override
        public void onMessage(String message) {
            close(SyncCloseCode.PROTOCOL_ERROR, "text messages are not part of the protocol");
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            sync.execute(() -> closed(this, code, reason));
        }

        @Override
        public void onError(Exception e) {
            log.debug("Sync connection error", e);
        }
    }
}
