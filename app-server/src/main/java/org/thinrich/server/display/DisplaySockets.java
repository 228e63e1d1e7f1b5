package org.thinrich.server.display;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.thinrich.display.protocol.Limits;
import org.thinrich.display.protocol.Messages.Close;
import org.thinrich.display.protocol.ServerCodec;

/** Writing to a thin client's WebSocket, wherever its session runs: one message, or the protocol's Close and then the socket's. */
public final class DisplaySockets {
    private DisplaySockets() {
    }

    /**
     * A client's socket as just opened. The WebSocket layer takes messages up to 16 times the
     * protocol's limit, so that one above the limit reaches the decoder and is refused with the
     * protocol's 4002 (PROTOCOL.md 5); only a message above that is cut by the WebSocket layer
     * (1009). Text gets a short refusal.
     */
    public static Session limited(Session socket) {
        socket.setMaxBinaryMessageSize(16L * Limits.MAX_CLIENT_MESSAGE);
        socket.setMaxTextMessageSize(256);
        return socket;
    }

    /** Sends one binary message, one writer at a time; nothing once the socket is closed. */
    public static void send(Session socket, byte[] message) {
        if (socket == null || !socket.isOpen()) return;
        synchronized (socket) {
            socket.sendBinary(ByteBuffer.wrap(message), Callback.NOOP);
        }
    }

    /** Sends the protocol's Close, then closes the WebSocket with the same code and (shortened) reason. */
    public static void close(Session socket, int code, String reason) {
        if (socket == null || !socket.isOpen()) return;
        send(socket, ServerCodec.encode(new Close(code, reason)));
        socket.close(code, reason.length() > 120 ? reason.substring(0, 120) : reason, Callback.NOOP);
    }
}
