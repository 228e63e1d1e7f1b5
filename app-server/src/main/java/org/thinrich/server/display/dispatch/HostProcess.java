package org.thinrich.server.display.dispatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.server.ServerProcess;
import org.thinrich.server.display.host.HostChannel;
import org.thinrich.server.display.host.HostChannel.Frame;
import org.thinrich.server.display.host.HostSettings;
import org.thinrich.server.display.host.SessionHost;

/** The server's handle on one session host process: its channel, its connections and sessions, its health. */
final class HostProcess {
    private static final Logger log = LoggerFactory.getLogger(HostProcess.class);

    /** What the dispatcher hears from a host. */
    interface Events {
        void session(HostProcess host, int connection, String sessionId);

        void ended(HostProcess host, String sessionId);

        void changed(HostProcess host, String owner);

        void lost(HostProcess host, String why);

        void screenMap(int request, java.util.Optional<String> json);
    }

    final int number;
    private final Process process;
    private final HostChannel channel;
    private final Events events;
    final CompletableFuture<HostProcess> ready = new CompletableFuture<>();
    /** Client connections relayed to this host, by connection number. */
    final Map<Integer, ClientLink> links = new ConcurrentHashMap<>();
    /** Sessions running here. */
    final Set<String> sessions = ConcurrentHashMap.newKeySet();
    /** Connections sent here whose session is not known yet: they take room as sessions do. */
    final AtomicInteger opening = new AtomicInteger();
    /**
     * Whose sessions this host runs or is opening, by session id and by connection number (kept
     * after a client gives up on a session still being built: the host goes on building it).
     */
    final Map<String, String> sessionUsers = new ConcurrentHashMap<>();
    final Map<Integer, String> connectionUsers = new ConcurrentHashMap<>();
    volatile long lastAnswerNanos = System.nanoTime();
    private volatile boolean gone;

    private HostProcess(int number, Process process, Events events) {
        this.number = number;
        this.process = process;
        this.events = events;
        this.channel = new HostChannel(process.getInputStream(), process.getOutputStream());
    }

    /** Starts a host JVM on this JVM's class path; {@link #ready} completes once its toolkit and database are up. */
    static HostProcess start(int number, HostSettings settings, List<String> jvmOptions, Events events) throws IOException {
        // A temporary folder of the host's own: JavaFX writes the fonts it loads there, and the
        // folder goes with the host however it ends (the host removes it; the server too).
        Path scratch = java.nio.file.Files.createTempDirectory("session-host-");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Djava.io.tmpdir=" + scratch);
        command.add("-D" + SessionHost.SCRATCH_PROPERTY + "=" + scratch);
        command.addAll(List.of("-cp", ServerProcess.classPath(), SessionHost.class.getName()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        HostProcess host = new HostProcess(number, process, events);
        host.channel.write(HostChannel.START, 0, settings.toPayload());
        Thread reader = new Thread(host::readFrames, "session-host-" + number);
        reader.setDaemon(true);
        reader.start();
        process.onExit().thenRun(() -> {
            SessionHost.deleteTree(scratch);
            host.lose("its process exited with status " + process.exitValue());
        });
        return host;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return !gone;
    }

    /** Whether this host runs, or is opening, a session of {@code user}. */
    boolean serves(String user) {
        return sessionUsers.containsValue(user) || connectionUsers.containsValue(user);
    }

    /** Sessions and connections on their way: what counts against the host's room. */
    int load() {
        return sessions.size() + opening.get();
    }

    void send(int type, int connection, byte[] payload) {
        if (gone) return;
        try {
            channel.write(type, connection, payload);
        } catch (UncheckedIOException e) {
            lose("its channel broke: " + e.getCause().getMessage());
        }
    }

    private void readFrames() {
        try {
            for (Frame frame; (frame = channel.read()) != null; ) {
                lastAnswerNanos = System.nanoTime();
                ClientLink link = links.get(frame.connection());
                switch (frame.type()) {
                    case HostChannel.READY -> ready.complete(this);
                    case HostChannel.PONG -> { }
                    case HostChannel.DATA -> {
                        if (link != null) link.toClient(frame.payload());
                    }
                    case HostChannel.CLOSE -> {
                        var in = HostChannel.reader(frame.payload());
                        int code = in.readUnsignedShort();
                        String reason = in.readUTF();
                        if (links.remove(frame.connection()) != null && link.sessionId() == null) opening.decrementAndGet();
                        connectionUsers.remove(frame.connection());
                        if (link != null) link.closeClient(code, reason);
                    }
                    case HostChannel.SCREEN_MAP -> {
                        var in = HostChannel.reader(frame.payload());
                        events.screenMap(frame.connection(), in.readBoolean()
                                ? java.util.Optional.of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                                : java.util.Optional.empty());
                    }
                    case HostChannel.SESSION -> events.session(this, frame.connection(), HostChannel.reader(frame.payload()).readUTF());
                    case HostChannel.ENDED -> events.ended(this, HostChannel.reader(frame.payload()).readUTF());
                    case HostChannel.CHANGED -> events.changed(this, HostChannel.reader(frame.payload()).readUTF());
                    default -> log.warn("Session host {} sent an unknown frame {}", number, frame.type());
                }
            }
            lose("its channel ended");
        } catch (IOException | RuntimeException e) {
            lose("its channel broke: " + e.getMessage());
        }
    }

    /** Marks the host gone once, and tells the dispatcher; the process is killed if it still runs. */
    void lose(String why) {
        synchronized (this) {
            if (gone) return;
            gone = true;
        }
        ready.completeExceptionally(new IllegalStateException("Session host " + number + " stopped: " + why));
        process.destroyForcibly();
        events.lost(this, why);
    }

    /** Ends the host politely: its input ends, and it exits at once by itself. */
    void stop() {
        synchronized (this) {
            if (gone) return;
            gone = true;
        }
        channel.close();
    }

    /** Waits for the process to exit, then kills it. */
    void awaitExit(long millis) {
        try {
            if (!process.waitFor(Math.max(1, millis), java.util.concurrent.TimeUnit.MILLISECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
