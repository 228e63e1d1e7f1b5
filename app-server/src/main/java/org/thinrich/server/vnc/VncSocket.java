package org.thinrich.server.vnc;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.rfb.RfbServerConnection;

/**
 * RFB over a WebSocket (/vnc/websockify, binary frames), as noVNC speaks it without a proxy: the
 * frames carry the byte stream split anywhere. Passwords are taken from loopback clients and from
 * clients behind a TLS proxy the server trusts.
 */
public final class VncSocket implements Session.Listener.AutoDemanding {
    private static final Logger log = LoggerFactory.getLogger(VncSocket.class);

    private final VncService service;
    private final String clientAddress;
    private final boolean passwordsAllowed;
    private RfbServerConnection connection;
    private Session socket;

    public VncSocket(VncService service, String clientAddress, boolean passwordsAllowed) {
        this.service = service;
        this.clientAddress = clientAddress;
        this.passwordsAllowed = passwordsAllowed;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        socket = opened;
        opened.setMaxBinaryMessageSize(1 << 20);
        connection = service.connection(new RfbServerConnection.Carrier() {
            @Override
            public void send(byte[] bytes) {
                if (!socket.isOpen()) return;
                synchronized (socket) {
                    socket.sendBinary(ByteBuffer.wrap(bytes), Callback.NOOP);
                }
            }

            @Override
            public void close(String reason) {
                log.debug("Closing a VNC WebSocket: {}", reason);
                if (socket.isOpen()) socket.close(1008, reason.length() > 120 ? reason.substring(0, 120) : reason, Callback.NOOP);
            }
        }, clientAddress, passwordsAllowed);
        connection.start();
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        connection.receive(payload);
        callback.succeed();
    }

    @Override
    public void onWebSocketText(String message) {
        connection.close("VNC over WebSocket travels in binary frames.");
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (connection != null) connection.close("The viewer closed the WebSocket.");
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        log.debug("VNC WebSocket error", cause);
    }
}
