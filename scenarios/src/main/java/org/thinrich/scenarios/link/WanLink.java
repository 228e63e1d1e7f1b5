package org.thinrich.scenarios.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An emulated WAN link in the process: a TCP relay on a loopback port in front of a server. Each
 * direction of each connection delays the stream as the profile says: serialization at the
 * bandwidth (with a bounded queue, so a fast sender is held back as by a real bottleneck), the
 * one-way delay, jitter that never reorders, and for a lost segment the stall of a TCP
 * retransmission. The profile can change while connections are open; {@link #cut} takes the link
 * down for a while (open connections are reset, new ones refused), as an outage does.
 *
 * <p>It counts the TCP stream each way (bytes and segments), which the recorder reports beside
 * the WebSocket payload the clients count.
 */
public final class WanLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WanLink.class);
    /** The most read at once; it is then cut into segments that each take about a millisecond on the wire. */
    private static final int CHUNK = 64 * 1024;
    private static final int MSS = 1448;
    private static final long SPIN_NANOS = 200_000;

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final Random random;
    private final Set<Relay> relays = ConcurrentHashMap.newKeySet();
    private volatile LinkProfile profile;
    private volatile PacketCapture capture;
    private volatile long downUntilNanos = Long.MIN_VALUE;
    private volatile boolean closed;
    final AtomicLong bytesUp = new AtomicLong();
    final AtomicLong bytesDown = new AtomicLong();
    final AtomicLong segmentsUp = new AtomicLong();
    final AtomicLong segmentsDown = new AtomicLong();
    final AtomicLong connections = new AtomicLong();
    final AtomicLong stalls = new AtomicLong();

    /** This process's own relaying time each way (threads and loopback), measured once and taken off the delay. */
    private static volatile long relayNanosEachWay = -1;
    private final boolean compensate;

    private WanLink(InetSocketAddress target, LinkProfile profile, long seed, boolean compensate) throws IOException {
        this(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), target, profile, seed, compensate);
    }

    private WanLink(InetSocketAddress listen, InetSocketAddress target, LinkProfile profile, long seed, boolean compensate) throws IOException {
        this.compensate = compensate;
        this.target = target;
        this.profile = profile;
        this.random = new Random(seed);
        this.listener = new ServerSocket();
        listener.bind(listen, 50);
        this.acceptor = new Thread(this::accept, "wan-link-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A link on a free loopback port in front of {@code target}; {@code seed} makes jitter and loss repeatable. */
    public static WanLink start(InetSocketAddress target, LinkProfile profile, long seed) {
        try {
            relayNanosEachWay();
            return new WanLink(target, profile, seed, true);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open a loopback port for the link emulator: " + e.getMessage(), e);
        }
    }

    /**
     * A link listening on {@code listen} (a chosen address and port, as {@code workbench link serve}
     * opens one in front of a server for the desktop clients).
     */
    public static WanLink listen(InetSocketAddress listen, InetSocketAddress target, LinkProfile profile, long seed) throws IOException {
        relayNanosEachWay();
        return new WanLink(listen, target, profile, seed, true);
    }

    /**
     * What relaying itself adds each way, so that the RTT seen through a link is the profile's: the
     * median of pings through a relay with no delay, halved. Measured once per process.
     */
    static synchronized long relayNanosEachWay() {
        if (relayNanosEachWay >= 0) return relayNanosEachWay;
        LinkProfile none = new LinkProfile("none", 0, 10_000_000_000L, 10_000_000_000L, 0, 0, "calibration");
        long result = 0;
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                WanLink link = new WanLink((InetSocketAddress) echo.getLocalSocketAddress(), none, 0, false)) {
            Thread server = new Thread(() -> {
                try (Socket c = echo.accept()) {
                    c.setTcpNoDelay(true);
                    for (int b; (b = c.getInputStream().read()) >= 0; ) c.getOutputStream().write(b);
                } catch (IOException ignored) {
                    // calibration over
                }
            }, "wan-link-calibration");
            server.setDaemon(true);
            server.start();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), link.port())) {
                s.setTcpNoDelay(true);
                long[] rtts = new long[31];
                for (int i = 0; i < rtts.length; i++) {
                    long t0 = System.nanoTime();
                    s.getOutputStream().write(1);
                    if (s.getInputStream().read() < 0) throw new IOException("closed");
                    rtts[i] = System.nanoTime() - t0;
                }
                java.util.Arrays.sort(rtts);
                // The plain loopback round trip stays in: only what the relay adds is taken off, at most 0.5 ms.
                result = Math.min(500_000, Math.max(0, rtts[rtts.length / 2] / 2 - 20_000));
            }
        } catch (IOException e) {
            log.warn("Could not measure the link emulator's own latency; delays are not corrected: {}", e.getMessage());
        }
        relayNanosEachWay = result;
        return result;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The server's address as seen through this link. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public LinkProfile profile() {
        return profile;
    }

    /** Applies to every byte from now on, on open connections too. */
    public void setProfile(LinkProfile next) {
        profile = next;
    }

    /** Takes the link down for {@code length}: open connections are reset, new ones refused until it is back. */
    public void cut(Duration length) {
        downUntilNanos = System.nanoTime() + length.toNanos();
        for (Relay relay : relays) relay.close();
    }

    /** Writes what crosses the link from now on into {@code file} (pcapng; new connections only); null stops. */
    public void capture(PacketCapture file) {
        capture = file;
    }

    /** Ends an outage now; connections are accepted again. */
    public void restore() {
        downUntilNanos = Long.MIN_VALUE;
    }

    /** The address the link listens on. */
    public InetSocketAddress listenAddress() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    public InetSocketAddress target() {
        return target;
    }

    public boolean isDown() {
        return System.nanoTime() < downUntilNanos;
    }

    /** TCP stream bytes relayed client to server and server to client, and segments each way. */
    public LinkCounters counters() {
        return new LinkCounters(bytesUp.get(), bytesDown.get(), segmentsUp.get(), segmentsDown.get(), connections.get(), stalls.get());
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) log.warn("The link emulator stopped accepting: {}", e.getMessage());
                return;
            }
            if (isDown()) {
                closeQuietly(client); // the outage: nothing gets through
                continue;
            }
            Thread opener = new Thread(() -> open(client), "wan-link-open");
            opener.setDaemon(true);
            opener.start();
        }
    }

    private void open(Socket client) {
        Socket server = new Socket();
        try {
            server.connect(target, 10_000);
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        connections.incrementAndGet();
        PacketCapture file = capture;
        Relay relay = new Relay(client, server, file == null ? null
                : file.open((InetSocketAddress) client.getRemoteSocketAddress(), target));
        relays.add(relay);
        relay.start();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        for (Relay relay : relays) relay.close();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is all we wanted
        }
    }

    /** One client connection: two directions, each a reader that times segments and a writer that delivers them. */
    private final class Relay {
        final Socket client;
        final Socket server;
        final Direction up;
        final Direction down;
        /** This connection in the link's capture, or null. */
        final PacketCapture.Connection captured;

        Relay(Socket client, Socket server, PacketCapture.Connection captured) {
            this.client = client;
            this.server = server;
            this.captured = captured;
            this.up = new Direction(this, client, server, true);
            this.down = new Direction(this, server, client, false);
        }

        void start() {
            up.start();
            down.start();
        }

        void close() {
            closeQuietly(client);
            closeQuietly(server);
            up.wake();
            down.wake();
            relays.remove(this);
            if (captured != null) captured.close();
        }
    }

    private record Segment(byte[] data, int length, long deliverAtNanos, int segments) {
    }

    /** One direction of one connection. */
    private final class Direction {
        final Relay relay;
        final Socket from;
        final Socket to;
        final boolean up;
        final ArrayDeque<Segment> queue = new ArrayDeque<>();
        final ReentrantLock lock = new ReentrantLock();
        final Condition changed = lock.newCondition();
        long queuedBytes;
        boolean ended;
        long serializedUntil = Long.MIN_VALUE;
        long lastDeliverAt = Long.MIN_VALUE;

        Direction(Relay relay, Socket from, Socket to, boolean up) {
            this.relay = relay;
            this.from = from;
            this.to = to;
            this.up = up;
        }

        void start() {
            String name = up ? "up" : "down";
            Thread reader = new Thread(this::read, "wan-" + name + "-read");
            Thread writer = new Thread(this::write, "wan-" + name + "-write");
            reader.setDaemon(true);
            writer.setDaemon(true);
            reader.start();
            writer.start();
        }

        /** A bottleneck queue of the bandwidth-delay product plus 256 kB: beyond it the sender waits. */
        long limit(LinkProfile p) {
            long bps = up ? p.upBitsPerSecond() : p.downBitsPerSecond();
            return (long) (bps / 8.0 * p.rttMillis() / 1000.0) + 256 * 1024;
        }

        void read() {
            try (InputStream in = from.getInputStream()) {
                byte[] buffer = new byte[CHUNK];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    // A slow link delivers a large message packet by packet; a fast one in bursts (as GSO does).
                    LinkProfile p = profile;
                    int segment = (int) Math.max(MSS, Math.min(CHUNK, (up ? p.upBitsPerSecond() : p.downBitsPerSecond()) / 8 / 1000));
                    for (int at = 0; at < n; at += segment) {
                        int length = Math.min(segment, n - at);
                        enqueue(java.util.Arrays.copyOfRange(buffer, at, at + length), length);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the connection closed or was reset
            }
            lock.lock();
            try {
                ended = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** When this burst leaves the far end: after the ones before it, serialized, delayed, perhaps stalled. */
        void enqueue(byte[] data, int length) throws InterruptedException {
            LinkProfile p = profile;
            long now = System.nanoTime();
            long bps = up ? p.upBitsPerSecond() : p.downBitsPerSecond();
            int segments = (length + MSS - 1) / MSS;
            long start = Math.max(now, serializedUntil);
            serializedUntil = start + (long) (length * 8e9 / bps);
            long deliverAt = serializedUntil + Math.max(0, p.oneWayDelayNanos() - (compensate ? relayNanosEachWay : 0));
            synchronized (random) {
                if (p.jitterMillis() > 0) deliverAt += (long) (random.nextDouble() * p.jitterMillis() * 1e6);
                if (p.lossPercent() > 0 && random.nextDouble() < 1 - Math.pow(1 - p.lossPercent() / 100, segments)) {
                    deliverAt += p.retransmissionStall().toNanos();
                    stalls.incrementAndGet();
                }
            }
            deliverAt = Math.max(deliverAt, lastDeliverAt); // a TCP stream is never reordered
            lastDeliverAt = deliverAt;
            lock.lock();
            try {
                while (queuedBytes > limit(p) && !ended) changed.await();
                queue.addLast(new Segment(data, length, deliverAt, segments));
                queuedBytes += length;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void write() {
            byte[] batch = new byte[4 * CHUNK];
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Segment next;
                    lock.lock();
                    try {
                        while (queue.isEmpty() && !ended && !to.isClosed()) changed.await();
                        if (queue.isEmpty() || to.isClosed()) break;
                        next = queue.peekFirst();
                    } finally {
                        lock.unlock();
                    }
                    awaitDue(next.deliverAtNanos());
                    // Everything due by now goes out in one write: a writer that woke late catches up at once.
                    int length = 0;
                    int segments = 0;
                    lock.lock();
                    try {
                        long now = System.nanoTime();
                        for (Segment s; (s = queue.peekFirst()) != null && s.deliverAtNanos() <= now && length + s.length() <= batch.length; ) {
                            System.arraycopy(s.data(), 0, batch, length, s.length());
                            length += s.length();
                            segments += s.segments();
                            queue.pollFirst();
                            queuedBytes -= s.length();
                        }
                        changed.signalAll();
                    } finally {
                        lock.unlock();
                    }
                    if (length == 0) continue;
                    // Into the capture first: once written, the far end may answer, and its answer must come after.
                    if (relay.captured != null) relay.captured.data(up, batch, 0, length);
                    out.write(batch, 0, length);
                    out.flush();
                    (up ? bytesUp : bytesDown).addAndGet(length);
                    (up ? segmentsUp : segmentsDown).addAndGet(segments);
                }
                to.shutdownOutput(); // the sender closed its side: pass the end of stream on, after the data
                if (relay.captured != null) relay.captured.fin(up);
            } catch (IOException | InterruptedException e) {
                relay.close();
            }
        }

        /** Sleeps until shortly before {@code due}, then spins: a parked thread wakes up to a few hundred microseconds late. */
        void awaitDue(long due) {
            for (long wait; (wait = due - System.nanoTime()) > SPIN_NANOS && !to.isClosed(); ) LockSupport.parkNanos(wait - SPIN_NANOS);
            while (System.nanoTime() < due && !to.isClosed()) Thread.onSpinWait();
        }

        void wake() {
            lock.lock();
            try {
                ended = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
