package org.thinrich.thin.engine;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.thinrich.display.protocol.ClientCodec;
import org.thinrich.display.protocol.CloseCode;
import org.thinrich.display.protocol.Limits;
import org.thinrich.display.protocol.Messages;
import org.thinrich.display.protocol.Messages.ClientHello;
import org.thinrich.display.protocol.Messages.ClientMessage;
import org.thinrich.display.protocol.Messages.Close;
import org.thinrich.display.protocol.Messages.CursorShape;
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
import org.thinrich.display.protocol.encoding.Encodings;
import org.thinrich.display.protocol.encoding.EncodingStats;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.RawEncoding;
import org.thinrich.display.protocol.encoding.Rect;
import org.thinrich.display.protocol.encoding.UpdateDecoder;

/**
 * The thin client without a window: logs in, holds the framebuffer, decodes updates, sends input,
 * acknowledges frames, measures, and reconnects to the same session after a dropped connection.
 * It knows pixels and input only; no calendar type is reachable from here.
 */
public final class ThinEngine implements AutoCloseable {
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([A-Za-z0-9_-]+)\"");
    private static final Pattern ERROR = Pattern.compile("\"error\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final int MIN_WINDOW = 64 * 1024;
    private static final int MAX_WINDOW = 16 * 1024 * 1024;
    private static final int MAX_RECONNECTS = 100;

    private final URI server;
    private final ThinListener listener;
    /** HTTP/1.1: the server speaks no HTTP/2, and offering the upgrade cost every login 117 B of headers. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final ThinMetrics metrics = new ThinMetrics();
    private final AtomicInteger nextInput = new AtomicInteger(1);
    private final Map<Integer, Long> pendingInputs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "thin-engine-timer");
        t.setDaemon(true);
        return t;
    });

    private volatile List<Integer> offered = Encodings.offeredByDefault();
    private volatile Connection connection;
    private volatile ConnectionState state = ConnectionState.DISCONNECTED;
    private volatile Framebuffer framebuffer;
    private volatile int inputReflected;
    private volatile String sessionId = "";
    /** Sent with every connection so that a load balancer sends a resume where the session is (PROTOCOL.md 1). */
    private final String affinity = newAffinity();
    /** The server that answered the latest connection (its Calendar-Node header): behind a load balancer, the node. */
    private volatile String servedBy = "";
    private volatile boolean closing;
    /** The zone this client's session shows (PROTOCOL.md 1); null: the server's. */
    private volatile java.time.ZoneId zone;
    private String token;
    private int width;
    private int height;
    private final Object reflectedLock = new Object();
    private long windowStartNanos = System.nanoTime();
    private long windowStartBytes;
    /** See {@link #keepAliveEvery}. */
    public static final Duration KEEP_ALIVE = Duration.ofSeconds(20);
    private static final long ACTIVE_PING_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long IDLE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long PONG_WITHIN_NANOS = TimeUnit.SECONDS.toNanos(10);
    private volatile long keepAliveNanos = KEEP_ALIVE.toNanos();
    private volatile long lastActiveNanos = System.nanoTime();
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile long lastPingNanos;
    private int buttons;
    private int pointerX;
    private int pointerY;

    public ThinEngine(URI server, ThinListener listener) {
        this.server = server;
        this.listener = listener;
        timers.scheduleAtFixedRate(this::keepAlive, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * The keep-alive interval while the session is idle (no input, no frames for 5 s): a Ping this
     * often, 26 bytes on the wire, and a connection whose Pong does not come within 10 s is taken
     * as lost and reconnected. While the user works, the engine pings every 2 s, since the round
     * trip sizes its flow-control window. Zero: no pings while idle.
     */
    public void keepAliveEvery(Duration interval) {
        keepAliveNanos = interval.toNanos();
    }

    // ---- connecting ----

    /**
     * The time zone the session is to show, from the next connection on: the user's clock rather
     * than the server's (the viewer sends this machine's). Without it the server's zone.
     */
    public ThinEngine zone(java.time.ZoneId shown) {
        this.zone = java.util.Objects.requireNonNull(shown);
        return this;
    }

    /**
     * The encodings to offer from the next connection on, to compare them (raw is always added);
     * by default every lossless encoding that works on this machine (jpeg only when asked for).
     */
    public ThinEngine offerEncodings(Collection<Integer> ids) {
        offered = encodingsToOffer(ids);
        return this;
    }

    /** {@code ids} with raw added, checked to work here; IllegalArgumentException says what does not. */
    public static List<Integer> encodingsToOffer(Collection<Integer> ids) {
        Set<Integer> chosen = new TreeSet<>(ids);
        chosen.add(RawEncoding.ID);
        for (int id : chosen) {
            if (!Encodings.byId(id).available()) {
                throw new IllegalArgumentException("The " + Encodings.nameOf(id) + " encoding does not work on this machine; leave it out.");
            }
        }
        return List.copyOf(chosen);
    }

    /** Logs in and opens a display session of the given size; returns when the first frame is painted. */
    public void connect(String user, String password, int wantedWidth, int wantedHeight) throws ThinClientException {
        connectWithToken(login(user, password), wantedWidth, wantedHeight);
    }

    /** Opens a display session with a bearer token got elsewhere. */
    public void connectWithToken(String bearerToken, int wantedWidth, int wantedHeight) throws ThinClientException {
        token = bearerToken;
        width = wantedWidth;
        height = wantedHeight;
        setState(ConnectionState.CONNECTING, server.toString());
        open(Duration.ofSeconds(30));
    }

    private String login(String user, String password) throws ThinClientException {
        String body = "{\"user\":\"" + json(user) + "\",\"password\":\"" + json(password) + "\"}";
        HttpRequest request = HttpRequest.newBuilder(server.resolve("/api/login")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ThinClientException("Cannot reach the server at " + server + "; check the address and that the server runs.", e);
        } catch (IOException e) {
            throw new ThinClientException("Cannot reach the server at " + server + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ThinClientException("Interrupted while logging in.", e);
        }
        Matcher token = TOKEN.matcher(response.body());
        if (response.statusCode() == 200 && token.find()) return token.group(1);
        Matcher error = ERROR.matcher(response.body());
        throw new ThinClientException(error.find() ? error.group(1) : "The server refused the login (HTTP " + response.statusCode() + ").");
    }

    private void open(Duration timeout) throws ThinClientException {
        URI socketUri = URI.create(server.toString().replaceFirst("^http", "ws")).resolve("/display?affinity=" + affinity
                + (zone == null ? "" : "&zone=" + java.net.URLEncoder.encode(zone.getId(), java.nio.charset.StandardCharsets.UTF_8)));
        Connection next = new Connection(socketUri);
        connection = next;
        try {
            if (!next.connectBlocking(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ThinClientException("Cannot open the display connection to " + socketUri + ".");
            }
            next.sendMessage(new ClientHello(Limits.VERSION, Limits.DEFAULT_MAX_SERVER_MESSAGE, offered, token, sessionId, width, height));
            if (!next.firstFrame.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ThinClientException(next.closeReason != null ? next.closeReason : "The server sent no picture within " + timeout.toSeconds() + " s.");
            }
            if (next.closeReason != null && framebuffer == null) throw new ThinClientException(next.closeReason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ThinClientException("Interrupted while connecting.", e);
        }
    }

    // ---- input ----

    /** Moves the pointer and sets the buttons held; returns the input number. */
    public int pointer(int x, int y, int heldButtons, int modifiers) {
        pointerX = x;
        pointerY = y;
        buttons = heldButtons;
        return send(n -> new PointerInput(n, x, y, heldButtons, modifiers));
    }

    /** A click of the primary button at (x, y): move, press, release. Returns the last input number. */
    public int click(int x, int y) {
        pointer(x, y, buttons, 0);
        pointer(x, y, buttons | Messages.PRIMARY, 0);
        return pointer(x, y, buttons & ~Messages.PRIMARY, 0);
    }

    public int doubleClick(int x, int y) {
        click(x, y);
        return click(x, y);
    }

    /** Presses at (fromX, fromY), moves in steps to (toX, toY), releases, all at once. */
    public int drag(int fromX, int fromY, int toX, int toY, int steps) {
        return drag(fromX, fromY, toX, toY, steps, 0);
    }

    /**
     * Presses at (fromX, fromY), moves in steps to (toX, toY), releases: a drag as a hand makes it,
     * {@code pauseMillis} between the moves and before the release (16 for a mouse reporting at
     * 60 Hz; 0 sends them all at once). Returns the release's input number.
     */
    public int drag(int fromX, int fromY, int toX, int toY, int steps, long pauseMillis) {
        pointer(fromX, fromY, 0, 0);
        pointer(fromX, fromY, Messages.PRIMARY, 0);
        for (int i = 1; i <= steps; i++) {
            pause(pauseMillis);
            pointer(fromX + (toX - fromX) * i / steps, fromY + (toY - fromY) * i / steps, Messages.PRIMARY, 0);
        }
        pause(pauseMillis);
        return pointer(toX, toY, 0, 0);
    }

    private static void pause(long millis) {
        if (millis <= 0) return;
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the server for a framebuffer of this size, e.g. after the window was resized. */
    public void requestResize(int wantedWidth, int wantedHeight) {
        width = wantedWidth;
        height = wantedHeight;
        Connection c = connection;
        if (c != null) c.sendMessage(new Messages.ResizeRequest(wantedWidth, wantedHeight));
    }

    public int wheel(int deltaY) {
        return send(n -> new WheelInput(n, pointerX, pointerY, 0, deltaY, 0));
    }

    public int key(int virtualKeyCode, boolean pressed, int modifiers) {
        return send(n -> new KeyInput(n, pressed, virtualKeyCode, modifiers));
    }

    /** Presses and releases a key; returns the input number of the release. */
    public int typeKey(int virtualKeyCode, int modifiers) {
        key(virtualKeyCode, true, modifiers);
        return key(virtualKeyCode, false, modifiers);
    }

    /** Types text, in pieces of at most 64 characters. */
    public int text(String text) {
        int last = -1;
        for (int i = 0; i < text.length(); i += 64) {
            String piece = text.substring(i, Math.min(text.length(), i + 64));
            last = send(n -> new TextInput(n, piece));
        }
        return last;
    }

    private interface InputFactory {
        Messages.InputEvent make(int number);
    }

    private int send(InputFactory factory) {
        int number = nextInput.getAndIncrement();
        Connection c = connection;
        // Input made while disconnected is dropped, as a remote display does: it would act on a stale picture.
        if (c != null && c.isOpen()) {
            pendingInputs.put(number, System.nanoTime());
            c.sendMessage(factory.make(number));
            lastActiveNanos = System.nanoTime();
        }
        return number;
    }

    /** Waits until an update reflecting input {@code number} is painted; false on timeout. */
    public boolean awaitReflected(int number, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (reflectedLock) {
            while (inputReflected < number) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(reflectedLock, left);
            }
        }
        return true;
    }

    /** Waits until no update arrived for {@code quiet}, at most {@code timeout}: the UI has settled. */
    public boolean awaitQuiet(Duration quiet, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long frames = metrics.frames();
            Thread.sleep(quiet.toMillis());
            if (metrics.frames() == frames) return true;
        }
        return false;
    }

    // ---- receiving ----

    private void received(Connection from, ByteBuffer bytes) {
        lastHeardNanos = System.nanoTime();
        metrics.bytesDown.addAndGet(bytes.remaining());
        metrics.messagesDown.incrementAndGet();
        ServerMessage message;
        try {
            message = ClientCodec.decode(bytes, Limits.DEFAULT_MAX_SERVER_MESSAGE);
        } catch (ProtocolException e) {
            from.sendMessage(new Close(e.closeCode(), e.getMessage()));
            from.close(e.closeCode(), e.getMessage());
            return;
        }
        if (message instanceof FramebufferUpdate update) {
            lastActiveNanos = lastHeardNanos;
            paint(from, update);
        }
        else if (message instanceof ServerInit init) start(from, init);
        else if (message instanceof Ping ping) from.sendMessage(new Pong(ping.payload()));
        else if (message instanceof Pong pong) {
            long rtt = System.nanoTime() - pong.payload();
            if (rtt >= 0) {
                metrics.rttNanos.recordValue(rtt);
                metrics.lastRttNanos.set(rtt);
            }
        } else if (message instanceof CursorShape cursor) listener.cursorChanged(cursor.shape());
        else if (message instanceof Close close) from.closeReason = close.reason();
        else if (message instanceof Messages.DesktopSize size) {
            // A new size starts a new zlib stream on both sides, and a black framebuffer.
            if (from.decoder != null) from.decoder.close();
            from.decoder = new UpdateDecoder();
            metrics.encodings = from.decoder.stats();
            resize(size.width(), size.height());
        }
    }

    private void start(Connection from, ServerInit init) {
        boolean resumed = init.resumed() && framebuffer != null && framebuffer.width() == init.width() && framebuffer.height() == init.height();
        sessionId = init.sessionId();
        from.decoder = new UpdateDecoder();
        metrics.encodings = from.decoder.stats();
        // A new connection starts from black on the server's side too, so the client does the same.
        resize(init.width(), init.height());
        setState(ConnectionState.CONNECTED, (resumed ? "resumed session " : "session ") + init.sessionId());
    }

    private void resize(int w, int h) {
        Framebuffer fresh = new Framebuffer(w, h);
        framebuffer = fresh;
        listener.resized(fresh);
    }

    private void paint(Connection from, FramebufferUpdate update) {
        Framebuffer target = framebuffer;
        if (target == null || from.decoder == null) throw new ProtocolException("An update came before ServerInit");
        long started = System.nanoTime();
        synchronized (target) {
            from.decoder.apply(update, target);
        }
        long painted = System.nanoTime();
        metrics.decodeNanos.recordValue(painted - started);
        metrics.frames.incrementAndGet();
        List<Rect> damaged = new ArrayList<>(update.rects().size());
        update.rects().forEach(r -> damaged.add(new Rect(r.x(), r.y(), r.width(), r.height())));
        listener.painted(target, damaged);
        int reflected = update.inputReflected();
        pendingInputs.entrySet().removeIf(e -> {
            if (e.getKey() > reflected) return false;
            long latency = painted - e.getValue();
            metrics.inputToDisplayNanos.recordValue(Math.max(0, latency));
            metrics.lastInputToDisplayNanos.set(latency);
            return true;
        });
        synchronized (reflectedLock) {
            inputReflected = Math.max(inputReflected, reflected);
            reflectedLock.notifyAll();
        }
        from.sendMessage(new UpdateAck(update.frame(), window()));
        from.firstFrame.countDown();
    }

    /** Twice the bandwidth-delay product seen lately: enough to keep the link busy, no more. */
    private synchronized int window() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - windowStartNanos) / 1e9);
        double bytesPerSecond = (metrics.bytesDown() - windowStartBytes) / seconds;
        if (seconds > 2) {
            windowStartNanos = now;
            windowStartBytes = metrics.bytesDown();
        }
        double rtt = Math.max(0.001, metrics.lastRttMillis() / 1000.0);
        long window = (long) (2 * bytesPerSecond * rtt);
        return (int) Math.max(MIN_WINDOW, Math.min(MAX_WINDOW, window));
    }

    /** Pings every 2 s while the user works, every keep-alive interval while idle; a ping unanswered for 10 s means a dead connection. */
    private void keepAlive() {
        Connection c = connection;
        // Not before the first picture: a session that is starting (a host being launched) answers nothing yet.
        if (c == null || !c.isOpen() || c.firstFrame.getCount() > 0) return;
        long now = System.nanoTime();
        if (lastPingNanos > lastHeardNanos && now - lastPingNanos > PONG_WITHIN_NANOS) {
            c.closeConnection(1006, "no answer to a ping within " + TimeUnit.NANOSECONDS.toSeconds(PONG_WITHIN_NANOS) + " s");
            return;
        }
        long every = now - lastActiveNanos < IDLE_AFTER_NANOS ? ACTIVE_PING_NANOS : keepAliveNanos;
        if (every > 0 && now - lastPingNanos >= every) {
            lastPingNanos = now;
            c.sendMessage(new Ping(now));
        }
    }

    private void lost(Connection from, String reason, int code) {
        if (from != connection || closing) return;
        if (code == CloseCode.AUTHENTICATION_FAILED || code == CloseCode.PROTOCOL_ERROR || code == CloseCode.UNSUPPORTED_VERSION) {
            setState(ConnectionState.CLOSED, reason);
            return;
        }
        setState(ConnectionState.RECONNECTING, reason);
        timers.execute(this::reconnect);
    }

    private void reconnect() {
        long delay = 250;
        for (int attempt = 1; attempt <= MAX_RECONNECTS && !closing; attempt++) {
            try {
                Thread.sleep(delay);
                open(Duration.ofSeconds(10));
                return;
            } catch (ThinClientException e) {
                setState(ConnectionState.RECONNECTING, "attempt " + attempt + ": " + e.getMessage());
                delay = Math.min(5_000, delay * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!closing) setState(ConnectionState.CLOSED, "Gave up reconnecting after " + MAX_RECONNECTS + " attempts.");
    }

    private void setState(ConnectionState next, String detail) {
        state = next;
        listener.stateChanged(next, detail);
    }

    // ---- reading ----

    public ConnectionState state() {
        return state;
    }

    public ThinMetrics metrics() {
        return metrics;
    }

    private static String newAffinity() {
        byte[] key = new byte[8];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.HexFormat.of().formatHex(key);
    }

    /** The key this client sends with each connection for a load balancer's affinity (PROTOCOL.md 1). */
    public String affinity() {
        return affinity;
    }

    /** The server (host:port) that answered the latest display connection, empty before the first. */
    public String servedBy() {
        return servedBy;
    }

    public String sessionId() {
        return sessionId;
    }

    /** Whether the connection's socket sends each input at once (TCP_NODELAY); false while not connected. */
    public boolean sendsAtOnce() {
        Connection c = connection;
        try {
            return c != null && c.getSocket() != null && c.getSocket().getTcpNoDelay();
        } catch (java.net.SocketException closed) {
            return false;
        }
    }

    /** The framebuffer; synchronize on it while reading pixels. */
    public Framebuffer framebuffer() {
        return framebuffer;
    }

    /** A copy of what the client shows now. */
    public Framebuffer snapshot() {
        Framebuffer current = framebuffer;
        synchronized (current) {
            return current.copy();
        }
    }

    public EncodingStats encodings() {
        return metrics.encodings();
    }

    /** Drops the connection without closing the session, as a network failure would (for tests and demos). */
    public void dropConnection() {
        Connection c = connection;
        if (c != null) c.closeConnection(1006, "dropped on purpose");
    }

    @Override
    public void close() {
        closing = true;
        Connection c = connection;
        if (c != null && c.isOpen()) {
            c.sendMessage(new Close(CloseCode.NORMAL, "client closed"));
            c.close();
        }
        timers.shutdownNow();
        setState(ConnectionState.CLOSED, "closed");
    }

    private static String json(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** One WebSocket connection; a reconnect makes a new one. */
    private final class Connection extends WebSocketClient {
        final CountDownLatch firstFrame = new CountDownLatch(1);
        volatile UpdateDecoder decoder;
        volatile String closeReason;

        Connection(URI uri) {
            super(uri);
            setConnectionLostTimeout(0); // the protocol has its own pings
            // Inputs are small messages that must go at once. With Nagle's algorithm on (the
            // library's default) a press sent just after a move waited for the move's ACK, which
            // the server delays while it has nothing to say: up to 40 ms added to a click.
            setTcpNoDelay(true);
        }

        void sendMessage(ClientMessage message) {
            byte[] bytes = ClientCodec.encode(message);
            if (!isOpen()) return;
            try {
                send(bytes);
                metrics.bytesUp.addAndGet(bytes.length);
                metrics.messagesUp.incrementAndGet();
            } catch (org.java_websocket.exceptions.WebsocketNotConnectedException ignored) {
                // lost meanwhile: onClose handles it
            }
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            servedBy = handshake.hasFieldValue("Calendar-Node") ? handshake.getFieldValue("Calendar-Node") : "";
        }

        @Override
        public void onMessage(String message) {
            close(CloseCode.PROTOCOL_ERROR, "text messages are not part of the protocol");
        }

        @Override
        public void onMessage(ByteBuffer bytes) {
            try {
                received(this, bytes);
            } catch (ProtocolException e) {
                closeReason = e.getMessage();
                close(e.closeCode(), e.getMessage());
            }
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            if (closeReason == null) closeReason = reason == null || reason.isEmpty() ? "connection closed (" + code + ")" : reason;
            firstFrame.countDown();
            if (decoder != null) decoder.close();
            lost(this, closeReason, code);
        }

        @Override
        public void onError(Exception e) {
            if (closeReason == null) closeReason = e.getMessage();
        }
    }
}
