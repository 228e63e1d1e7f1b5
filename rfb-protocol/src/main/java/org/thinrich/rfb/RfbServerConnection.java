package org.thinrich.rfb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.Rect;
import org.thinrich.rfb.ClientMessages.ClientMessage;
import org.thinrich.rfb.ClientMessages.CutText;
import org.thinrich.rfb.ClientMessages.EnableContinuousUpdates;
import org.thinrich.rfb.ClientMessages.Fence;
import org.thinrich.rfb.ClientMessages.KeyEvent;
import org.thinrich.rfb.ClientMessages.PointerEvent;
import org.thinrich.rfb.ClientMessages.SetDesktopSize;
import org.thinrich.rfb.ClientMessages.SetEncodings;
import org.thinrich.rfb.ClientMessages.SetPixelFormat;
import org.thinrich.rfb.ClientMessages.UpdateRequest;
import org.thinrich.rfb.encoding.RawEncoder;
import org.thinrich.rfb.encoding.RectEncoder;
import org.thinrich.rfb.encoding.TightEncoder;
import org.thinrich.rfb.encoding.ZrleEncoder;

/**
 * The server's end of one RFB 3.8 connection, whatever carries its bytes (a TCP socket, WebSocket
 * binary frames): the handshake with VeNCrypt Plain, then the viewer's requests answered from a
 * copy of the screen and what changed in it since the viewer's last update (RFC 6143's pull model:
 * nothing is sent unasked, so a slow viewer gets fewer, newer updates), or, for viewers that take
 * TigerVNC's continuous updates, pushed as it changes and paced by fences.
 *
 * <p>Bytes arrive on the carrier's thread ({@link #receive}); the screen reports changes on its own
 * ({@link #paint}); updates are encoded and sent on the connection's own thread, so neither waits
 * for a slow viewer.
 */
public final class RfbServerConnection {
    /** What carries the bytes. */
    public interface Carrier {
        void send(byte[] bytes);

        /** Closes the connection; {@code reason} goes to the log (RFB has no way to say it once running). */
        void close(String reason);

        /** One more of what {@code counter} counts ("vnc_updates_pushed", "vnc_fences_answered"): for a server's metrics. */
        default void count(String counter) {
        }
    }

    /** The server's accounts: null when the password is right, else the sentence the viewer is told. */
    public interface Accounts {
        String refusal(String user, String password);
    }

    /** Opens the user's screen; it calls {@link #ready} once it knows its size. */
    public interface Screens {
        Screen open(String user, RfbServerConnection viewer);
    }

    /** A screen the viewer's input goes to. */
    public interface Screen {
        void pointer(int buttons, int x, int y);

        void key(boolean down, int keysym);

        /**
         * Asks for a framebuffer of this size; false if the screen cannot take it. Once it has
         * changed, the screen calls {@link #resized}.
         */
        default boolean resize(int width, int height) {
            return false;
        }

        /** The number of the newest input passed on; {@link #paint}'s {@code inputShown} counts the same way. */
        default int lastInput() {
            return 0;
        }

        void close();
    }

    private enum Phase { VERSION, SECURITY_TYPE, VENCRYPT_VERSION, VENCRYPT_SUBTYPE, PLAIN, CLIENT_INIT, WAITING_FOR_SCREEN, RUNNING, CLOSED }

    private final Carrier carrier;
    private final boolean passwordsAllowed;
    private final Accounts accounts;
    private final Screens screens;
    private ByteBuffer input = ByteBuffer.allocate(4096).flip();
    private Phase phase = Phase.VERSION;
    private Screen screen;
    private boolean opening;
    private String user;

