package org.thinrich.sync.protocol;

/**
 * Where a replica stands: every change of this store up to {@code version} is in it. The store id
 * tells a token of this server's database from one of another (or of a database made anew), which
 * the server cannot continue from.
 */
public record SyncToken(long storeId, long version) {
    public SyncToken {
        if (version < 0) throw new IllegalArgumentException("A sync token's version is never negative: " + version);
    }

    /** The token of a replica that has nothing yet: a pull from it returns everything. */
    public static SyncToken start(long storeId) {
        return new SyncToken(storeId, 0);
    }
}
