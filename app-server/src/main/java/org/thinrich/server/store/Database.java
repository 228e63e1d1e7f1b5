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
    private final JdbcConnectionPool pool;
    private final Path file;

    private Database(JdbcConnectionPool pool, Path file) {
        this.pool = pool;
        this.file = file;
    }

    /** Opens (creating if needed) the database in {@code directory} and applies pending migrations. */
    public static Database open(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (java.io.IOException e) {
            throw new StoreException("Cannot create the data directory " + directory + ": " + e.getMessage(), e);
        }
        Path base = directory.toAbsolutePath().resolve("calendar");
        String url = "jdbc:h2:file:" + base + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
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
        try (Connection c = pool.getConnection(); var s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // already closed
        }
        pool.dispose();
    }
}
