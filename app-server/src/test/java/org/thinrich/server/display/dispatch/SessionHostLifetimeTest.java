package org.thinrich.server.display.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.thinrich.server.ServerProcess;
import org.thinrich.thin.engine.ThinEngine;
import org.thinrich.thin.engine.ThinListener;

/** A session host never outlives its server, and a server with thin sessions stops promptly, wherever they run. */
class SessionHostLifetimeTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    private static List<ThinEngine> open(ServerProcess server, int sessions) throws Exception {
        List<ThinEngine> engines = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            ThinEngine engine = new ThinEngine(server.uri(), new ThinListener() { });
            String user = i % 2 == 0 ? "alice" : "bob";
            engine.connect(user, user + "-demo", 1280, 800);
            engines.add(engine);
        }
        for (ThinEngine engine : engines) assertThat(engine.awaitQuiet(Duration.ofMillis(300), WAIT)).isTrue();
        return engines;
    }

    private static List<ProcessHandle> hostsOf(ServerProcess server) {
        return ProcessHandle.of(server.pid()).orElseThrow().descendants().toList();
    }

    private static void assertAllExitWithin(List<ProcessHandle> processes, Duration limit) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) Thread.sleep(20);
        System.out.println(processes.size() + " session hosts gone " + (System.nanoTime() - started) / 1_000_000 + " ms after their server");
        assertThat(processes).as("session hosts still running %s after their server", limit).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void hostsExitByThemselvesWhenTheirServerIsKilled() throws Exception {
        try (ServerProcess server = ServerProcess.start(directory, "--demo", "--thin-sessions", "pool:2:1")) {
            List<ThinEngine> engines = open(server, 2);
            List<ProcessHandle> hosts = hostsOf(server);
            assertThat(hosts).hasSizeGreaterThanOrEqualTo(2);
            server.kill();
            assertAllExitWithin(hosts, Duration.ofSeconds(5));
            engines.forEach(ThinEngine::close);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"in-process", "pool:2:4"})
    void sigtermStopsAServerWithEightThinSessionsWithinFiveSeconds(String mode) throws Exception {
        try (ServerProcess server = ServerProcess.startWithHeap(directory, "1g", "--demo", "--thin-sessions", mode)) {
            List<ThinEngine> engines = open(server, 8);
            List<ProcessHandle> hosts = hostsOf(server);
            Duration stopped = server.terminate();
            System.out.println("SIGTERM with 8 thin sessions " + mode + ": the server exited after " + stopped.toMillis() + " ms");
            assertThat(stopped).as("SIGTERM to exit").isLessThan(Duration.ofSeconds(5));
            assertAllExitWithin(hosts, Duration.ofSeconds(1));
            engines.forEach(ThinEngine::close);
        }
    }
}
