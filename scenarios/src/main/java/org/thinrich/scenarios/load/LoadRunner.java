package org.thinrich.scenarios.load;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.scenarios.drive.ClientDriver;
import org.thinrich.scenarios.drive.RichDriver;
import org.thinrich.scenarios.drive.SyncWireDriver;
import org.thinrich.scenarios.drive.ThinDriver;
import org.thinrich.scenarios.scenario.LoadPlan;
import org.thinrich.scenarios.scenario.Scenario;
import org.thinrich.server.DemoData;
import org.thinrich.server.ServerProcess;
import org.thinrich.thin.engine.ThinListener;

/**
 * A capacity run: for each client kind (and, for the thin client, each place thin sessions run),
 * a server of its own in its own process with numbered demo users, and a ramp of concurrent users
 * that each repeat the scenario's workload with think time. Each ramp step measures for
 * {@code stepSeconds} (the first after half a step more for the new server to warm up): latencies,
 * errors, bytes, and the CPU and memory of the server's process tree. A ramp ends after its last step, or when the response p95 broke the threshold in two steps
 * in a row; the whole run ends by {@code maxMinutes} at the latest.
 *
 * <p>The simulated users run in this process and so share the machine with the server: on a small
 * machine their decoding takes CPU the server would otherwise have. The report says so.
 */
public final class LoadRunner {
    private static final Logger log = LoggerFactory.getLogger(LoadRunner.class);
    private static final ZoneId ZONE = ZoneId.systemDefault();

    /** Told as the run goes, for a terminal or a test. */
    public interface Progress {
        void said(String line);
    }

    private final Scenario scenario;
    private final LoadPlan plan;
    private final Path work;
    private final Progress progress;
    private final List<LoadResult.Row> rows = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private long deadline;

    public LoadRunner(Scenario scenario, Path work, Progress progress) {
        this.scenario = scenario;
        this.plan = scenario.load();
        this.work = work;
        this.progress = progress;
    }

