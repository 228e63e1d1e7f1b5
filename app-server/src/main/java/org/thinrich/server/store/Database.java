package org.thinrich.server.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The embedded H2 database file that holds everything the server stores, migrated to the newest
 * schema on open. WRITE_DELAY=0 makes every commit reach the file before the caller is answered,
 * so an acknowledged change survives the process being killed.
 */
public final class Database implements AutoCloseable {
    /** The H2 file system the database file is opened through, in the server and for its hosts alike (see {@link #open}). */
    private static final String FILE_SYSTEM = "retry:";
    private final JdbcConnectionPool pool;
    private final Path file;
    /** The loopback port session hosts reach this database on, once opened for them. */
    private org.h2.tools.Server hostPort;
    private HostAccess hostAccess;

    private Database(JdbcConnectionPool pool, Path file) {
        this.pool = pool;
        this.file = file;
    }

    /**
     * How a session host (another process of this server) reaches the database: H2's TCP server on
     * a loopback port, as a user whose password is new on every start and travels only through the
     * host's standard input.
     */
    public record HostAccess(String url, String user, String password) {
    }

    /** Opens the database to this server's session hosts (once; later calls return the same access). */
    public synchronized HostAccess openToHosts() {
        if (hostAccess != null) return hostAccess;
        byte[] secret = new byte[24];
        new java.security.SecureRandom().nextBytes(secret);
        String password = java.util.HexFormat.of().formatHex(secret);
        try (Connection c = pool.getConnection(); var s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS SESSION_HOST PASSWORD '" + password + "' ADMIN");
            s.execute("ALTER USER SESSION_HOST SET PASSWORD '" + password + "'");
            // Without -tcpAllowOthers H2 answers loopback only; -ifExists: no database can be made remotely.
            hostPort = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-ifExists").start();
        } catch (SQLException e) {
            throw new StoreException("Cannot open the database to session hosts: " + e.getMessage(), e);
        }
        String base = file.toString().substring(0, file.toString().length() - ".mv.db".length());
        hostAccess = new HostAccess("jdbc:h2:tcp://127.0.0.1:" + hostPort.getPort() + "/" + FILE_SYSTEM + base + ";LOCK_TIMEOUT=10000",
                "SESSION_HOST", password);
        return hostAccess;
    }

    /** A session host's connection to its server's database: no migrations, those are the server's. */
    public static Database connect(HostAccess access) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(access.url(), access.user(), access.password());
        pool.setMaxConnections(8);
        try (Connection ignored = pool.getConnection()) {
            return new Database(pool, null);
        } catch (SQLException e) {
            pool.dispose();
            throw new StoreException("Cannot reach the server's database: " + e.getMessage(), e);
        }
    }

    /** Opens (creating if needed) the database in {@code directory} and applies pending migrations. */
    public static Database open(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (java.io.IOException e) {
            throw new StoreException("Cannot create the data directory " + directory + ": " + e.getMessage(), e);
        }
        Path base = directory.toAbsolutePath().resolve("calendar");
        // retry: an interrupted thread's write closes a plain file channel, and H2 then refuses every
        // read and write of every user (Jetty interrupts a request's thread when its client leaves);
        // H2's retry file system opens the file again and goes on.
        String url = "jdbc:h2:file:" + FILE_SYSTEM + base + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "thinrich", "");
        pool.setMaxConnections(32);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            pool.dispose();
            if (alreadyOpen(e)) {
                throw new StoreException("The data directory " + directory
                        + " is in use by another server; stop it or choose another --data-dir.", e);
            }
            throw new StoreException("Cannot open the database in " + directory + ": " + e.getMessage(), e);
        }
        return new Database(pool, Path.of(base + ".mv.db"));
    }

    private static boolean alreadyOpen(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) return true;
        }
        return false;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** The database file on disk. */
    public Path file() {
        return file;
    }

    @Override
    public void close() {
        if (file == null) { // a session host's: the database is the server's to shut down
            pool.dispose();
            return;
        }
        synchronized (this) {
            if (hostPort != null) hostPort.stop();
        }
        try (Connection c = pool.getConnection(); var s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // already closed
        }
        pool.dispose();
    }
}
