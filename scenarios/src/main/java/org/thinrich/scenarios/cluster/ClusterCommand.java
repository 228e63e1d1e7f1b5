package org.thinrich.scenarios.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.thinrich.server.store.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code workbench cluster}: the three tiers on this machine until Ctrl-C. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Start a server cluster on this machine: PostgreSQL (embedded unless --database-url is given), N calendar servers "
                + "on loopback ports, and HAProxy in front (needs haproxy installed). Prints the one URL clients use; Ctrl-C stops everything."},
        footer = {"", "Example:", "  ${ROOT-COMMAND-NAME} cluster --nodes 3"})
public final class ClusterCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "3", description = "Calendar servers behind the switch, 1 to 16 (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--port", defaultValue = "8080", description = "The port clients use, HAProxy's (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address HAProxy listens on (default: ${DEFAULT-VALUE}); the nodes listen on loopback.")
    String host;

    @Option(names = "--data-dir", defaultValue = "data-cluster",
            description = "Where the embedded PostgreSQL keeps its files and each node its scratch folder (default: ${DEFAULT-VALUE}).")
    Path directory;

    @Option(names = "--database-url", defaultValue = "${env:THINRICH_DATABASE_URL}", paramLabel = "URL",
            description = "Use this PostgreSQL server instead of an embedded one (user and password from THINRICH_DATABASE_USER "
                    + "and THINRICH_DATABASE_PASSWORD).")
    String databaseUrl;

    @Option(names = "--thin-sessions", paramLabel = "MODE", description = "Where each node runs its thin sessions (the server's option; default: its default).")
    String thinSessions;

    @Option(names = "--demo", description = "Create the demo users alice and bob, if missing.")
    boolean demo;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0 to 65535");
        if (nodes < 1 || nodes > 16) throw new CommandLine.ParameterException(spec.commandLine(), "--nodes must be 1 to 16");
        Database.Address database = null;
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            try {
                database = Database.Address.fromEnvironment(databaseUrl, System.getenv());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        List<String> nodeArguments = new ArrayList<>();
        if (demo) nodeArguments.add("--demo");
        if (thinSessions != null) nodeArguments.addAll(List.of("--thin-sessions", thinSessions));
        Cluster cluster = Cluster.start(new Cluster.Plan(nodes, host, port, directory, database, nodeArguments), System.out::println);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the cluster ...");
            cluster.close();
            stopped.countDown();
        }, "cluster-stop"));
        System.out.println("Cluster of " + nodes + " nodes ready: clients use " + cluster.uri() + " (Ctrl-C stops everything)");
        System.out.println("Try: curl " + cluster.uri() + "/health");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
