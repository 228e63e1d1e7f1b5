package org.thinrich.server.display;

/** Where a display session sends its messages: the client's WebSocket, while it is connected. */
interface DisplayConnection {
    void send(byte[] message);

    void close(int code, String reason);
}
