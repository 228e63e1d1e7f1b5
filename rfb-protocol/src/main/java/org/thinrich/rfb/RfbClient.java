package org.thinrich.rfb;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.Rect;
import org.thinrich.rfb.ClientMessages.KeyEvent;
import org.thinrich.rfb.ClientMessages.PointerEvent;
import org.thinrich.rfb.ClientMessages.SetEncodings;
import org.thinrich.rfb.ClientMessages.SetPixelFormat;
import org.thinrich.rfb.ClientMessages.UpdateRequest;
import org.thinrich.rfb.encoding.CopyRectDecoder;
import org.thinrich.rfb.encoding.RawDecoder;
import org.thinrich.rfb.encoding.RectDecoder;
import org.thinrich.rfb.encoding.TightDecoder;
import org.thinrich.rfb.encoding.ZrleDecoder;

/**
 * A headless VNC viewer: logs in with VeNCrypt Plain, keeps the framebuffer, and asks for the next
 * incremental update as soon as one has arrived, as TigerVNC's viewer does. Offered fences (-312)
 * and continuous updates (-313) in its encodings and confirmed by the server, it answers the
 * server's fences and has updates pushed instead (as TigerVNC's viewer does too), and it can ask
 * when an input is shown: {@link #fenceWith}. The workbench drives it through the same steps as the
 * thin client; tests use it to check the server end.
 */
public final class RfbClient implements Closeable {
    /** One FramebufferUpdate as it arrived: when (System.nanoTime), its rectangles and its bytes. */
    public record Update(long arrivedNanos, int rects, long bytes, Map<String, Integer> encodings) {
    }

    private final Socket socket;
    private final CountingInput counted;
    private final DataInputStream in;
    private final java.io.BufferedOutputStream out;
    /** While above 0, sends wait in {@link #out} and go in one write ({@link #fenceWith}). */
    private int corked;
    private final boolean wantsContinuous;
    private volatile boolean continuous;
    private volatile boolean serverFences;
    private volatile int lastSizeAnswer = -1;
    private long fencesAsked;
    /** When the server answered each of this viewer's fences (System.nanoTime), by number. */
    private final Map<Long, Long> fenceAnswers = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong bytesSent = new AtomicLong();
    private final Map<Integer, RectDecoder> decoders = Map.of(Rfb.RAW, new RawDecoder(), Rfb.COPY_RECT, new CopyRectDecoder(),
            Rfb.ZRLE, new ZrleDecoder(), Rfb.TIGHT, new TightDecoder());
    private final PixelFormat format = PixelFormat.DEFAULT;
    private final String desktopName;
    private final List<Consumer<Update>> listeners = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private Framebuffer frame;
    private long updates;
    private volatile Throwable failure;
    private volatile boolean closed;

