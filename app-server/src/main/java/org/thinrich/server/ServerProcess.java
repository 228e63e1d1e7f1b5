package org.thinrich.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server as users run it: its own JVM on this JVM's class path, started by its command line,
 * killable with SIGKILL. The desktop demo runs its server so (its thin sessions need a JavaFX
 * platform of their own), and so do the tests that kill it.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    private static final Pattern VNC = Pattern.compile("VNC viewers connect to 127\\.0\\.0\\.1:(\\d+)");
    private final Process process;
    private int vncPort = -1;
    private final URI uri;
    private final List<String> output = new ArrayList<>();

    private ServerProcess(Process process, URI uri) {
        this.process = process;
        this.uri = uri;
    }

    public static ServerProcess start(Path dataDirectory, String... extraArguments) throws Exception {
        return startOnPort(dataDirectory, 0, extraArguments);
    }

    /**
     * Starts a server whose store is on {@code database} (a PostgreSQL server; null: the embedded
     * file in {@code dataDirectory}), credentials passed in its environment as a user would.
     */
    public static ServerProcess start(Path dataDirectory, org.thinrich.server.store.Database.Address database, int port,
            String... extraArguments) throws Exception {
        return startWithHeap(dataDirectory, database, port, "256m", extraArguments);
    }

    /** As {@link #start(Path, org.thinrich.server.store.Database.Address, int, String...)} with a heap of {@code heap}. */
    public static ServerProcess startWithHeap(Path dataDirectory, org.thinrich.server.store.Database.Address database, int port, String heap,
            String... extraArguments) throws Exception {
        if (database == null) return start(dataDirectory, port, heap, extraArguments);
        List<String> arguments = new ArrayList<>(List.of("--database-url", database.url()));
        arguments.addAll(List.of(extraArguments));
        return start(dataDirectory, port, heap, java.util.Map.of("THINRICH_DATABASE_USER", database.user(),
                "THINRICH_DATABASE_PASSWORD", database.password()), arguments.toArray(String[]::new));
    }

    /** Starts with a heap of {@code heap} (e.g. "1g": thin sessions in the server's own process need about 70 MB each). */
    public static ServerProcess startWithHeap(Path dataDirectory, String heap, String... extraArguments) throws Exception {
        return start(dataDirectory, 0, heap, extraArguments);
    }

    /** Starts on {@code port} (0: any free one), e.g. again on the port a killed server had. */
    public static ServerProcess startOnPort(Path dataDirectory, int port, String... extraArguments) throws Exception {
        return start(dataDirectory, port, "256m", extraArguments);
    }

    /**
     * The class path of this JVM's program, for another JVM of the project (a server, a session
     * host): under surefire the tests', under exec:java (Maven's JVM, whose class path is Maven's)
     * the project class loader's.
     */
    public static String classPath() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        if (Thread.currentThread().getContextClassLoader() instanceof java.net.URLClassLoader loader && !classPath.contains("app-server")) {
            StringBuilder urls = new StringBuilder();
            for (java.net.URL url : loader.getURLs()) {
                if (urls.length() > 0) urls.append(java.io.File.pathSeparator);
                urls.append(Path.of(java.net.URI.create(url.toString())));
            }
            classPath = urls.toString();
        }
        return classPath;
    }

    private static ServerProcess start(Path dataDirectory, int port, String heap, String... extraArguments) throws Exception {
        return start(dataDirectory, port, heap, java.util.Map.of(), extraArguments);
    }

    private static ServerProcess start(Path dataDirectory, int port, String heap, java.util.Map<String, String> environment,
            String... extraArguments) throws Exception {
        String classPath = classPath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-Djava.io.tmpdir=" + scratchOf(dataDirectory), "-cp", classPath, AppServerCommand.class.getName(),
                "--port", Integer.toString(port), "--data-dir", dataDirectory.toString()));
        command.addAll(List.of(extraArguments));
        // A server started so ends with this program, even when it is killed and runs no hook.
        command.addAll(List.of("--exit-with", Long.toString(ProcessHandle.current().pid())));
        // Several servers may run on one machine (a cluster, tests): each takes a free VNC port.
        if (!command.contains("--vnc-port")) command.addAll(List.of("--vnc-port", "0"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<URI> listening = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicInteger vnc = new java.util.concurrent.atomic.AtomicInteger(-1);
        List<String> seen = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (seen) {
                        seen.add(line);
                    }
                    Matcher v = VNC.matcher(line);
                    if (v.find()) vnc.set(Integer.parseInt(v.group(1)));
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) listening.complete(URI.create(m.group(1)));
                }
            } catch (IOException ignored) {
                // the process died; the future below tells
            }
            listening.completeExceptionally(new IllegalStateException("The server exited before listening: " + seen));
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
        URI uri = listening.get(10, TimeUnit.MINUTES); // seeding a load run's thousand users takes minutes
        ServerProcess server = new ServerProcess(process, uri);
        server.vncPort = vnc.get();
        server.output.addAll(seen);
        return server;
    }

    /**
     * The server's temporary files (JavaFX writes the fonts it loads there) in its data folder:
     * a server killed with SIGKILL runs no hook to remove them, and the data folder's owner does.
     */
    private static Path scratchOf(Path dataDirectory) throws java.io.IOException {
        return java.nio.file.Files.createDirectories(dataDirectory.toAbsolutePath().resolve("tmp"));
    }

    /** The loopback port VNC viewers connect to, -1 when the server has none. */
    public int vncPort() {
        return vncPort;
    }

    public URI uri() {
        return uri;
    }

    /** The server JVM's process id, e.g. to read its memory from /proc or ask it with jcmd. */
    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /**
     * SIGKILL: no shutdown hook runs, nothing is flushed that was not flushed already. Returns once
     * the server and the processes it started (session hosts, which end with their server's
     * channel) are gone, so that nothing still writes into the data folder its owner removes.
     */
    public void kill() throws InterruptedException {
        java.util.List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("The server did not die");
        awaitGone(children);
    }

    /** SIGTERM, as a service manager or Ctrl-C stops the server; returns how long it took to exit. */
    public java.time.Duration terminate() throws InterruptedException {
        java.util.List<ProcessHandle> children = process.descendants().toList();
        long started = System.nanoTime();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) throw new IllegalStateException("The server did not stop within 60 s of SIGTERM");
        java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - started);
        awaitGone(children);
        return took;
    }

    /** Waits up to 30 s for each process to end by itself, then kills what is left. */
    private static void awaitGone(java.util.List<ProcessHandle> processes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (ProcessHandle p : processes) {
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                p.destroyForcibly();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
