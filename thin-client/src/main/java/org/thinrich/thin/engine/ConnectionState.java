package org.thinrich.thin.engine;

/** Where the thin client's connection stands, as its status bar shows it. */
public enum ConnectionState {
    DISCONNECTED, CONNECTING, CONNECTED, RECONNECTING, CLOSED
}
