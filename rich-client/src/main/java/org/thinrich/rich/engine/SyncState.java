package org.thinrich.rich.engine;

/** Where the rich client's link to the server stands, as its status bar shows it. */
public enum SyncState {
    /** Not connected; edits are kept and queued. The detail says why and when it retries. */
    OFFLINE,
    CONNECTING,
    /** Connected and catching up: pulling changes or sending queued edits. */
    SYNCING,
    /** Connected, nothing queued, nothing known to be missing. */
    ONLINE,
    /** The server refused the login or speaks another protocol version; the detail says what to do. */
    FAILED
}
