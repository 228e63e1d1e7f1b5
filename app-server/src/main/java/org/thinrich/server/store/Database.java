package org.thinrich.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The database that holds everything the server stores, migrated to the newest schema on open:
 * by default an embedded H2 file in the data directory, or a PostgreSQL server that several
 * servers share. Either way every commit is durable before the caller is answered (H2 with
 * WRITE_DELAY=0, PostgreSQL with its write-ahead log), so an acknowledged change survives the
 * process being killed.
 */
public final class Database implements AutoCloseable {
    /** The H2 file system the database file is opened through, in the server and for its hosts alike (see {@link #open}). */
    private static final String FILE_SYSTEM = "retry:";

    /** The SQL dialects the store speaks; the migrations have a folder for each. */
    public enum Kind {
        H2("h2"), POSTGRESQL("postgresql");

        private final String migrations;

        Kind(String migrations) {
            this.migrations = migrations;
        }

        /** The migrations folder on the class path. */
        public String migrations() {
            return "classpath:db/migration/" + migrations;
        }

        static Kind of(String jdbcUrl) {
            if (jdbcUrl.startsWith("jdbc:postgresql:")) return POSTGRESQL;
            if (jdbcUrl.startsWith("jdbc:h2:")) return H2;
            throw new StoreException("Only jdbc:postgresql:// database URLs are supported (H2 is the default: leave --database-url out).", null);
        }

        /** The statement that draws the next value of a sequence. */
        String nextValue(String sequence) {
            return this == H2 ? "SELECT NEXT VALUE FOR " + sequence : "SELECT nextval('" + sequence + "')";
        }
    }

    /**
     * How a process reaches a database server: a JDBC URL and credentials. The password never
     * appears in {@link #toString()}, nor the URL's parameters (which may hold one), so it cannot
     * end up in a log line.
     */
    public record Address(String url, String user, String password) {
        /**
         * The PostgreSQL server at {@code url}, with user and password from the environment
         * (THINRICH_DATABASE_USER and THINRICH_DATABASE_PASSWORD, else PGUSER and PGPASSWORD);
         * IllegalArgumentException says in one sentence what is missing or wrong.
         */
        public static Address fromEnvironment(String url, java.util.Map<String, String> environment) {
            if (!url.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("--database-url must look like jdbc:postgresql://HOST:PORT/DATABASE "
                        + "(leave it out for the embedded file)");
            }
            String user = firstSet(environment, "THINRICH_DATABASE_USER", "PGUSER");
            if (user == null) {
                throw new IllegalArgumentException("--database-url needs a database user: set THINRICH_DATABASE_USER "
                        + "(and THINRICH_DATABASE_PASSWORD)");
            }
            String password = firstSet(environment, "THINRICH_DATABASE_PASSWORD", "PGPASSWORD");
            return new Address(url, user, password == null ? "" : password);
        }

        private static String firstSet(java.util.Map<String, String> environment, String name, String fallback) {
            String value = environment.get(name);
            if (value == null || value.isEmpty()) value = environment.get(fallback);
            return value == null || value.isEmpty() ? null : value;
        }

        @Override
        public String toString() {
            return url.replaceFirst("\\?.*", "") + " as " + user;
        }
    }

    private final DataSource pool;
    private final AutoCloseable disposer;
    private final Kind kind;
    /** The embedded file, or null when the database is a server or this process is a session host. */
    private final Path file;
    /** The database server, or null for the embedded file. */
    private final Address server;
    /** The loopback port session hosts reach the embedded file on, once opened for them. */
    private org.h2.tools.Server hostPort;
    private Address hostAccess;

    private Database(DataSource pool, AutoCloseable disposer, Kind kind, Path file, Address server) {
        this.pool = pool;
        this.disposer = disposer;
        this.kind = kind;
        this.file = file;
        this.server = server;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * How a session host (another process of this server) reaches the database. For the embedded
     * file: H2's TCP server on a loopback port, as a user whose password is new on every start and
     * travels only through the host's standard input. For a database server: the server's own
     * address. Once; later calls return the same access.
     */
    public synchronized Address openToHosts() {
        if (hostAccess != null) return hostAccess;
        if (server != null) return hostAccess = server;
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
        hostAccess = new Address("jdbc:h2:tcp://127.0.0.1:" + hostPort.getPort() + "/" + FILE_SYSTEM + base + ";LOCK_TIMEOUT=10000",
                "SESSION_HOST", password);
        return hostAccess;
    }

    /** A session host's connection to its server's database: no migrations, those are the server's. */
    public static Database connect(Address access) {
        Kind kind = Kind.of(access.url());
        if (kind == Kind.POSTGRESQL) {
            HikariDataSource pool = postgresPool(access, 8);
            return new Database(pool, pool, kind, null, access);
        }
        JdbcConnectionPool pool = JdbcConnectionPool.create(access.url(), access.user(), access.password());
        pool.setMaxConnections(8);
        try (Connection ignored = pool.getConnection()) {
            return new Database(pool, pool::dispose, kind, null, null);
        } catch (SQLException e) {
            pool.dispose();
            throw new StoreException("Cannot reach the server's database: " + e.getMessage(), e);
        }
    }

    /** Opens (creating if needed) the embedded database in {@code directory} and applies pending migrations. */
    public static Database open(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (java.io.IOException e) {
            throw new StoreException("Cannot create the data directory " + directory + ": " + e.getMessage(), e);
        }
        Path base = directory.toAbsolutePath().resolve("calendar");
        Path file = Path.of(base + ".mv.db");
        try {
            if (Files.exists(file) && Files.size(file) == 0) {
                // H2 would quietly make a new, empty store in its place: the user's data would be gone without a word.
                throw new StoreException("The database file " + file + " is empty (0 bytes), so whatever it held is lost; restore it "
                        + "from a backup, or move it away to start with an empty store.", null);
            }
        } catch (java.io.IOException e) {
            throw new StoreException("Cannot read the database file " + file + ": " + e.getMessage(), e);
        }
        // retry: an interrupted thread's write closes a plain file channel, and H2 then refuses every
        // read and write of every user (Jetty interrupts a request's thread when its client leaves);
        // H2's retry file system opens the file again and goes on.
        String url = "jdbc:h2:file:" + FILE_SYSTEM + base + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "thinrich", "");
        pool.setMaxConnections(32);
        try {
            if (Files.exists(file)) readWhole(url + ";ACCESS_MODE_DATA=r"); // read-only: a damaged file stays as it is
            migrate(pool, Kind.H2);
        } catch (RuntimeException | SQLException e) {
            pool.dispose();
            if (alreadyOpen(e)) {
                throw new StoreException("The data directory " + directory
                        + " is in use by another server; stop it or choose another --data-dir.", e);
            }
            if (Files.exists(file)) {
                throw new StoreException("The database file " + file + " cannot be read whole (" + rootMessage(e) + "); restore it "
                        + "from a backup, or move it away to start with an empty store.", e);
            }
            throw new StoreException("Cannot open the database in " + directory + ": " + e.getMessage(), e);
        }
        return new Database(pool, pool::dispose, Kind.H2, file, null);
    }

