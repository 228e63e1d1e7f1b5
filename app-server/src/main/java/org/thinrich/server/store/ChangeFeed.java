package org.thinrich.server.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What other processes commit to the same PostgreSQL database (the other servers of a cluster,
 * their session hosts), told to this process's store so that its sync connections and thin
 * sessions hear every change, wherever it was made.
 *
 * <p>Each writing transaction sends {@code NOTIFY calendar_changes, '<owner>'}: PostgreSQL delivers
 * it when, and only if, the transaction commits, and folds repeats within one transaction. The
 * payload is a user name (at most 64 characters, far under the 8,000-byte limit), never event
 * data: the listener reads the change log itself ({@link CalendarStore#catchUp}), so a notice that
 * arrives twice or late costs one empty read. NOTIFY is not replayed to a listener that was not
 * connected, so after every (re)connection the feed catches up every user this process serves.
 */
public final class ChangeFeed implements AutoCloseable {
    static final String CHANNEL = "calendar_changes";
    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
    /** A silent connection is checked this often, so a database that went away is noticed. */
    private static final long CHECK_MS = 5_000;
    private static final long RETRY_MS = 500;

    private final Database.Address address;
    private final CalendarStore store;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;
    private volatile boolean listening;

    private ChangeFeed(Database.Address address, CalendarStore store) {
        this.address = address;
        this.store = store;
        this.thread = new Thread(this::run, "change-feed");
        thread.setDaemon(true);
    }

    /** Starts following the database of {@code store} (a PostgreSQL one) on a connection of its own. */
    public static ChangeFeed start(Database.Address address, CalendarStore store) {
        ChangeFeed feed = new ChangeFeed(address, store);
        feed.thread.start();
        return feed;
    }

    /** The statement a writing transaction runs to tell every listener, at its commit, that {@code owner}'s data changed. */
    static void notifyInTransaction(Connection c, String owner) throws SQLException {
        try (var s = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
            s.setString(1, owner);
            s.execute();
        }
    }

    /** Whether the feed is connected and listening now. */
    public boolean listening() {
        return listening;
    }

    private void run() {
        boolean toldOfOutage = false;
        while (!closed) {
            try (Connection c = DriverManager.getConnection(address.url(), address.user(), address.password())) {
                connection = c;
                try (var s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                listening = true;
                if (toldOfOutage) log.info("Following changes of other servers again");
                toldOfOutage = false;
                store.catchUpAll(); // what was committed while no one listened
                PGConnection pg = c.unwrap(PGConnection.class);
                long lastHeard = System.nanoTime();
                while (!closed) {
                    PGNotification[] notices = pg.getNotifications((int) CHECK_MS);
                    if (notices != null && notices.length > 0) {
                        lastHeard = System.nanoTime();
                        for (PGNotification notice : notices) store.catchUp(notice.getParameter());
                    } else if (System.nanoTime() - lastHeard > TimeUnit.MILLISECONDS.toNanos(CHECK_MS)) {
                        try (var s = c.createStatement()) {
                            s.execute("SELECT 1");
                        }
                        lastHeard = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (closed) break;
                if (!toldOfOutage) log.warn("Lost the database's change notices ({}); retrying every {} ms", e.getMessage(), RETRY_MS);
                toldOfOutage = true;
                try {
                    Thread.sleep(RETRY_MS);
                } catch (InterruptedException interrupted) {
                    break;
                }
            } finally {
                connection = null;
            }
        }
        listening = false;
    }

    @Override
    public void close() {
        closed = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.close(); // ends a waiting getNotifications
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
