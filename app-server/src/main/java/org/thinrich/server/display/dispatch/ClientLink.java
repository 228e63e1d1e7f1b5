package org.thinrich.server.display.dispatch;

/** The client end of a relayed display connection: the server's WebSocket to a thin client. */
interface ClientLink {
    void toClient(byte[] message);

    /** Sends the protocol's Close with {@code code} and {@code reason}, then closes the socket. */
    void closeClient(int code, String reason);

    /** The session the host opened for this connection, once known. */
    String sessionId();

    void sessionId(String id);
}