    // Guarded by this: the screen as the viewer should see it, what changed, what the viewer asked.
    private Framebuffer frame;
    private Damage damage;
    private String name;
    private PixelFormat format = PixelFormat.DEFAULT;
    private RectEncoder encoder = new RawEncoder();
    private final TightEncoder tight = new TightEncoder(TightEncoder.DEFAULT_COMPRESS_LEVEL);
    private final ZrleEncoder zrle = new ZrleEncoder(6);
    private final RawEncoder raw = new RawEncoder();
    private boolean cursorWanted;
    private boolean cursorSent;
    private UpdateRequest pending;
    private boolean sendScheduled;
    /** Encodes and sends updates off the threads that receive input and paint the screen. */
    private final ExecutorService sender;
    private long bytesSent;
    private long updatesSent;
    /** The newest input the copy of the screen shows (the screen's numbering). */
    private int inputShown;
    // TigerVNC's extensions, when the viewer takes them: fences, and updates pushed without requests.
    private boolean fences;
    private boolean fenceAnnounced;
    private boolean continuousOffered;
    /** The area pushed without requests; null while the viewer asks for each update. */
    private Rect continuous;
    /** Messages that go out before the next update: announcements, answers that wait for nothing. */
    private final List<byte[]> outbox = new ArrayList<>();
    /** The viewer's fences that wait until what came before them is shown and sent. */
    private final ArrayDeque<HeldFence> heldFences = new ArrayDeque<>();
    /** The server's own fences after pushed updates, not yet answered: {number, bytes sent up to it}. */
    private final ArrayDeque<long[]> flowFences = new ArrayDeque<>();
    private long flowFenceNumber;
    /** Bytes sent up to the newest of the server's fences the viewer answered. */
    private long bytesAnswered;

    private record HeldFence(int input, int flags, byte[] payload, long sinceNanos) {
    }

    // Size changes: DesktopSize (-223) and ExtendedDesktopSize (-308) with SetDesktopSize.
    private boolean desktopSizeWanted;
    private boolean extendedSize;
    private boolean sizeAnnounced;
    /** The viewer's SetDesktopSize the screen is working on. */
    private SetDesktopSize sizeAsked;
    /** Size rectangles, encoded, that go first in the next update. */
    private final List<byte[]> sizeRects = new ArrayList<>();

