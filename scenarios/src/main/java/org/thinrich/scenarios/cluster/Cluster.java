package org.thinrich.scenarios.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.thinrich.server.ServerProcess;
import org.thinrich.server.store.Database;

/**
 * Three tiers on one machine, as `workbench cluster` and the failure scenarios run them: a
 * PostgreSQL data tier, N calendar servers (the nodes, each its own JVM with its own session
 * hosts), and HAProxy as the logical switch, all on loopback ports. Clients use {@link #uri()}
 * only. Nodes can be killed with SIGKILL and restarted on their port; the database, when the
 * workbench runs it, can be stopped and started.
 */
public final class Cluster implements AutoCloseable {
    /** What to start: {@code database} null for an embedded PostgreSQL in {@code directory}. */
    public record Plan(int nodes, String host, int port, Path directory, Database.Address database, List<String> nodeArguments) {
        public Plan {
            if (nodes < 1 || nodes > 16) throw new IllegalArgumentException("--nodes must be 1 to 16.");
            nodeArguments = List.copyOf(nodeArguments);
        }
    }

    /** One application server of the cluster. */
    public static final class Node {
        private final int index;
        private final Path directory;
        private final int port;
        private volatile ServerProcess process;

        Node(int index, Path directory, int port, ServerProcess process) {
            this.index = index;
            this.directory = directory;
            this.port = port;
            this.process = process;
        }

        public String name() {
            return HaproxyConfig.nodeName(index);
        }

        public URI uri() {
            return URI.create("http://127.0.0.1:" + port);
        }

        public boolean running() {
            ServerProcess p = process;
            return p != null && p.alive();
        }

    /** The node's process id, or -1 while it is down. */
        public long pid() {
            ServerProcess p = process;
            return p == null ? -1 : p.pid();
        }
    }

    /** A node's heap: room for a few thin sessions in its own process (about 70 MB each) besides the server. */
    private static final String NODE_HEAP = "1g";

    private final Plan plan;
    private final ClusterDatabase database;
    private final List<Node> nodes = new ArrayList<>();
    private final Consumer<String> say;
    private Process haproxy;
    private URI uri;

    private Cluster(Plan plan, ClusterDatabase database, Consumer<String> say) {
        this.plan = plan;
        this.database = database;
        this.say = say;
    }

    /** Starts the database, the nodes and HAProxy; on any failure stops what it started and throws. */
    public static Cluster start(Plan plan, Consumer<String> say) throws Exception {
        String haproxy = Haproxy.executable();
        Files.createDirectories(plan.directory());
        ClusterDatabase database = plan.database() != null ? ClusterDatabase.external(plan.database())
                : ClusterDatabase.embedded(plan.directory().resolve("postgres"));
        Cluster cluster = new Cluster(plan, database, say);
        try {
            say.accept("Database: " + database.address() + (database.ownServer() ? " (embedded PostgreSQL, files in "
                    + plan.directory().resolve("postgres") + ")" : ""));
            cluster.startNodes();
            cluster.startSwitch(haproxy);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startNodes() throws Exception {
        // The first node makes the schema and the demo users; the others then start side by side.
        nodes.add(startNode(0, 0));
        List<java.util.concurrent.CompletableFuture<Node>> rest = new ArrayList<>();
        for (int i = 1; i < plan.nodes(); i++) {
            int index = i;
            rest.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return startNode(index, 0);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }));
        }
        for (var future : rest) {
            try {
                nodes.add(future.get(10, TimeUnit.MINUTES));
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
        for (Node node : nodes) say.accept(node.name() + ": " + node.uri() + " (pid " + node.pid() + ")");
    }

    private Node startNode(int index, int port) throws Exception {
        Path directory = Files.createDirectories(plan.directory().resolve(HaproxyConfig.nodeName(index)));
        ServerProcess process = ServerProcess.startWithHeap(directory, database.address(), port, NODE_HEAP, arguments(index));
        return new Node(index, directory, process.uri().getPort(), process);
    }

    private String[] arguments(int index) {
        List<String> arguments = new ArrayList<>(plan.nodeArguments());
        arguments.addAll(List.of("--node-name", HaproxyConfig.nodeName(index)));
        if (index > 0) arguments.remove("--demo"); // the first node made them
        return arguments.toArray(String[]::new);
    }

    private void startSwitch(String executable) throws Exception {
        List<InetSocketAddress> addresses = nodes.stream().map(n -> new InetSocketAddress("127.0.0.1", n.port)).toList();
        int port = plan.port() != 0 ? plan.port() : freePort();
        HaproxyConfig config = new HaproxyConfig(new InetSocketAddress(plan.host(), port), addresses);
        Path file = plan.directory().resolve("haproxy.cfg");
        Files.writeString(file, config.text());
        haproxy = Haproxy.start(executable, file, plan.directory().resolve("haproxy.log"));
        uri = URI.create("http://" + (plan.host().contains(":") ? "[" + plan.host() + "]" : plan.host()) + ":" + port);
        awaitHealthy(Duration.ofSeconds(20));
        say.accept("HAProxy: " + uri + " (configuration " + file + ")");
    }

    /** Waits until the switch answers /health through a node; IllegalStateException when it does not within {@code within}. */
    public void awaitHealthy(Duration within) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + within.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!haproxy.isAlive()) {
                throw new IllegalStateException("HAProxy exited at once: " + Files.readString(plan.directory().resolve("haproxy.log")).strip());
            }
            try {
                HttpResponse<String> reply = http.send(HttpRequest.newBuilder(uri.resolve("/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (reply.statusCode() == 200) return;
                last = "HTTP " + reply.statusCode();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("The cluster did not answer on " + uri + " within " + within.toSeconds() + " s (" + last + ").");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The one address clients use: HAProxy's. */
    public URI uri() {
        return uri;
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** The node named {@code name} (as its Calendar-Node header says), if there is one. */
    public java.util.Optional<Node> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public ClusterDatabase database() {
        return database;
    }

    /** SIGKILL to the node: no shutdown hook, its thin sessions and connections are gone at once. */
    public void kill(Node node) throws InterruptedException {
        ServerProcess p = node.process;
        node.process = null;
        if (p != null) p.kill();
        say.accept(node.name() + " killed");
    }

    /** Starts a killed node again on its port, so that the switch finds it by its health check. */
    public void restart(Node node) throws Exception {
        if (node.running()) return;
        ServerProcess p = ServerProcess.startWithHeap(node.directory, database.address(), node.port, NODE_HEAP, arguments(node.index));
        node.process = p;
        // The switch takes it back after RISE good health checks.
        Thread.sleep((long) HaproxyConfig.CHECK_MS * (HaproxyConfig.RISE + 1));
        say.accept(node.name() + " restarted (pid " + p.pid() + ")");
    }

    @Override
    public void close() {
        if (haproxy != null) Haproxy.stop(haproxy);
        // All nodes at once: each takes a few seconds to close its sessions and connections.
        nodes.parallelStream().forEach(node -> {
            ServerProcess p = node.process;
            node.process = null;
            if (p == null) return;
            try {
                p.terminate();
            } catch (Exception e) {
                try {
                    p.kill();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            database.close();
        } catch (IOException e) {
            say.accept("The database did not stop cleanly: " + e.getMessage());
        }
    }
}