    /**
     * Opens the store on a PostgreSQL server and applies pending migrations. Several servers may
     * open the same database: Flyway takes a lock of its own while it migrates.
     */
    public static Database open(Address server) {
        if (Kind.of(server.url()) != Kind.POSTGRESQL) {
            throw new StoreException("Only jdbc:postgresql:// database URLs are supported (H2 is the default: leave --database-url out).", null);
        }
        HikariDataSource pool = postgresPool(server, 32);
        try {
            migrate(pool, Kind.POSTGRESQL);
        } catch (RuntimeException e) {
            pool.close();
            throw new StoreException(whyNotOpened(server, e), e);
        }
        return new Database(pool, pool, Kind.POSTGRESQL, null, server);
    }

    /**
     * Reads every row of every table once, so that a damaged file is found at start, with one
     * sentence, rather than as failures of whichever user's request meets the damage first.
     * (About 20 ms for 20,000 events.)
     */
    private static void readWhole(String readOnlyUrl) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(readOnlyUrl, "thinrich", ""); var s = c.createStatement()) {
            List<String> tables = new java.util.ArrayList<>();
            try (var r = s.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
                while (r.next()) tables.add(r.getString(1));
            }
            for (String table : tables) {
                try (var r = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = r.getMetaData().getColumnCount();
                    while (r.next()) for (int i = 1; i <= columns; i++) r.getObject(i);
                }
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    private static void migrate(DataSource pool, Kind kind) {
        Flyway.configure().dataSource(pool).locations(kind.migrations()).load().migrate();
    }

    private static HikariDataSource postgresPool(Address address, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(address.url());
        config.setUsername(address.user());
        config.setPassword(address.password());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setPoolName("store");
        // A stopped database fails a request within seconds instead of holding its thread.
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /** One sentence for the mistakes a user makes with a database server: not running, wrong name or password. */
    private static String whyNotOpened(Address server, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException) {
                return "Cannot reach the database server at " + server.url() + "; start it or correct --database-url.";
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                switch (sql.getSQLState()) {
                    case "28P01", "28000":
                        return "The database server refused user " + server.user()
                                + "; check THINRICH_DATABASE_USER and THINRICH_DATABASE_PASSWORD.";
                    case "3D000":
                        return "The database server has no database named in " + server.url() + "; create it (createdb) or correct --database-url.";
                    default:
                        break;
                }
            }
        }
        return "Cannot open the database " + server + ": " + e.getMessage();
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

    private volatile long lastSuccessNanos = System.nanoTime();
    private volatile long lastFailureNanos;
    private volatile String lastFailure;

    void noteSuccess() {
        lastSuccessNanos = System.nanoTime();
    }

    void noteFailure(SQLException e) {
        lastFailure = e.getMessage();
        lastFailureNanos = System.nanoTime();
    }

    /** Why the store is not usable now: its latest use failed and none has succeeded since. Empty while it works. */
    public Optional<String> problem() {
        String failure = lastFailure;
        return failure != null && lastFailureNanos - lastSuccessNanos > 0 ? Optional.of(failure) : Optional.empty();
    }

    /** The embedded database file on disk (null on a database server). */
    public Path file() {
        return file;
    }

    /** The database server, as this process reaches it (null for the embedded file). */
    public Address server() {
        return server;
    }

    @Override
    public void close() {
        if (kind == Kind.H2 && file != null) {
            synchronized (this) {
                if (hostPort != null) hostPort.stop();
            }
            try (Connection c = pool.getConnection(); var s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException ignored) {
                // already closed
            }
        }
        try {
            disposer.close();
        } catch (Exception ignored) {
            // closing a pool does not fail in a way worth more than the close itself
        }
    }
}
