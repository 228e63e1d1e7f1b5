package org.thinrich.scenarios.cluster;

import java.time.Clock;
import java.util.function.Consumer;
import org.thinrich.calendar.core.CalendarChange;
import org.thinrich.server.store.CalendarStore;
import org.thinrich.server.store.ChangeFeed;
import org.thinrich.server.store.Database;

/**
 * Hears every change committed to a cluster's database, as its nodes do (NOTIFY, then the change
 * log): a scenario times commits of the thin client's edits by it, which no client can see.
 */
public final class StoreObserver implements AutoCloseable {
    private final Database database;
    private final ChangeFeed feed;
    private final AutoCloseable subscription;

    private StoreObserver(Database database, ChangeFeed feed, AutoCloseable subscription) {
        this.database = database;
        this.feed = feed;
        this.subscription = subscription;
    }

    /** Starts hearing {@code user}'s changes on the database at {@code address}. */
    public static StoreObserver open(Database.Address address, String user, Consumer<CalendarChange> heard) {
        Database database = Database.connect(address);
        CalendarStore store = new CalendarStore(database, Clock.systemUTC());
        AutoCloseable subscription = store.subscribe(user, heard);
        ChangeFeed feed = ChangeFeed.start(address, store);
        return new StoreObserver(database, feed, subscription);
    }

    @Override
    public void close() {
        feed.close();
        try {
            subscription.close();
        } catch (Exception ignored) {
            // only a list removal
        }
        database.close();
    }
}
