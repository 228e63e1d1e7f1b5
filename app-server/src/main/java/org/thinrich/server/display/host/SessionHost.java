package org.thinrich.server.display.host;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.server.ServerMetrics;
import org.thinrich.server.display.DisplayConversation;
import org.thinrich.server.display.DisplaySessions;
import org.thinrich.server.display.host.HostChannel.Frame;
import org.thinrich.server.store.CalendarStore;
import org.thinrich.server.store.ChangeFeed;
import org.thinrich.server.store.Database;

/**
 * A session host: a process of its own with its own JavaFX toolkit, renderer and encoders, where
 * thin sessions run. Its server starts it, authenticates the clients and relays their bytes over
 * the host's standard input and output; the host reads and writes calendar data in the server's
 * database directly. It exits as soon as its input ends: a host never outlives its server.
 */
public final class SessionHost {
    private static final Logger log = LoggerFactory.getLogger(SessionHost.class);
    /** The host's own temporary folder, removed as it exits. */
    public static final String SCRATCH_PROPERTY = "thinrich.host.scratch";

    private final HostChannel channel;
    private final DisplaySessions sessions;
    private final CalendarStore store;
    private final ServerMetrics metrics = new ServerMetrics();
    private final Map<Integer, Connection> connections = new ConcurrentHashMap<>();
    /** Catching up with other processes' changes queries the database: off the channel's thread. */
    private final ExecutorService changes = Executors.newSingleThreadExecutor(r -> daemon(r, "host-changes"));
    /** Screen maps wait for the JavaFX thread: off the channel's thread and apart from catching up. */
    private final ExecutorService screens = Executors.newSingleThreadExecutor(r -> daemon(r, "host-screens"));

    private SessionHost(HostChannel channel, HostSettings settings) {
        this.channel = channel;
        Database database = Database.connect(settings.database());
        store = new CalendarStore(database, Clock.systemUTC());
        store.onCommitted(owner -> channel.write(HostChannel.CHANGED, 0, HostChannel.payload(out -> out.writeUTF(owner))));
        // On a shared PostgreSQL the other servers of a cluster write too: hear them directly.
        if (database.kind() == Database.Kind.POSTGRESQL) ChangeFeed.start(database.server(), store);
        sessions = new DisplaySessions(store, settings.zone(), Clock.systemUTC(), settings.maxSessions(), settings.grace(),
                settings.weeksAhead());
        sessions.onEnded(id -> channel.write(HostChannel.ENDED, 0, HostChannel.payload(out -> out.writeUTF(id))));
        // Up before the first client: a kept-warm host opens a session without starting a toolkit
        // or loading the UI's classes.
        long started = System.nanoTime();
        sessions.warmUp(3);
        log.info("Session host warmed up in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    public static void main(String[] args) {
        // Standard output is the channel: everything else that prints goes to standard error.
        FileOutputStream channelOut = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        HostChannel channel = new HostChannel(new FileInputStream(FileDescriptor.in), channelOut);
        try {
            Frame start = channel.read();
            if (start == null || start.type() != HostChannel.START) exit("no START from the server");
            SessionHost host = new SessionHost(channel, HostSettings.fromPayload(start.payload()));
            channel.write(HostChannel.READY, 0, new byte[0]);
            host.serve();
        } catch (Throwable e) {
            log.error("Session host failed", e);
        }
        exit("its server's channel ended");
    }

    /**
     * Ends the process at once: the sessions' windows need no goodbye, and the server is gone or
     * done with us. Its temporary folder goes first, since halting runs no shutdown hook.
     */
    private static void exit(String why) {
        log.info("Session host exits: {}", why);
        String scratch = System.getProperty(SCRATCH_PROPERTY);
        if (scratch != null) deleteTree(java.nio.file.Path.of(scratch));
        Runtime.getRuntime().halt(0);
    }

    /** Deletes a folder and everything in it, as far as it can. */
    public static void deleteTree(java.nio.file.Path folder) {
        try (var paths = java.nio.file.Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | java.io.UncheckedIOException gone) {
            // nothing left to delete
        }
    }

    private void serve() throws IOException {
        for (Frame next; (next = channel.read()) != null; ) {
            Frame frame = next;
            switch (frame.type()) {
                case HostChannel.OPEN -> open(frame);
                case HostChannel.DATA -> {
                    Connection c = connections.get(frame.connection());
                    if (c != null) c.run(() -> c.conversation.receive(ByteBuffer.wrap(frame.payload())));
                }
                case HostChannel.DETACH -> {
                    Connection c = connections.remove(frame.connection());
                    if (c != null) c.run(() -> {
                        c.conversation.ended();
                        c.worker.shutdown();
                    });
                }
                case HostChannel.CHANGED -> {
                    String owner = HostChannel.reader(frame.payload()).readUTF();
                    changes.execute(() -> store.catchUp(owner));
                }
                case HostChannel.PING -> channel.write(HostChannel.PONG, 0, frame.payload());
                case HostChannel.SCREEN -> {
                    var in = HostChannel.reader(frame.payload());
                    String sessionId = in.readUTF();
                    String user = in.readUTF();
                    // Read on the JavaFX thread: off the channel's, which must keep answering pings.
                    screens.execute(() -> {
                        Optional<String> map = sessions.screenMap(sessionId, user);
                        channel.write(HostChannel.SCREEN_MAP, frame.connection(), HostChannel.payload(out -> {
                            out.writeBoolean(map.isPresent());
                            if (map.isPresent()) out.write(map.get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        }));
                    });
                }
                default -> log.warn("Unknown host channel frame {}", frame.type());
            }
        }
    }

    private void open(Frame frame) throws IOException {
        var in = HostChannel.reader(frame.payload());
        String user = in.readUTF();
        String zone = in.readUTF();
        byte[] hello = in.readAllBytes();
        int id = frame.connection();
        Connection c = new Connection(id);
        // The server checked the hello's token: this connection is that user's.
        c.conversation = new DisplayConversation(sessions, token -> Optional.of(user), metrics, c,
                zone.isEmpty() ? null : java.time.ZoneId.of(zone));
        connections.put(id, c);
        c.run(() -> {
            c.conversation.receive(ByteBuffer.wrap(hello));
            c.conversation.sessionId().ifPresent(session -> channel.write(HostChannel.SESSION, id,
                    HostChannel.payload(out -> out.writeUTF(session))));
        });
    }

    /**
     * One relayed client connection. Its messages are handled in order on a thread of its own, so
     * a session that keeps its JavaFX work busy holds up neither the channel nor other connections.
     */
    private final class Connection implements DisplayConversation.Carrier {
        final int id;
        final ExecutorService worker;
        DisplayConversation conversation;

        Connection(int id) {
            this.id = id;
            worker = Executors.newSingleThreadExecutor(r -> daemon(r, "host-connection-" + id));
        }

        void run(Runnable work) {
            try {
                worker.execute(() -> {
                    try {
                        work.run();
                    } catch (RuntimeException e) {
                        log.warn("A display connection failed", e);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // the client left
            }
        }

        @Override
        public void send(byte[] message) {
            channel.write(HostChannel.DATA, id, message);
        }

        @Override
        public void close(int code, String reason) {
            channel.write(HostChannel.CLOSE, id, HostChannel.payload(out -> {
                out.writeShort(code);
                out.writeUTF(reason);
            }));
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
