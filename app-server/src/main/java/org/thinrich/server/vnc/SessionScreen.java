package org.thinrich.server.vnc;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.display.protocol.ClientCodec;
import org.thinrich.display.protocol.Limits;
import org.thinrich.display.protocol.Messages;
import org.thinrich.display.protocol.Messages.ClientHello;
import org.thinrich.display.protocol.Messages.Close;
import org.thinrich.display.protocol.Messages.FramebufferUpdate;
import org.thinrich.display.protocol.Messages.KeyInput;
import org.thinrich.display.protocol.Messages.Ping;
import org.thinrich.display.protocol.Messages.PointerInput;
import org.thinrich.display.protocol.Messages.Pong;
import org.thinrich.display.protocol.Messages.ServerInit;
import org.thinrich.display.protocol.Messages.ServerMessage;
import org.thinrich.display.protocol.Messages.TextInput;
import org.thinrich.display.protocol.Messages.UpdateAck;
import org.thinrich.display.protocol.Messages.WheelInput;
import org.thinrich.display.protocol.ProtocolException;
import org.thinrich.display.protocol.encoding.CopyRectEncoding;
import org.thinrich.display.protocol.encoding.RawEncoding;
import org.thinrich.display.protocol.encoding.Rect;
import org.thinrich.display.protocol.encoding.SolidEncoding;
import org.thinrich.display.protocol.encoding.UpdateDecoder;
import org.thinrich.rfb.RfbServerConnection;
import org.thinrich.server.display.DisplayLine;

/**
 * A VNC viewer's screen: a thin session like any other, which this server holds the display
 * protocol's end of. The session's updates are painted into the VNC connection's copy of the
 * screen and acknowledged at once (the VNC side has its own flow: the viewer's requests); RFB input
 * becomes the display protocol's input. Uncompressed rectangles are asked for, since they only
 * cross this process or the pipe to a session host and are encoded again for the viewer.
 */
final class SessionScreen implements RfbServerConnection.Screen, DisplayLine.Peer {
    private static final Logger log = LoggerFactory.getLogger(SessionScreen.class);
    static final int WIDTH = 1280;
    static final int HEIGHT = 800;
    /** The session's updates are acknowledged as painted, so this window never fills. */
    private static final int WINDOW = 64 << 20;

    private final RfbServerConnection viewer;
    private final String user;
    private final UpdateDecoder decoder = new UpdateDecoder();
    /**
     * Messages to the session, in order, on a thread of their own: an in-process session answers
     * some of them (acks) by sending at once, and its sends reach this class on its own threads.
     */
    private final java.util.concurrent.ExecutorService toSession = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vnc-to-session");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.CompletableFuture<DisplayLine> line = new java.util.concurrent.CompletableFuture<>();
    private int input;
    private int buttons;
    private int modifiers;
    private volatile boolean closed;

    private SessionScreen(RfbServerConnection viewer, String user) {
        this.viewer = viewer;
        this.user = user;
    }

    static SessionScreen open(RfbServerConnection viewer, String user, VncService.Sessions opener) {
        SessionScreen screen = new SessionScreen(viewer, user);
        byte[] hello = ClientCodec.encode(new ClientHello(Limits.VERSION, Limits.DEFAULT_MAX_SERVER_MESSAGE,
                List.of(RawEncoding.ID, SolidEncoding.ID, CopyRectEncoding.ID), "", "", WIDTH, HEIGHT));
        try {
            screen.line.complete(opener.open(user, hello, screen));
        } catch (RuntimeException e) {
            screen.line.completeExceptionally(e);
            throw e;
        }
        return screen;
    }

    // ---- from the session ----

    @Override
    public void fromSession(byte[] serverMessage) {
        ServerMessage message;
        try {
            message = ClientCodec.decode(ByteBuffer.wrap(serverMessage), Limits.DEFAULT_MAX_SERVER_MESSAGE);
        } catch (ProtocolException e) {
            viewer.screenClosed("The session sent what this server cannot read: " + e.getMessage());
            return;
        }
        if (message instanceof ServerInit init) {
            viewer.ready(init.width(), init.height(), user + "'s calendar");
        } else if (message instanceof FramebufferUpdate update) {
            List<Rect> changed = new ArrayList<>(update.rects().size());
            for (Messages.EncodedRect r : update.rects()) changed.add(new Rect(r.x(), r.y(), r.width(), r.height()));
            viewer.paint(frame -> decoder.apply(update, frame), changed, update.inputReflected());
            toSession(new UpdateAck(update.frame(), WINDOW));
        } else if (message instanceof Messages.DesktopSize size) {
            viewer.resized(size.width(), size.height());
        } else if (message instanceof Ping ping) {
            toSession(new Pong(ping.payload()));
        } else if (message instanceof Close close) {
            viewer.screenClosed(close.reason());
        }
    }

    @Override
    public void closed(int code, String reason) {
        if (!closed) viewer.screenClosed(reason);
    }

    // ---- from the viewer ----

    @Override
    public synchronized void pointer(int mask, int x, int y) {
        int held = mask & 7; // left, middle, right: the display protocol's bits in the same order
        // Bits 3 and 4 (and 5, 6 sideways) are wheel notches: a press is one notch.
        int pressed = mask & ~buttons;
        if ((pressed & 8) != 0) toSession(new WheelInput(++input, x, y, 0, -1, modifiers));
        if ((pressed & 16) != 0) toSession(new WheelInput(++input, x, y, 0, 1, modifiers));
        if ((pressed & 32) != 0) toSession(new WheelInput(++input, x, y, -1, 0, modifiers));
        if ((pressed & 64) != 0) toSession(new WheelInput(++input, x, y, 1, 0, modifiers));
        toSession(new PointerInput(++input, x, y, held, modifiers));
        buttons = mask;
    }

    @Override
    public synchronized void key(boolean down, int keysym) {
        int modifier = Keysyms.modifier(keysym);
        if (modifier != 0) {
            modifiers = down ? modifiers | modifier : modifiers & ~modifier;
            return;
        }
        int code = Keysyms.keyCode(keysym);
        if (code != 0) toSession(new KeyInput(++input, down, code, modifiers));
        int cp = Keysyms.codePoint(keysym);
        boolean shortcut = (modifiers & (Messages.CONTROL | Messages.ALT | Messages.META)) != 0;
        if (down && cp >= 0 && !shortcut) toSession(new TextInput(++input, new String(Character.toChars(cp))));
    }

    /** A size the session takes as it is; another is refused (the session would give the nearest, not the one asked for). */
    @Override
    public boolean resize(int width, int height) {
        if (width < Limits.MIN_SESSION_WIDTH || width > Limits.MAX_SESSION_WIDTH || height < Limits.MIN_SESSION_HEIGHT
                || height > Limits.MAX_SESSION_HEIGHT) return false;
        toSession(new Messages.ResizeRequest(width, height));
        return true;
    }

    @Override
    public synchronized int lastInput() {
        return input;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        toSession.execute(() -> line.join().hangUp());
        toSession.shutdown();
    }

    private void toSession(Messages.ClientMessage message) {
        byte[] bytes = ClientCodec.encode(message);
        try {
            toSession.execute(() -> {
                try {
                    line.join().send(bytes);
                } catch (RuntimeException e) {
                    log.debug("A VNC viewer's message did not reach its session", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closedAlready) {
            // The viewer is gone; its session waits its grace period.
        }
    }
}
