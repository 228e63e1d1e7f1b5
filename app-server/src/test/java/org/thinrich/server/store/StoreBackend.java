package org.thinrich.server.store;

import java.nio.file.Path;
import org.thinrich.testing.TestPostgres;

/** The databases the store runs on; tests of the store run on each (JUnit's {@code @EnumSource}). */
public enum StoreBackend {
    /** The embedded default: an H2 file in the data directory. */
    H2,
    /** A PostgreSQL server (a real one, started for the test JVM), a fresh database per call. */
    POSTGRESQL;

    /** Where a server of this backend keeps its store: null for the file in its data directory. */
    public Database.Address newAddress() {
        if (this == H2) return null;
        TestPostgres.Database db = TestPostgres.newDatabase();
        return new Database.Address(db.url(), db.user(), db.password());
    }

    /** Opens a new, empty store of this backend ({@code directory} holds the H2 file). */
    public Database open(Path directory) {
        Database.Address address = newAddress();
        return address == null ? Database.open(directory) : Database.open(address);
    }
}
