package org.thinrich.scenarios.drive;

import java.awt.event.KeyEvent;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.thinrich.rfb.RfbClient;

/**
 * A VNC viewer as a driver's screen: the project's headless RFB client logged in to the server's
 * VNC port through the link. An RFB update does not say which input it shows; a fence does: the
 * last message of each input goes with a fence asking to be answered once it is shown, and the
 * server answers right after the update that shows it, so an input counts as shown when the answer
 * arrives, as a thin client's counts at the update that says it reflects it. A viewer without
 * fences (the "-pull" kinds: RFC 6143 alone) counts the last update of the burst the input set off:
 * updates that arrive after it was sent, until none comes for a while (longer than the first one
 * took, so a second round trip of the same burst is not cut off). Its session is found as the one
 * of the user that is new.
 */
final class VncScreen implements RemoteScreen {
    private final String host;
    private final int port;
    private final URI server;
    private final String user;
    private final String password;
    private final List<Integer> encodings;
    private RfbClient viewer;
    private String sessionId = "";
    /** Arrival times of the updates not yet looked at (System.nanoTime). */
    private final List<Long> arrivals = new ArrayList<>();
    private final List<Long> sentAt = new ArrayList<>();
    /** The fence sent with each input's last message, -1 where the server takes none. */
    private final List<Long> fences = new ArrayList<>();

    /**
     * @param host     and {@code port}: the server's VNC port, through the link
     * @param server   the server's own address, to find the session's id
     */
    VncScreen(String host, int port, URI server, String user, String password, List<Integer> encodings) {
        this.host = host;
        this.port = port;
        this.server = server;
        this.user = user;
        this.password = password;
        this.encodings = List.copyOf(encodings);
    }

