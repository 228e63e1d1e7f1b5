package org.thinrich.server.display;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.thinrich.server.LoginDeadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.display.protocol.CloseCode;
import org.thinrich.server.ServerMetrics;
import org.thinrich.server.store.UserAccounts;

/**
 * A thin client's WebSocket on /display when its session runs in the server's own process: the
 * socket carries a {@link DisplayConversation}. Other connections carry on whatever one does.
 */
public final class DisplayEndpoint implements Session.Listener.AutoDemanding, DisplayConversation.Carrier {
    private static final Logger log = LoggerFactory.getLogger(DisplayEndpoint.class);

    private final DisplayConversation conversation;
    private final SessionZone zone;
    private Session socket;
    private java.util.concurrent.ScheduledFuture<?> deadline;

    public DisplayEndpoint(DisplaySessions sessions, UserAccounts accounts, ServerMetrics serverMetrics, SessionZone zone) {
        this.zone = zone;
        conversation = new DisplayConversation(sessions, accounts::userForToken, serverMetrics, this, zone.zone());
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        socket = DisplaySockets.limited(opened);
        if (zone.error() != null) {
            close(CloseCode.PROTOCOL_ERROR, zone.error());
            return;
        }
        deadline = LoginDeadline.arm(() -> conversation.sessionId().isPresent(),
                () -> close(CloseCode.AUTHENTICATION_FAILED, "No hello with a valid login within " + LoginDeadline.WITHIN.toSeconds() + " s."));
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        try {
            conversation.receive(payload);
        } finally {
            callback.succeed();
        }
    }

    @Override
    public void onWebSocketText(String message) {
        close(CloseCode.PROTOCOL_ERROR, "This endpoint speaks binary TRDP messages only.");
    }

    @Override
    public void send(byte[] message) {
        DisplaySockets.send(socket, message);
    }

    @Override
    public void close(int code, String reason) {
        DisplaySockets.close(socket, code, reason);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (deadline != null) deadline.cancel(false);
        conversation.ended();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        log.debug("Display connection error", cause);
    }
}