    /**
     * Pushed updates stop while this much the viewer has not confirmed is on the way (the thin path's
     * smallest window): a slow link then gets fewer, newer pictures instead of a queue.
     */
    static final long PUSH_WINDOW = 64 * 1024;
    /** Answers a viewer may have waiting (fences, size answers) before the server takes it for a flood. */
    static final int MAX_WAITING_ANSWERS = 64;
    /** A fence waits at most this long for its inputs to be shown (one the session never answers). */
    static final long FENCE_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);

    /**
     * @param passwordsAllowed whether the connection is one a password may cross: loopback, or TLS
     *                         ended by a proxy the server trusts. Else the viewer is refused before
     *                         it can send one.
     */
    public RfbServerConnection(Carrier carrier, boolean passwordsAllowed, Accounts accounts, Screens screens) {
        this(carrier, passwordsAllowed, accounts, screens, Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rfb-sender");
            t.setDaemon(true);
            return t;
        }));
    }

    /** With the updates encoded and sent on {@code sender} (a test's may run them at once). */
    RfbServerConnection(Carrier carrier, boolean passwordsAllowed, Accounts accounts, Screens screens, ExecutorService sender) {
        this.carrier = carrier;
        this.passwordsAllowed = passwordsAllowed;
        this.accounts = accounts;
        this.screens = screens;
        this.sender = sender;
    }

    /** Starts the handshake: the server speaks first. */
    public void start() {
        carrier.send(Rfb.VERSION_3_8.getBytes(StandardCharsets.US_ASCII));
    }

    /** Bytes from the viewer, in order, split anywhere. */
    public void receive(ByteBuffer bytes) {
        try {
            synchronized (this) {
                if (phase == Phase.CLOSED) return;
                append(bytes);
            }
            while (true) {
                boolean progressed;
                boolean openScreen;
                synchronized (this) {
                    if (phase == Phase.CLOSED) return;
                    progressed = step();
                    openScreen = phase == Phase.WAITING_FOR_SCREEN && screen == null && !opening;
                    if (openScreen) opening = true;
                }
                // Outside the lock: the screen may answer with ready() on another thread before it returns.
                if (openScreen) {
                    Screen opened = screens.open(user, this);
                    synchronized (this) {
                        if (phase != Phase.CLOSED) screen = opened;
                        else opened.close();
                    }
                }
                if (!progressed) break;
            }
        } catch (RfbException e) {
            close(e.getMessage());
        } catch (RuntimeException e) {
            close("The server failed on this connection: " + e);
        }
    }

    /** Adds bytes after the unread ones ({@code input} is kept ready to read). */
    private void append(ByteBuffer bytes) {
        int n = bytes.remaining();
        if (input.capacity() - input.limit() < n) {
            int needed = input.remaining() + n;
            if (needed > Rfb.MAX_CLIENT_TEXT + 64 * 1024) throw new RfbException("The viewer sent more than the server can hold unread");
            ByteBuffer grown = ByteBuffer.allocate(Math.max(4096, needed * 2));
            grown.put(input);
            grown.flip();
            input = grown;
        }
        int read = input.position();
        int end = input.limit();
        input.limit(end + n);
        input.position(end);
        input.put(bytes);
        input.position(read);
    }

    /** Handles one thing the input holds; false when it holds too little for the next. */
    private boolean step() {
        switch (phase) {
            case VERSION -> {
                if (input.remaining() < 12) return false;
                byte[] v = new byte[12];
                input.get(v);
                String version = new String(v, StandardCharsets.US_ASCII);
                if (!version.startsWith("RFB 003.00") || version.compareTo("RFB 003.007\n") < 0) {
                    // A 3.3 viewer reads a u32 where 3.7 and later read a count: 0 and a reason suit both.
                    carrier.send(new Bytes().u32(0).string("This server speaks RFB 3.8; update your viewer.").toByteArray());
                    throw new RfbException("The viewer speaks " + version.trim() + "; this server speaks RFB 3.8");
                }
                if (!passwordsAllowed) {
                    refuseHandshake("VNC logins need a loopback or TLS connection: connect through an SSH tunnel or a TLS proxy.");
                }
                carrier.send(new Bytes().u8(1).u8(Rfb.SECURITY_VENCRYPT).toByteArray());
                phase = Phase.SECURITY_TYPE;
            }
            case SECURITY_TYPE -> {
                if (!input.hasRemaining()) return false;
                int type = input.get() & 0xFF;
                if (type != Rfb.SECURITY_VENCRYPT) {
                    fail("The server offered VeNCrypt (19) only; the viewer chose " + type + ".");
                }
                carrier.send(new Bytes().u8(0).u8(2).toByteArray());
                phase = Phase.VENCRYPT_VERSION;
            }
            case VENCRYPT_VERSION -> {
                if (input.remaining() < 2) return false;
                int major = input.get() & 0xFF;
                int minor = input.get() & 0xFF;
                if (major != 0 || minor != 2) {
                    carrier.send(new Bytes().u8(1).toByteArray());
                    throw new RfbException("The viewer speaks VeNCrypt " + major + "." + minor + "; this server speaks 0.2");
                }
                carrier.send(new Bytes().u8(0).u8(1).u32(Rfb.VENCRYPT_PLAIN).toByteArray());
                phase = Phase.VENCRYPT_SUBTYPE;
            }
            case VENCRYPT_SUBTYPE -> {
                if (input.remaining() < 4) return false;
                int subtype = input.getInt();
                if (subtype != Rfb.VENCRYPT_PLAIN) fail("The server offered VeNCrypt Plain (256) only; the viewer chose " + subtype + ".");
                phase = Phase.PLAIN;
            }
            case PLAIN -> {
                if (input.remaining() < 8) return false;
                int userLength = input.getInt(input.position());
                int passwordLength = input.getInt(input.position() + 4);
                if (userLength < 0 || passwordLength < 0 || userLength > Rfb.MAX_CREDENTIAL || passwordLength > Rfb.MAX_CREDENTIAL) {
                    fail("A user name or password longer than " + Rfb.MAX_CREDENTIAL + " bytes.");
                }
                if (input.remaining() < 8 + userLength + passwordLength) return false;
                input.position(input.position() + 8);
                byte[] u = new byte[userLength];
                byte[] p = new byte[passwordLength];
                input.get(u);
                input.get(p);
                String name = new String(u, StandardCharsets.UTF_8);
                String refusal = accounts.refusal(name, new String(p, StandardCharsets.UTF_8));
                java.util.Arrays.fill(p, (byte) 0);
                if (refusal != null) fail(refusal);
                user = name;
                carrier.send(new Bytes().u32(0).toByteArray());
                phase = Phase.CLIENT_INIT;
            }
            case CLIENT_INIT -> {
                if (!input.hasRemaining()) return false;
                input.get(); // shared-flag: every connection has a session of its own
                phase = Phase.WAITING_FOR_SCREEN;
            }
            case WAITING_FOR_SCREEN, CLOSED -> {
                return false;
            }
            case RUNNING -> {
                ClientMessage message = ClientMessages.read(input);
                if (message == null) return false;
                handle(message);
            }
        }
        return true;
    }

    /** Before security: a count of 0 and the reason (RFC 6143 7.1.2). */
    private void refuseHandshake(String reason) {
        carrier.send(new Bytes().u8(0).string(reason).toByteArray());
        throw new RfbException(reason);
    }

    /** SecurityResult failed, with the reason 3.8 viewers show. */
    private void fail(String reason) {
        carrier.send(new Bytes().u32(1).string(reason).toByteArray());
        throw new RfbException(reason);
    }

    private void handle(ClientMessage message) {
        if (message instanceof UpdateRequest request) {
            // While updates are pushed, incremental requests add nothing; a full one is still answered.
            if (continuous != null && request.incremental()) return;
            if (!request.incremental()) damage.add(new Rect(request.x(), request.y(), request.width(), request.height()));
            pending = request;
            scheduleSend();
        } else if (message instanceof Fence fence) {
            fence(fence);
        } else if (message instanceof SetDesktopSize size) {
            if (!extendedSize) throw new RfbException("SetDesktopSize from a viewer that did not take ExtendedDesktopSize");
            resizeTo(size);
        } else if (message instanceof EnableContinuousUpdates cu) {
            if (!continuousOffered) throw new RfbException("EnableContinuousUpdates before the server offered them");
            if (cu.enable()) {
                continuous = clip(new Rect(cu.x(), cu.y(), cu.width(), cu.height()));
                // What was sent before was asked for: only pushed bytes wait for the viewer's word.
                bytesAnswered = bytesSent;
                flowFences.clear();
            } else {
                continuous = null;
                outbox.add(new byte[] {(byte) Rfb.END_OF_CONTINUOUS_UPDATES});
            }
            scheduleSend();
        } else if (message instanceof PointerEvent p) {
            Screen s = screen;
            if (s != null) s.pointer(p.buttons(), Math.min(p.x(), frame.width() - 1), Math.min(p.y(), frame.height() - 1));
        } else if (message instanceof KeyEvent k) {
            Screen s = screen;
            if (s != null) s.key(k.down(), k.keysym());
        } else if (message instanceof SetEncodings e) {
            chooseEncodings(e.encodings());
        } else if (message instanceof SetPixelFormat f) {
            format = f.format();
        } else if (message instanceof CutText ignored) {
            // The calendar has no clipboard to share.
        }
    }

    private void chooseEncodings(List<Integer> encodings) {
        encoder = raw;
        boolean chosen = false;
        int quality = -1;
        int compress = -1;
        for (int e : encodings) {
            if (!chosen && e == Rfb.TIGHT) {
                encoder = tight;
                chosen = true;
            } else if (!chosen && e == Rfb.ZRLE) {
                encoder = zrle;
                chosen = true;
            } else if (!chosen && e == Rfb.RAW) {
                chosen = true;
            } else if (e >= Rfb.JPEG_QUALITY_0 && e <= Rfb.JPEG_QUALITY_9) {
                quality = e - Rfb.JPEG_QUALITY_0;
            } else if (e >= Rfb.COMPRESS_LEVEL_0 && e <= Rfb.COMPRESS_LEVEL_9) {
                compress = e - Rfb.COMPRESS_LEVEL_0;
            } else if (e == Rfb.CURSOR) {
                cursorWanted = true;
            }
        }
        fences = encodings.contains(Rfb.FENCE_PSEUDO);
        desktopSizeWanted = encodings.contains(Rfb.DESKTOP_SIZE);
        extendedSize = encodings.contains(Rfb.EXTENDED_DESKTOP_SIZE);
        if (extendedSize && !sizeAnnounced) {
            // The layout as it is, once: the viewer learns that it may ask for another size.
            sizeAnnounced = true;
            sizeRects.add(extendedSize(Rfb.SIZE_BY_SERVER, Rfb.SIZE_OK, wholeScreen(frame.width(), frame.height())));
        }
        // Announced once each, as TigerVNC's server does: a fence request (the viewer answers it),
        // then EndOfContinuousUpdates, offered only with fences, which pace the pushed updates.
        if (fences && !fenceAnnounced) {
            fenceAnnounced = true;
            outbox.add(ClientMessages.fence(Rfb.FENCE_REQUEST, new byte[] {0}));
        }
        if (fences && !continuousOffered && encodings.contains(Rfb.CONTINUOUS_UPDATES_PSEUDO)) {
            continuousOffered = true;
            outbox.add(new byte[] {(byte) Rfb.END_OF_CONTINUOUS_UPDATES});
        }
        tight.jpegQuality(quality);
        tight.compressLevel(compress);
        zrle.compressLevel(compress);
        scheduleSend();
    }

    /**
     * A viewer's fence request is answered with its payload and the flags this server honours:
     * BlockBefore, taken as "the inputs before it are shown": the answer follows the update that
     * shows them, so a viewer learns when an input's picture has arrived, as a thin client does from
     * its updates. BlockAfter holds trivially (messages are handled in order); SyncNext is cleared.
     * A fence without the request flag answers one of the server's.
     */
    private void fence(Fence fence) {
        if ((fence.flags() & Rfb.FENCE_REQUEST) == 0) {
            byte[] payload = fence.payload();
            if (payload.length == 8) {
                long number = ByteBuffer.wrap(payload).getLong();
                while (!flowFences.isEmpty() && flowFences.peekFirst()[0] <= number) bytesAnswered = flowFences.pollFirst()[1];
                scheduleSend();
            }
            return;
        }
        if (heldFences.size() >= MAX_WAITING_ANSWERS) throw new RfbException("More than " + MAX_WAITING_ANSWERS + " fences waiting for an answer");
        int flags = fence.flags() & (Rfb.FENCE_BLOCK_BEFORE | Rfb.FENCE_BLOCK_AFTER);
        int input = (flags & Rfb.FENCE_BLOCK_BEFORE) != 0 && screen != null ? screen.lastInput() : 0;
        heldFences.add(new HeldFence(input, flags, fence.payload(), System.nanoTime()));
        scheduleSend();
        if (input > inputShown && sender instanceof java.util.concurrent.ScheduledExecutorService timer) {
            timer.schedule(() -> {
                synchronized (this) {
                    scheduleSend();
                }
            }, FENCE_WAIT_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /**
     * One screen covering the framebuffer, at a size the screen takes: asked of the screen, answered
     * once it has changed ({@link #resized}); anything else is answered at once, with the status.
     */
    private void resizeTo(SetDesktopSize size) {
        if (sizeRects.size() >= MAX_WAITING_ANSWERS) throw new RfbException("More than " + MAX_WAITING_ANSWERS + " size answers waiting for an update request");
        ByteBuffer layout = ByteBuffer.wrap(size.screens());
        boolean whole = size.screens().length == 16 && layout.getShort(4) == 0 && layout.getShort(6) == 0
                && (layout.getShort(8) & 0xFFFF) == size.width() && (layout.getShort(10) & 0xFFFF) == size.height();
        if (sizeAsked != null) sizeRects.add(extendedSize(Rfb.SIZE_BY_THIS_VIEWER, Rfb.SIZE_PROHIBITED, sizeAsked.screens()));
        sizeAsked = null;
        if (!whole) {
            sizeRects.add(extendedSize(Rfb.SIZE_BY_THIS_VIEWER, Rfb.SIZE_INVALID_LAYOUT, size.screens()));
        } else if (size.width() == frame.width() && size.height() == frame.height()) {
            sizeRects.add(extendedSize(Rfb.SIZE_BY_THIS_VIEWER, Rfb.SIZE_OK, size.screens()));
        } else if (screen != null && screen.resize(size.width(), size.height())) {
            sizeAsked = size;
        } else {
            sizeRects.add(extendedSize(Rfb.SIZE_BY_THIS_VIEWER, Rfb.SIZE_INVALID_LAYOUT, size.screens()));
        }
        scheduleSend();
    }

    /** An ExtendedDesktopSize rectangle: reason and status in x and y, the framebuffer's size, the screens. */
    private byte[] extendedSize(int reason, int status, byte[] screens) {
        Bytes r = new Bytes(32 + screens.length);
        RectEncoder.header(r, reason, status, frame.width(), frame.height(), Rfb.EXTENDED_DESKTOP_SIZE);
        r.u8(screens.length / 16).u8(0).u16(0).bytes(screens);
        return r.toByteArray();
    }

    private static byte[] wholeScreen(int width, int height) {
        return SetDesktopSize.oneScreen(width, height).screens();
    }

    private Rect clip(Rect r) {
        int x = Math.min(r.x(), frame.width());
        int y = Math.min(r.y(), frame.height());
        return new Rect(x, y, Math.min(r.width(), frame.width() - x), Math.min(r.height(), frame.height() - y));
    }

    /** Fences whose inputs are shown, with nothing painted left unsent, or that waited too long; in order. */
    private void releaseFences(Bytes out) {
        long now = System.nanoTime();
        while (!heldFences.isEmpty()) {
            HeldFence f = heldFences.peekFirst();
            boolean shown = f.input() <= inputShown && damage.isEmpty();
            if (!shown && now - f.sinceNanos() < FENCE_WAIT_NANOS) return;
            heldFences.pollFirst();
            out.bytes(ClientMessages.fence(f.flags(), f.payload()));
            carrier.count("vnc_fences_answered");
        }
    }

    // ---- the screen's side ----

    /** The screen is up: the viewer gets ServerInit and may ask for updates. */
    public synchronized void ready(int width, int height, String desktopName) {
        if (phase != Phase.WAITING_FOR_SCREEN) return;
        frame = new Framebuffer(width, height);
        damage = new Damage(width, height);
        name = desktopName;
        Bytes init = new Bytes().u16(width).u16(height);
        PixelFormat.DEFAULT.write(init);
        init.string(name);
        carrier.send(init.toByteArray());
        phase = Phase.RUNNING;
        // The viewer may have sent requests after its ClientInit already.
        if (input.hasRemaining()) sender.execute(() -> receive(ByteBuffer.allocate(0)));
    }

    /**
     * The screen changed: {@code painter} brings the copy up to date, {@code changed} says where,
     * {@code inputShown} is the newest input the picture shows ({@link Screen#lastInput}'s numbering).
     */
    public void paint(Consumer<Framebuffer> painter, List<Rect> changed, int inputShown) {
        synchronized (this) {
            if (frame == null || phase == Phase.CLOSED) return;
            painter.accept(frame);
            for (Rect r : changed) damage.add(r);
            this.inputShown = Math.max(this.inputShown, inputShown);
            scheduleSend();
        }
    }

    /**
     * The screen has a new size: the viewer gets a black framebuffer of it (RFC 6143: the old
     * contents are gone), told with ExtendedDesktopSize (answering its SetDesktopSize) or
     * DesktopSize, then the whole picture.
     */
    public synchronized void resized(int width, int height) {
        if (frame == null || phase == Phase.CLOSED) return;
        if (width == frame.width() && height == frame.height()) return;
        frame = new Framebuffer(width, height);
        damage = new Damage(width, height);
        damage.add(new Rect(0, 0, width, height));
        if (continuous != null) continuous = new Rect(0, 0, width, height);
        // A request waiting from before asked for the old area: it gets the whole new picture.
        if (pending != null) pending = new UpdateRequest(true, 0, 0, width, height);
        if (extendedSize) {
            boolean asked = sizeAsked != null && sizeAsked.width() == width && sizeAsked.height() == height;
            sizeRects.add(asked ? extendedSize(Rfb.SIZE_BY_THIS_VIEWER, Rfb.SIZE_OK, sizeAsked.screens())
                    : extendedSize(Rfb.SIZE_BY_SERVER, Rfb.SIZE_OK, wholeScreen(width, height)));
            if (asked) sizeAsked = null;
        } else if (desktopSizeWanted) {
            Bytes r = new Bytes(12);
            RectEncoder.header(r, 0, 0, width, height, Rfb.DESKTOP_SIZE);
            sizeRects.add(r.toByteArray());
        }
        scheduleSend();
    }

    /** The screen went away (its session ended, the server stops). */
    public void screenClosed(String reason) {
        close(reason);
    }

    private void scheduleSend() {
        if (sendScheduled || phase != Phase.RUNNING) return;
        boolean cursor = cursorWanted && !cursorSent;
        boolean asked = pending != null || continuous != null;
        if (outbox.isEmpty() && heldFences.isEmpty() && !(asked && (!damage.isEmpty() || cursor || !sizeRects.isEmpty()))) return;
        sendScheduled = true;
        sender.execute(this::sendUpdate);
    }

    private void sendUpdate() {
        try {
            sendUpdateNow();
        } catch (RuntimeException e) {
            // Said, not lost on the sender's thread (the viewer would wait for an update forever).
            close("The server failed to encode an update: " + e);
        }
    }

    /**
     * Everything due, in one write: announcements and answers first, then the update (asked for, or
     * pushed while the viewer has confirmed enough of what was pushed), the server's fence after a
     * pushed one, and the viewer's fences whose inputs it shows.
     */
    private void sendUpdateNow() {
        byte[] message;
        synchronized (this) {
            sendScheduled = false;
            if (phase != Phase.RUNNING) return;
            Bytes out = new Bytes(64 * 1024);
            for (byte[] m : outbox) out.bytes(m);
            outbox.clear();
            UpdateRequest request = pending;
            boolean pushing = request == null && continuous != null && bytesSent - bytesAnswered < PUSH_WINDOW;
            Rect area = request != null ? clip(new Rect(request.x(), request.y(), request.width(), request.height())) : pushing ? continuous : null;
            boolean cursor = cursorWanted && !cursorSent;
            List<Rect> rects = area == null ? List.of() : damage.take(area);
            if (area != null && (!rects.isEmpty() || cursor || !sizeRects.isEmpty())) {
                pending = null;
                Bytes body = new Bytes(64 * 1024);
                int count = 0;
                for (byte[] size : sizeRects) body.bytes(size);
                count += sizeRects.size();
                sizeRects.clear();
                if (cursor) {
                    Cursors.arrow(body, format);
                    cursorSent = true;
                    count++;
                }
                for (Rect r : rects) count += encoder.encode(frame, r, format, body);
                out.u8(Rfb.FRAMEBUFFER_UPDATE).u8(0).u16(count);
                out.write(body.array(), 0, body.size());
                updatesSent++;
                if (request == null) carrier.count("vnc_updates_pushed");
                if (continuous != null) {
                    long number = ++flowFenceNumber;
                    out.bytes(ClientMessages.fence(Rfb.FENCE_REQUEST, ByteBuffer.allocate(8).putLong(number).array()));
                    flowFences.add(new long[] {number, bytesSent + out.size()});
                }
            }
            releaseFences(out);
            if (out.size() == 0) return;
            message = out.toByteArray();
            bytesSent += message.length;
        }
        carrier.send(message);
    }

    public synchronized long bytesSent() {
        return bytesSent;
    }

    public synchronized long updatesSent() {
        return updatesSent;
    }

    /** The user this connection logged in as, once it has. */
    public synchronized String user() {
        return user;
    }

    /** Ends the connection and its screen; the carrier is told why. */
    public void close(String reason) {
        Screen s;
        synchronized (this) {
            if (phase == Phase.CLOSED) return;
            phase = Phase.CLOSED;
            s = screen;
            screen = null;
        }
        sender.shutdown();
        if (s != null) s.close();
        carrier.close(reason);
    }
}
