package org.thinrich.server.display.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.display.protocol.CloseCode;
import org.thinrich.server.display.host.HostChannel;
import org.thinrich.server.display.host.HostSettings;
import org.thinrich.server.store.CalendarStore;

/**
 * The dispatcher's side of thin sessions run in session hosts: which host a new session goes to,
 * which host a resume goes back to, hosts started on demand with one kept warm, hosts watched
 * (a crashed or silent host is noticed within {@link #SILENT_LIMIT_NANOS} and only its own clients
 * are told), and changes to a user's data passed between the server and its hosts.
 */
public final class SessionHosts implements AutoCloseable, HostProcess.Events {
    private static final Logger log = LoggerFactory.getLogger(SessionHosts.class);
    static final long PING_MILLIS = 500;
    static final long SILENT_LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(2000);

    private final HostingMode mode;
    private final HostSettings settings;
    private final CalendarStore store;
    private final int maxSessions;
    private final List<String> jvmOptions;
    private final List<HostProcess> hosts = new CopyOnWriteArrayList<>();
    /** Where each session runs, for resumes. */
    private final Map<String, HostProcess> sessionHost = new ConcurrentHashMap<>();
    private final AtomicInteger hostNumbers = new AtomicInteger();
    private final AtomicInteger connectionNumbers = new AtomicInteger();
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "session-host-watch");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    public SessionHosts(HostingMode mode, HostSettings settings, CalendarStore store, int maxSessions, List<String> jvmOptions) {
        if (!mode.hosted()) throw new IllegalArgumentException("In-process sessions need no hosts");
        this.mode = mode;
        this.settings = settings;
        this.store = store;
        this.maxSessions = maxSessions;
        this.jvmOptions = List.copyOf(jvmOptions);
        watch.scheduleAtFixedRate(this::watchHosts, PING_MILLIS, PING_MILLIS, TimeUnit.MILLISECONDS);
        synchronized (this) {
            keepOneWarm();
        }
    }

    public HostingMode mode() {
        return mode;
    }

    /** A change this server's process committed: hosts showing that user catch up. */
    public void changedHere(String owner) {
        byte[] payload = HostChannel.payload(out -> out.writeUTF(owner));
        for (HostProcess host : hosts) host.send(HostChannel.CHANGED, 0, payload);
    }

    /**
     * Relays a new client connection of {@code user}, whose hello is {@code hello}: to the host of
     * session {@code resumeId} if it still runs, else to a host with room. Returns the route, whose
     * {@code opened} completes once the host has the hello; empty when no host has room (the link
     * was told why).
     */
    Optional<Route> connect(String user, byte[] hello, String resumeId, ClientLink link) {
        return connect(user, hello, resumeId, link, null);
    }

    /** As above, for a client that asked its session to show {@code zone} (null: the server's). */
    Optional<Route> connect(String user, byte[] hello, String resumeId, ClientLink link, java.time.ZoneId zone) {
        synchronized (this) {
            if (closed) {
                link.closeClient(CloseCode.SERVER_SHUTTING_DOWN, "The server is shutting down; try again in a moment.");
                return Optional.empty();
            }
            HostProcess kept = resumeId.isEmpty() ? null : sessionHost.get(resumeId);
            Optional<HostProcess> host = kept != null && kept.alive() ? Optional.of(kept) : hostWithRoom(user);
            if (host.isEmpty()) {
                link.closeClient(CloseCode.SESSION_LIMIT, "The server has no room for another session; try later.");
                return Optional.empty();
            }
            HostProcess chosen = host.get();
            chosen.opening.incrementAndGet();
            int number = connectionNumbers.incrementAndGet();
            chosen.links.put(number, link);
            chosen.connectionUsers.put(number, user);
            byte[] open = HostChannel.payload(out -> {
                out.writeUTF(user);
                out.writeUTF(zone == null ? "" : zone.getId());
                out.write(hello);
            });
            // Waits for a host still starting; the relay queues what the client sends meanwhile behind this.
            CompletableFuture<Void> opened = chosen.ready.thenAccept(h -> h.send(HostChannel.OPEN, number, open));
            keepOneWarm();
            return Optional.of(new Route(chosen, number, opened));
        }
    }

    /** A relayed connection: its host, its number on the host's channel, and when the host has its hello. */
    record Route(HostProcess host, int connection, CompletableFuture<Void> opened) {
    }

    /**
     * The host a new session of {@code user} goes to, started if need be; empty when the server is
     * full. See {@link #place}.
     */
    private Optional<HostProcess> hostWithRoom(String user) {
        int sessions = hosts.stream().mapToInt(HostProcess::load).sum();
        if (sessions >= maxSessions) return Optional.empty();
        Optional<HostProcess> withRoom = place(hosts.stream().filter(HostProcess::alive)
                .map(h -> new Slot<>(h, h.ready.isDone(), h.load(), h.serves(user))).toList(), mode.sessionsPerHost());
        if (withRoom.isPresent()) return withRoom;
        if (hosts.size() >= mode.maxHosts()) return Optional.empty();
        return Optional.ofNullable(startHost());
    }

    /** What placement sees of a host: whether it is ready, its sessions, and whether it already runs one of the user's. */
    record Slot<H>(H host, boolean ready, int load, boolean servesUser) {
    }

    /**
     * Among the hosts with room: one that already runs a session of the same user, so that a user
     * who opens many sessions, or retries one that is slow to build, loads only their own host and
     * not everyone's; else a ready host before one still starting, and the least busy, so that
     * sessions spread over the hosts' JavaFX threads and so over the cores.
     */
    static <H> Optional<H> place(List<Slot<H>> slots, int perHost) {
        return slots.stream().filter(s -> s.load() < perHost)
                .min(java.util.Comparator.comparing((Slot<H> s) -> !s.servesUser()).thenComparing(s -> !s.ready())
                        .thenComparingInt(Slot::load))
                .map(Slot::host);
    }

    /**
     * Keeps an idle host started ahead while there may be more hosts, so that a new session neither
     * waits for a JVM to start nor shares a JavaFX thread while a core could give it one of its own.
     */
    private void keepOneWarm() {
        if (closed) return;
        boolean idle = hosts.stream().anyMatch(h -> h.alive() && h.load() == 0);
        int sessions = hosts.stream().mapToInt(HostProcess::load).sum();
        if (!idle && hosts.size() < mode.maxHosts() && sessions < maxSessions) startHost();
    }

    private HostProcess startHost() {
        try {
            HostProcess host = HostProcess.start(hostNumbers.incrementAndGet(), settings, jvmOptions, this);
            hosts.add(host);
            log.info("Session host {} started (process {}) for {} thin sessions", host.number, host.pid(), mode);
            return host;
        } catch (java.io.IOException e) {
            log.error("Could not start a session host", e);
            return null;
        }
    }

    @Override
    public void session(HostProcess host, int connection, String sessionId) {
        ClientLink link = host.links.get(connection);
        if (link != null && link.sessionId() == null) {
            link.sessionId(sessionId);
            host.opening.decrementAndGet();
        }
        host.sessions.add(sessionId);
        String user = host.connectionUsers.remove(connection);
        if (user != null) host.sessionUsers.put(sessionId, user);
        sessionHost.put(sessionId, host);
    }

    @Override
    public void ended(HostProcess host, String sessionId) {
        host.sessions.remove(sessionId);
        host.sessionUsers.remove(sessionId);
        sessionHost.remove(sessionId, host);
        // A host of one session is done with it; a fresh one is kept warm instead.
        if (mode.kind() == HostingMode.Kind.PROCESS_PER_SESSION && host.load() == 0) {
            hosts.remove(host);
            host.stop();
        }
    }

    @Override
    public void changed(HostProcess origin, String owner) {
        store.catchUp(owner);
        byte[] payload = HostChannel.payload(out -> out.writeUTF(owner));
        for (HostProcess host : hosts) if (host != origin) host.send(HostChannel.CHANGED, 0, payload);
    }

    @Override
    public void lost(HostProcess host, String why) {
        boolean expected;
        synchronized (this) {
            expected = closed || !hosts.remove(host);
            host.sessions.forEach(id -> sessionHost.remove(id, host));
            keepOneWarm();
        }
        if (expected) return;
        log.warn("Session host {} (process {}) stopped: {}; its {} connection(s) are told", host.number, host.pid(), why, host.links.size());
        host.links.values().forEach(link -> link.closeClient(CloseCode.SESSION_LOST,
                "Your session stopped on the server (its process failed); reconnect to start a new one."));
        host.links.clear();
    }

    /** Pings every host; one silent for longer than the limit is killed and its clients told. */
    private void watchHosts() {
        long now = System.nanoTime();
        byte[] ping = new byte[8];
        for (HostProcess host : hosts) {
            if (!host.ready.isDone()) continue; // starting: its JVM has not read its channel yet
            if (now - host.lastAnswerNanos > SILENT_LIMIT_NANOS) {
                host.lose("it did not answer for " + TimeUnit.NANOSECONDS.toMillis(now - host.lastAnswerNanos) + " ms");
            } else {
                host.send(HostChannel.PING, 0, ping);
            }
        }
    }

    /** A client's message for its session. */
    void fromClient(HostProcess host, int connection, byte[] message) {
        host.send(HostChannel.DATA, connection, message);
    }

    /** The client's socket closed: the session waits for a resume on its host. */
    void detach(HostProcess host, int connection) {
        ClientLink link = host.links.remove(connection);
        if (link != null && link.sessionId() == null) host.opening.decrementAndGet();
        host.send(HostChannel.DETACH, connection, new byte[0]);
    }

    /** The ids of a user's sessions in every host, in no order. */
    public List<String> sessionIdsOf(String user) {
        List<String> ids = new ArrayList<>();
        for (HostProcess host : hosts) host.sessionUsers.forEach((id, owner) -> {
            if (owner.equals(user)) ids.add(id);
        });
        return ids;
    }

    /** Hosts running now, for tests and the capacity report: their process ids. */
    public List<Long> hostPids() {
        List<Long> pids = new ArrayList<>();
        for (HostProcess host : hosts) if (host.alive()) pids.add(host.pid());
        return pids;
    }

    private final Map<Integer, CompletableFuture<Optional<String>>> screenRequests = new ConcurrentHashMap<>();

    /**
     * Where the controls of {@code user}'s session {@code sessionId} are, as JSON, asked of the
     * session's host; empty if the user has no such session, or the host does not answer in 5 s.
     */
    public Optional<String> screenMap(String sessionId, String user) {
        HostProcess host = sessionHost.get(sessionId);
        if (host == null || !host.alive()) return Optional.empty();
        int request = connectionNumbers.incrementAndGet();
        CompletableFuture<Optional<String>> answer = new CompletableFuture<>();
        screenRequests.put(request, answer);
        try {
            host.send(HostChannel.SCREEN, request, HostChannel.payload(out -> {
                out.writeUTF(sessionId);
                out.writeUTF(user);
            }));
            return answer.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            screenRequests.remove(request);
        }
    }

    @Override
    public void screenMap(int request, Optional<String> json) {
        CompletableFuture<Optional<String>> answer = screenRequests.get(request);
        if (answer != null) answer.complete(json);
    }

    /** The process id of the host running session {@code sessionId}, if one does. */
    public java.util.OptionalLong hostPidOf(String sessionId) {
        HostProcess host = sessionHost.get(sessionId);
        return host == null || !host.alive() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(host.pid());
    }

    /** Sessions running in hosts now. */
    public int sessionCount() {
        return sessionHost.size();
    }

    /** Each host's input ends and it exits by itself; one that has not within a second is killed. */
    @Override
    public void close() {
        List<HostProcess> all;
        synchronized (this) {
            closed = true;
            all = List.copyOf(hosts);
        }
        watch.shutdownNow();
        all.forEach(HostProcess::stop);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (HostProcess host : all) host.awaitExit(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}
