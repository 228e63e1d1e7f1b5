package org.thinrich.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.server.store.Database;
import org.thinrich.server.store.StoreBackend;

/** /health says when the store cannot be used (a load balancer takes the server out), and says ok again when it can. */
class HealthTest {
    @TempDir
    Path directory;

    @Test
    void healthFollowsTheStore() throws Exception {
        Database.Address database = StoreBackend.POSTGRESQL.newAddress();
        String name = database.url().replaceFirst(".*/([^/?]+).*", "$1");
        String admin = database.url().replaceFirst("/" + name, "/postgres");
        try (AppServer server = AppServer.start(ServerConfig.defaults(directory).withPort(0).withPasswordIterations(1_000)
                .withDatabase(database))) {
            ApiClient anyone = new ApiClient(server.uri());
            assertThat(anyone.get("/health").status()).isEqualTo(200);

            try (Connection c = DriverManager.getConnection(admin, database.user(), database.password()); var s = c.createStatement()) {
                s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
                var down = anyone.get("/health");
                assertThat(down.status()).isEqualTo(503);
                assertThat(down.json().get("status").asText()).isEqualTo("store unavailable");
                assertThat(down.json().get("problem").asText()).isNotBlank();

                s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            int status = 0;
            while (System.nanoTime() < deadline && (status = anyone.get("/health").status()) != 200) Thread.sleep(100);
            assertThat(status).as("ok again once the store answers").isEqualTo(200);
        }
    }
}