    private RfbClient(Socket socket, String user, String password, List<Integer> encodings) throws IOException {
        this.socket = socket;
        this.counted = new CountingInput(socket.getInputStream());
        this.in = new DataInputStream(new BufferedInputStream(counted, 64 * 1024));
        this.out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8192);
        this.wantsContinuous = encodings.contains(Rfb.CONTINUOUS_UPDATES_PSEUDO);
        byte[] version = new byte[12];
        in.readFully(version);
        if (!new String(version, StandardCharsets.US_ASCII).startsWith("RFB 003.")) throw new RfbException("The server does not speak RFB");
        send(Rfb.VERSION_3_8.getBytes(StandardCharsets.US_ASCII));
        int types = in.readUnsignedByte();
        if (types == 0) throw new RfbException(reason());
        boolean vencrypt = false;
        for (int i = 0; i < types; i++) vencrypt |= in.readUnsignedByte() == Rfb.SECURITY_VENCRYPT;
        if (!vencrypt) throw new RfbException("The server does not offer VeNCrypt");
        send(new byte[] {(byte) Rfb.SECURITY_VENCRYPT});
        in.readUnsignedShort(); // the server's VeNCrypt version
        send(new byte[] {0, 2});
        if (in.readUnsignedByte() != 0) throw new RfbException("The server refused VeNCrypt 0.2");
        int subtypes = in.readUnsignedByte();
        boolean plain = false;
        for (int i = 0; i < subtypes; i++) plain |= in.readInt() == Rfb.VENCRYPT_PLAIN;
        if (!plain) throw new RfbException("The server does not offer VeNCrypt Plain");
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        byte[] p = password.getBytes(StandardCharsets.UTF_8);
        send(new Bytes().u32(Rfb.VENCRYPT_PLAIN).u32(u.length).u32(p.length).bytes(u).bytes(p).toByteArray());
        if (in.readInt() != 0) throw new RfbException(reason());
        send(new byte[] {1}); // ClientInit, shared
        int width = in.readUnsignedShort();
        int height = in.readUnsignedShort();
        byte[] serverFormat = new byte[16];
        in.readFully(serverFormat);
        desktopName = reason();
        frame = new Framebuffer(width, height);
        send(ClientMessages.write(new SetPixelFormat(format)));
        List<Integer> offered = new ArrayList<>(encodings);
        offered.add(Rfb.DESKTOP_SIZE);
        offered.add(Rfb.LAST_RECT);
        send(ClientMessages.write(new SetEncodings(offered)));
        send(ClientMessages.write(new UpdateRequest(false, 0, 0, width, height)));
        reader = new Thread(this::readUpdates, "rfb-client");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Connects and logs in; {@code encodings} in order of preference (e.g. Tight, then CopyRect).
     * Throws {@link RfbException} with the server's reason when it refuses.
     */
    public static RfbClient connect(String host, int port, String user, String password, List<Integer> encodings) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 10_000);
            socket.setSoTimeout(0);
            return new RfbClient(socket, user, password, encodings);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private String reason() throws IOException {
        int n = in.readInt();
        byte[] b = RectDecoder.read(in, n, 64 * 1024);
        return new String(b, StandardCharsets.UTF_8);
    }

    private synchronized void send(byte[] bytes) throws IOException {
        out.write(bytes);
        if (corked == 0) out.flush();
        bytesSent.addAndGet(bytes.length);
    }

    /**
     * Sends what {@code lastInput} sends and, in the same write, a fence asking to be answered once
     * that input is shown (BlockBefore); returns the fence's number for {@link #awaitFence}, or -1
     * (the input sent alone) if the server has not confirmed fences.
     */
    public long fenceWith(InputAction lastInput) throws IOException {
        if (!serverFences) {
            lastInput.send();
            return -1;
        }
        synchronized (this) {
            corked++;
            try {
                lastInput.send();
                long number = ++fencesAsked;
                send(ClientMessages.fence(Rfb.FENCE_REQUEST | Rfb.FENCE_BLOCK_BEFORE, ByteBuffer.allocate(8).putLong(number).array()));
                return number;
            } finally {
                corked--;
                out.flush();
            }
        }
    }

    /** Input sent by {@link #fenceWith}. */
    public interface InputAction {
        void send() throws IOException;
    }

    /** When the server answered fence {@code number} (System.nanoTime); -1 after {@code timeout} or a broken connection. */
    public long awaitFence(long number, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!fenceAnswers.containsKey(number) && failure == null && !closed) {
                long left = end - System.nanoTime();
                if (left <= 0) return -1;
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            Long at = fenceAnswers.remove(number);
            return at == null ? -1 : at;
        }
    }

    /**
     * Asks for a framebuffer of this size, one screen covering it (the viewer must have offered
     * ExtendedDesktopSize); the server's answer is {@link #lastSizeAnswer()}.
     */
    public void setDesktopSize(int width, int height) throws IOException {
        send(ClientMessages.write(ClientMessages.SetDesktopSize.oneScreen(width, height)));
    }

    /** The status of the server's last answer to {@link #setDesktopSize} (0 done, 1 prohibited, 3 invalid), -1 before one. */
    public int lastSizeAnswer() {
        return lastSizeAnswer;
    }

    /** Whether the server pushes updates (continuous updates enabled and confirmed). */
    public boolean continuousUpdates() {
        return continuous;
    }

    /** A server fence: requests are answered at once (this viewer handles messages in order), answers are noted. */
    private void serverFence() throws IOException {
        in.readFully(new byte[3]);
        int flags = in.readInt();
        int length = in.readUnsignedByte();
        if (length > Rfb.MAX_FENCE_PAYLOAD) throw new RfbException("A server fence of " + length + " bytes");
        byte[] payload = new byte[length];
        in.readFully(payload);
        serverFences = true;
        if ((flags & Rfb.FENCE_REQUEST) != 0) {
            send(ClientMessages.fence(flags & (Rfb.FENCE_BLOCK_BEFORE | Rfb.FENCE_BLOCK_AFTER), payload));
        } else if (length == 8) {
            long now = System.nanoTime();
            synchronized (this) {
                fenceAnswers.put(ByteBuffer.wrap(payload).getLong(), now);
                notifyAll();
            }
        }
    }

    private void readUpdates() {
        try {
            while (!closed) {
                int type = in.readUnsignedByte();
                long before = counted.count() - in.available() - 1;
                switch (type) {
                    case Rfb.FRAMEBUFFER_UPDATE -> update(before);
                    case Rfb.BELL -> { }
                    case Rfb.FENCE -> serverFence();
                    case Rfb.END_OF_CONTINUOUS_UPDATES -> {
                        // First the server's offer, later its word that pushing stopped.
                        if (wantsContinuous && !continuous) {
                            continuous = true;
                            send(ClientMessages.write(new ClientMessages.EnableContinuousUpdates(true, 0, 0, frame.width(), frame.height())));
                        } else if (continuous) {
                            continuous = false; // back to asking for each update
                            send(ClientMessages.write(new UpdateRequest(true, 0, 0, frame.width(), frame.height())));
                        }
                    }
                    case Rfb.SERVER_CUT_TEXT -> {
                        in.readFully(new byte[3]);
                        int n = in.readInt();
                        RectDecoder.read(in, Math.abs(n), 16 << 20);
                    }
                    default -> throw new RfbException("Unknown server message type " + type);
                }
            }
        } catch (EOFException | java.net.SocketException e) {
            if (!closed) failure = e;
        } catch (IOException | RuntimeException e) {
            if (!closed) failure = e;
        } finally {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    private void update(long startBytes) throws IOException {
        in.readUnsignedByte();
        int count = in.readUnsignedShort();
        Map<String, Integer> used = new java.util.TreeMap<>();
        int rects = 0;
        synchronized (this) {
            for (int i = 0; i < count; i++) {
                int x = in.readUnsignedShort();
                int y = in.readUnsignedShort();
                int w = in.readUnsignedShort();
                int h = in.readUnsignedShort();
                int encoding = in.readInt();
                if (encoding == Rfb.LAST_RECT) break;
                if (encoding == Rfb.DESKTOP_SIZE) {
                    frame = new Framebuffer(w, h);
                    continue;
                }
                if (encoding == Rfb.EXTENDED_DESKTOP_SIZE) {
                    int screens = in.readUnsignedByte();
                    in.readFully(new byte[3 + 16 * screens]);
                    // x says why (1: this viewer asked), y the status (0: done); the contents are gone once the size changes.
                    if (x == Rfb.SIZE_BY_THIS_VIEWER) lastSizeAnswer = y;
                    if (y == Rfb.SIZE_OK && (w != frame.width() || h != frame.height())) frame = new Framebuffer(w, h);
                    continue;
                }
                if (encoding == Rfb.CURSOR) {
                    RectDecoder.read(in, w * h * format.bytesPerPixel() + (w + 7) / 8 * h, 1 << 20);
                    continue;
                }
                RectDecoder decoder = decoders.get(encoding);
                if (decoder == null) throw new RfbException("The server sent encoding " + encoding + ", which was not asked for");
                decoder.decode(in, new Rect(x, y, w, h), frame, format);
                used.merge(Rfb.encodingName(encoding), 1, Integer::sum);
                rects++;
            }
            updates++;
            notifyAll();
        }
        long now = System.nanoTime();
        long bytes = counted.count() - in.available() - startBytes;
        if (!continuous) send(ClientMessages.write(new UpdateRequest(true, 0, 0, frame.width(), frame.height())));
        Update update = new Update(now, rects, bytes, used);
        for (Consumer<Update> l : listeners) l.accept(update);
    }

    public void onUpdate(Consumer<Update> listener) {
        listeners.add(listener);
    }

    public void pointer(int buttons, int x, int y) throws IOException {
        send(ClientMessages.write(new PointerEvent(buttons, x, y)));
    }

    /** Press and release of the left button at (x, y), one message each, as a viewer sends them. */
    public void click(int x, int y) throws IOException {
        pointer(0, x, y);
        pointer(1, x, y);
        pointer(0, x, y);
    }

    public void key(boolean down, int keysym) throws IOException {
        send(ClientMessages.write(new KeyEvent(down, keysym)));
    }

    /** Types text as key presses and releases (Latin-1 keysyms are the characters themselves; others U+ keysyms). */
    public void type(String text) throws IOException {
        for (int cp : text.codePoints().toArray()) {
            int keysym = cp < 0x100 ? cp : 0x01000000 | cp;
            key(true, keysym);
            key(false, keysym);
        }
    }

    public synchronized Framebuffer framebuffer() {
        return frame.copy();
    }

    public synchronized long updates() {
        return updates;
    }

    public String desktopName() {
        return desktopName;
    }

    /** Waits until more than {@code seen} updates have arrived; false on timeout or a broken connection. */
    public synchronized boolean awaitUpdates(long seen, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (updates <= seen && failure == null && !closed) {
            long left = end - System.nanoTime();
            if (left <= 0) return false;
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return updates > seen;
    }

    public long bytesReceived() {
        return counted.count();
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    /** Why the connection broke, if it did. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class CountingInput extends FilterInputStream {
        private final AtomicLong count = new AtomicLong();

        CountingInput(InputStream in) {
            super(in);
        }

        long count() {
            return count.get();
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count.incrementAndGet();
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count.addAndGet(n);
            return n;
        }
    }
}
