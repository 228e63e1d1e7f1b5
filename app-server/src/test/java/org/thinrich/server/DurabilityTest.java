package org.thinrich.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.thinrich.server.store.Database;
import org.thinrich.server.store.StoreBackend;

/**
 * A change the server acknowledged survives the server being killed with SIGKILL at once: a real
 * server process takes writes as fast as it can, is killed in the middle of them, is started again
 * on the same data directory (or database server), and must still have every acknowledged event.
 */
class DurabilityTest {
    @TempDir
    Path dataDirectory;

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void acknowledgedWritesSurviveSigkill(StoreBackend backend) throws Exception {
        Database.Address database = backend.newAddress();
        List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ServerProcess server = ServerProcess.start(dataDirectory, database, 0, "--demo")) {
            ApiClient alice = new ApiClient(server.uri()).login("alice", "alice-demo");
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch enough = new CountDownLatch(50);
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 5_000 && !stop.get(); i++) { // bounded; the kill ends it much sooner
                    try {
                        var reply = alice.send("POST", "/api/calendars/alice-work/events", "{\"title\":\"Write " + i
                                + "\",\"start\":\"2026-12-01T10:00:00Z\",\"end\":\"2026-12-01T11:00:00Z\"}");
                        if (reply.status() != 201) break;
                        acknowledged.add(reply.json().get("id").asText());
                        enough.countDown();
                    } catch (RuntimeException connectionLost) {
                        break;
                    }
                }
            }, "writer");
            writer.start();
            assertThat(enough.await(60, TimeUnit.SECONDS)).as("50 writes acknowledged").isTrue();
            server.kill(); // while the writer is still sending
            stop.set(true);
            writer.join(30_000);
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(50);

        try (ServerProcess restarted = ServerProcess.start(dataDirectory, database, 0)) {
            ApiClient alice = new ApiClient(restarted.uri()).login("alice", "alice-demo");
            List<String> missing = new ArrayList<>();
            for (String id : List.copyOf(acknowledged)) {
                if (alice.get("/api/events/" + id).status() != 200) missing.add(id);
            }
            assertThat(missing).as("acknowledged events lost by SIGKILL out of %d", acknowledged.size()).isEmpty();
            assertThat(alice.get("/api/calendars").json().size()).as("demo calendars intact").isEqualTo(3);
        }
    }
}