    public LoadResult run() {
        Instant started = Instant.now();
        deadline = System.nanoTime() + Duration.ofMinutes(plan.maxMinutes()).toNanos();
        for (String client : plan.clients()) {
            List<String> modes = client.equals("thin") ? plan.thinSessions() : List.of("in-process");
            for (String mode : modes) {
                if (System.nanoTime() > deadline) {
                    failures.add(client + " " + mode + ": not run, the run reached its " + plan.maxMinutes() + " minutes");
                    continue;
                }
                try {
                    ramp(client, mode);
                } catch (Exception e) {
                    failures.add(client + " " + mode + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    log.warn("The {} ramp ({}) failed: {}", client, mode, e.getMessage() == null ? e.toString() : e.getMessage());
                    log.debug("The {} ramp ({}) failed", client, mode, e);
                }
            }
        }
        return new LoadResult(scenario.name(), started, Instant.now(), Runtime.getRuntime().availableProcessors(), plan.thresholdMillis(),
                plan.thinkMillis(), plan.stepSeconds(), List.copyOf(rows), List.copyOf(failures));
    }

    private void ramp(String client, String mode) throws Exception {
        Path data = Files.createDirectories(work.resolve(client + "-" + mode.replace(':', '-') + "-server"));
        int most = plan.mostUsers();
        // In-process thin sessions all live in the server's heap; hosts bring their own.
        String heap = client.equals("thin") && mode.equals("in-process") ? Math.max(512, 160 + 80 * most) + "m" : most > 200 ? "2g" : "1g";
        progress.said("Starting a server for " + client + " users (" + (client.equals("thin") ? "thin sessions " + mode + ", " : "")
                + most + " numbered users)");
        try (ServerProcess server = ServerProcess.startWithHeap(data, heap, "--demo-users", Integer.toString(most),
                "--thin-sessions", mode, "--max-thin-sessions", Integer.toString(most + 4))) {
            ProcessTree tree = new ProcessTree(server.pid());
            List<LoadUser> users = new ArrayList<>();
            Random seeds = new Random(scenario.seed());
            int broken = 0;
            try {
                for (int target : plan.users()) {
                    if (System.nanoTime() > deadline) {
                        failures.add(client + " " + mode + ": ramp stopped at " + users.size() + " users, the run reached its "
                                + plan.maxMinutes() + " minutes");
                        break;
                    }
                    int refused = connect(client, mode, server.uri(), users, target, seeds);
                    // The ramp's first step starts on a server just started: half a step more, unrecorded, for
                    // its JIT and caches, so that every step measures a running server.
                    if (rows.stream().noneMatch(r -> r.client().equals(client) && r.mode().equals(mode))) {
                        Thread.sleep(plan.stepSeconds() * 500L);
                    }
                    LoadResult.Row row = measure(client, mode, users, refused, tree);
                    rows.add(row);
                    String latency = client.equals(LoadPlan.RICH_PROTOCOL)
                            ? String.format("commit p50 %.1f ms, p95 %.1f ms", row.commitP50(), row.commitP95())
                            : String.format("response p95 %.1f ms, edits p95 %.1f ms", row.responseP95(), row.editP95());
                    progress.said(String.format("%s%s, %d users: %s, %d errors, server %.2f cores, %.0f MB", client,
                            client.equals("thin") ? " " + mode : "", users.size(), latency, row.errors(), row.serverCores(), row.residentMb()));
                    broken = row.within(plan.thresholdMillis()) ? 0 : broken + 1;
                    if (broken == 2) {
                        progress.said(client + " " + mode + ": the threshold was broken twice in a row; the ramp ends here");
                        break;
                    }
                }
            } finally {
                users.parallelStream().forEach(LoadUser::close);
            }
            server.terminate();
        }
    }

    /**
     * Brings the ramp to {@code target} connected users; returns how many could not connect (the
     * server could not serve one more: errors of this step). Thin users log in one after another, as
     * each start lays out a UI; the others a few at a time, since a thousand password checks take a while.
     */
    private int connect(String client, String mode, URI server, List<LoadUser> users, int target, Random seeds) throws Exception {
        List<LoadUser> joining = new ArrayList<>();
        for (int next = users.size() + 1; next <= target; next++) {
            String name = DemoData.numberedUsers(next).get(next - 1);
            joining.add(new LoadUser(name, driver(client, server, name), scenario.workload(), plan.thinkMillis(), seeds.nextLong()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(client.equals("thin") ? 1 : 4);
        try {
            List<Future<?>> started = new ArrayList<>();
            for (LoadUser user : joining) started.add(pool.submit(() -> {
                user.start();
                return null;
            }));
            int refused = 0;
            for (int i = 0; i < joining.size(); i++) {
                try {
                    started.get(i).get();
                    users.add(joining.get(i));
                } catch (ExecutionException e) {
                    refused++;
                    log.info("{} {}: {} could not connect: {}", client, mode, joining.get(i).name(), e.getCause().getMessage());
                }
            }
            return refused;
        } finally {
            pool.shutdownNow();
            for (LoadUser user : joining) if (!users.contains(user)) user.close(); // refused, or not started when interrupted
        }
    }

    private ClientDriver driver(String client, URI server, String user) throws Exception {
        Duration wait = Duration.ofSeconds(30);
        String password = DemoData.passwordOf(user);
        if (client.equals(LoadPlan.RICH_PROTOCOL)) return new SyncWireDriver(server, user, password, ZONE, LocalDate.now(ZONE), wait);
        return client.equals("thin")
                ? new ThinDriver(server, server, user, password, ZONE, wait, new ThinListener() { })
                : new RichDriver(server, user, password, Files.createDirectories(work.resolve("replicas").resolve(user + "-" + System.nanoTime())),
                        ZONE, LocalDate.now(ZONE), wait);
    }

    /** One step's window: everything the users did and the server spent within {@code stepSeconds}. */
    private LoadResult.Row measure(String client, String mode, List<LoadUser> users, int refused, ProcessTree tree)
            throws InterruptedException {
        // Settle for a think time, so newly started users are past their first action.
        Thread.sleep(plan.thinkMillis());
        users.forEach(u -> {
            u.takeResponses();
            u.takeEditResponses();
            u.takeCommits();
        });
        long errorsBefore = users.stream().mapToLong(u -> u.errors.get()).sum();
        long actionsBefore = users.stream().mapToLong(u -> u.actions.get()).sum();
        long bytesBefore = users.stream().mapToLong(LoadUser::bytes).sum();
        double cpuBefore = tree.cpuSeconds();
        long t0 = System.nanoTime();
        Thread.sleep(plan.stepSeconds() * 1000L);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = tree.cpuSeconds() - cpuBefore;
        Histogram responses = new Histogram(3);
        Histogram edits = new Histogram(3);
        Histogram commits = new Histogram(3);
        users.forEach(u -> {
            responses.add(u.takeResponses());
            edits.add(u.takeEditResponses());
            commits.add(u.takeCommits());
        });
        long errors = users.stream().mapToLong(u -> u.errors.get()).sum() - errorsBefore + refused;
        if (errors > 0) users.stream().filter(u -> !u.lastError().isEmpty()).findFirst()
                .ifPresent(u -> log.info("{} {} with {} users: e.g. {}", client, mode, users.size(), u.lastError()));
        long bytes = users.stream().mapToLong(LoadUser::bytes).sum() - bytesBefore;
        return new LoadResult.Row(client, mode, users.size(), users.stream().mapToLong(u -> u.actions.get()).sum() - actionsBefore, errors,
                millis(responses, 50), millis(responses, 95), millis(responses, 99), millis(edits, 50), millis(edits, 95),
                millis(commits, 50), millis(commits, 95),
                bytes / (double) users.size() / (seconds / 60), cpuBefore < 0 ? -1 : cpu / seconds, tree.residentMb(), tree.processes());
    }

    private static double millis(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