    @Override
    public void connect() throws Exception {
        UserApi api = UserApi.login(server, user, password);
        Set<String> before = new HashSet<>(api.sessionIds());
        viewer = RfbClient.connect(host, port, user, password, encodings);
        viewer.onUpdate(update -> {
            synchronized (arrivals) {
                arrivals.add(update.arrivedNanos());
                arrivals.notifyAll();
            }
        });
        if (!viewer.awaitUpdates(0, Duration.ofSeconds(60))) throw new IllegalStateException("the VNC viewer got no picture within 60 s");
        // A new session's first update may show a picture still being built (on a busy machine, one
        // colour only: the calendar not yet drawn); the connect row counts the whole first picture, as
        // the thin client's does: wait for a picture with something in it, then until no update came for 500 ms.
        long settleBy = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (long seen = viewer.updates(); oneColour(viewer.framebuffer()) && System.nanoTime() < settleBy; seen = viewer.updates()) {
            viewer.awaitUpdates(seen, Duration.ofMillis(500));
        }
        for (long seen = viewer.updates(); System.nanoTime() < settleBy; seen = viewer.updates()) {
            if (!viewer.awaitUpdates(seen, Duration.ofMillis(500))) break;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (sessionId.isEmpty() && System.nanoTime() < deadline) {
            for (String id : api.sessionIds()) if (!before.contains(id)) sessionId = id;
            if (sessionId.isEmpty()) Thread.sleep(20);
        }
        if (sessionId.isEmpty()) throw new IllegalStateException("the server lists no new session for the VNC viewer");
    }

    /** Whether the picture is one colour only (read while updates may still paint it: a glance, not a copy). */
    private static boolean oneColour(org.thinrich.display.protocol.encoding.Framebuffer frame) {
        int first = frame.get(0, 0);
        for (int y = 0; y < frame.height(); y += 5) {
            for (int x = 0; x < frame.width(); x += 5) if (frame.get(x, y) != first) return false;
        }
        return true;
    }

    private int sent(long fence) {
        synchronized (arrivals) {
            sentAt.add(System.nanoTime());
            fences.add(fence);
            return sentAt.size();
        }
    }

    @Override
    public int click(int x, int y) throws Exception {
        viewer.pointer(0, x, y);
        viewer.pointer(1, x, y);
        return sent(viewer.fenceWith(() -> viewer.pointer(0, x, y)));
    }

    @Override
    public int doubleClick(int x, int y) throws Exception {
        viewer.click(x, y);
        return click(x, y);
    }

    @Override
    public int drag(int fromX, int fromY, int toX, int toY, int steps) throws Exception {
        viewer.pointer(0, fromX, fromY);
        viewer.pointer(1, fromX, fromY);
        for (int i = 1; i <= steps; i++) viewer.pointer(1, fromX + (toX - fromX) * i / steps, fromY + (toY - fromY) * i / steps);
        return sent(viewer.fenceWith(() -> viewer.pointer(0, toX, toY)));
    }

    @Override
    public int text(String text) throws Exception {
        int[] points = text.codePoints().toArray();
        if (points.length == 0) return sent(-1);
        viewer.type(new String(points, 0, points.length - 1));
        int last = points[points.length - 1];
        int keysym = last < 0x100 ? last : 0x01000000 | last;
        viewer.key(true, keysym);
        return sent(viewer.fenceWith(() -> viewer.key(false, keysym)));
    }

    @Override
    public int typeKey(int virtualKeyCode) throws Exception {
        int keysym = switch (virtualKeyCode) {
            case KeyEvent.VK_ENTER -> 0xff0d;
            case KeyEvent.VK_ESCAPE -> 0xff1b;
            case KeyEvent.VK_BACK_SPACE -> 0xff08;
            case KeyEvent.VK_TAB -> 0xff09;
            case KeyEvent.VK_DELETE -> 0xffff;
            default -> throw new IllegalArgumentException("No keysym for key code " + virtualKeyCode);
        };
        viewer.key(true, keysym);
        return sent(viewer.fenceWith(() -> viewer.key(false, keysym)));
    }

    @Override
    public long awaitShown(int input, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        long fence;
        long sent;
        synchronized (arrivals) {
            fence = fences.get(input - 1);
            sent = sentAt.get(input - 1);
        }
        if (fence >= 0) {
            long answered = viewer.awaitFence(fence, wait);
            synchronized (arrivals) {
                arrivals.removeIf(t -> t <= sent);
            }
            return answered;
        }
        synchronized (arrivals) {
            long first = -1;
            while (first < 0) {
                for (long t : arrivals) if (t > sent) {
                    first = t;
                    break;
                }
                if (first >= 0) break;
                long left = deadline - System.nanoTime();
                if (left <= 0) return -1;
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(arrivals, left);
            }
            long quiet = Math.max(Duration.ofMillis(300).toNanos(), (first - sent) * 3 / 2);
            long last = first;
            while (true) {
                for (long t : arrivals) last = Math.max(last, t);
                long until = last + quiet - System.nanoTime();
                if (until <= 0 || System.nanoTime() > deadline) break;
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(arrivals, until);
            }
            arrivals.removeIf(t -> t <= sent);
            return last;
        }
    }

    @Override
    public void settle(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (arrivals) {
            long quiet = Duration.ofMillis(500).toNanos();
            while (System.nanoTime() < deadline) {
                long last = arrivals.isEmpty() ? 0 : arrivals.get(arrivals.size() - 1);
                long until = Math.max(last, System.nanoTime() - quiet) + quiet - System.nanoTime();
                if (last == 0 || until <= 0) break;
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(arrivals, until);
            }
            arrivals.clear();
        }
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public String affinity() {
        return "";
    }

    @Override
    public String servedBy() {
        return "";
    }

    @Override
    public ClientDriver.Traffic traffic() {
        long updates = viewer.updates();
        synchronized (arrivals) {
            return new ClientDriver.Traffic(viewer.bytesSent(), viewer.bytesReceived(), 0, updates, updates);
        }
    }

    @Override
    public boolean awaitWorking(Duration within) {
        return false; // a VNC viewer does not reconnect by itself; failure scenarios use the thin and rich clients
    }

    @Override
    public void close() {
        if (viewer == null) return;
        try {
            viewer.close();
        } catch (java.io.IOException ignored) {
            // closing anyway
        }
    }
}
