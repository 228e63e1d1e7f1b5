package org.thinrich.server.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.thinrich.display.protocol.Messages.EncodedRect;
import org.thinrich.display.protocol.encoding.EncodingChooser;
import org.thinrich.display.protocol.encoding.EncodingStats;
import org.thinrich.display.protocol.encoding.FrameDiff;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.JpegEncoding;
import org.thinrich.display.protocol.encoding.Rect;

/**
 * Chooses and runs the encoders of one session's connection (TigerVNC's EncodeManager): the
 * picture the client holds, the compression streams both sides keep for it, where the client's
 * picture is lossy, and what each encoding sent.
 *
 * <p>Not thread-safe: the session calls it holding its own lock, except for {@link #encode} and the
 * chooser's own work, which its one encode task runs without the lock. The chooser a task leased
 * stays open until the task {@linkplain #release releases} it, even if a new connection or size
 * replaced it meanwhile (its zstd window is native memory, closed exactly once).
 */
final class EncodeManager {
    private static final int TILE = FrameDiff.DEFAULT_TILE;
    /** Beyond this many lossy regions, their bounding box is cheaper to track and send again. */
    private static final int MOST_LOSSY_RECTS = 256;

    private Set<Integer> encodings = Set.of(0);
    private EncodingChooser chooser;
    private EncodingChooser leased;
    private EncodingStats stats;
    private Framebuffer clientFrame;
    /** Regions the client shows from jpeg, to send again losslessly when the picture is still. */
    private final List<Rect> lossyRects = new ArrayList<>();

    /** An update of the client's picture: the new picture, its encoded changes, and how many pixels changed. */
    record Update(Framebuffer picture, List<EncodedRect> rects, long changedPixels) {
    }

    /** A client connected accepting {@code accepted}: new streams and a black framebuffer, so it gets everything. */
    void start(Set<Integer> accepted, int width, int height) {
        encodings = Set.copyOf(accepted);
        replaceChooser(new EncodingChooser(encodings));
        stats = new EncodingStats();
        clientFrame = new Framebuffer(width, height);
        lossyRects.clear();
    }

    /** The picture changed size: both sides start new streams and a black framebuffer (when a client is connected). */
    void resize(int width, int height, boolean connected) {
        lossyRects.clear();
        if (!connected) return;
        replaceChooser(new EncodingChooser(encodings));
        clientFrame = new Framebuffer(width, height);
    }

    /** The client left: a resumed connection starts new streams anyway. */
    void stop() {
        replaceChooser(null);
    }

    EncodingStats stats() {
        return stats;
    }

    /** The picture the client holds, as the server rendered it (jpeg regions differ until refreshed). */
    Framebuffer clientFrame() {
        return clientFrame;
    }

    /** For the session's one encode task: the streams to encode with, open until {@link #release}. */
    EncodingChooser lease() {
        leased = chooser;
        return chooser;
    }

    /** The encode task ended: closes its streams if they were replaced meanwhile. */
    void release() {
        if (leased != null && leased != chooser) leased.close();
        leased = null;
    }

    /**
     * What {@code pixels} change of {@code previous}, encoded with {@code encoder}: the encode task's
     * work, run without the lock. The pixels are wrapped, not copied (4 MB): they are never written again.
     */
    static Update encode(EncodingChooser encoder, Framebuffer previous, int[] pixels) {
        Framebuffer current = Framebuffer.wrap(previous.width(), previous.height(), pixels);
        List<Rect> changed = FrameDiff.changed(previous, current, TILE);
        List<EncodedRect> rects = encoder.encode(current, changed);
        return new Update(current, rects, changed.stream().mapToLong(Rect::area).sum());
    }

    /**
     * The update was sent: the client now holds its picture. Counts its encodings and notes its lossy
     * regions; returns whether some wait for a lossless refresh.
     */
    boolean sent(Update update) {
        clientFrame = update.picture();
        counted(update.rects());
        for (EncodedRect r : update.rects()) {
            if (r.encoding() == JpegEncoding.ID) lossyRects.add(new Rect(r.x(), r.y(), r.width(), r.height()));
        }
        if (lossyRects.size() > MOST_LOSSY_RECTS) {
            int x0 = lossyRects.stream().mapToInt(Rect::x).min().orElseThrow();
            int y0 = lossyRects.stream().mapToInt(Rect::y).min().orElseThrow();
            int x1 = lossyRects.stream().mapToInt(r -> r.x() + r.width()).max().orElseThrow();
            int y1 = lossyRects.stream().mapToInt(r -> r.y() + r.height()).max().orElseThrow();
            lossyRects.clear();
            lossyRects.add(new Rect(x0, y0, x1 - x0, y1 - y0));
        }
        return !lossyRects.isEmpty();
    }

    /** Counts what a lossless refresh sent. */
    void counted(List<EncodedRect> rects) {
        rects.forEach(stats::count);
    }

    boolean hasLossy() {
        return !lossyRects.isEmpty();
    }

    /** The lossy regions, to send again losslessly; from now on the client's picture counts as exact. */
    List<Rect> takeLossy() {
        List<Rect> rects = List.copyOf(lossyRects);
        lossyRects.clear();
        return rects;
    }

    private void replaceChooser(EncodingChooser next) {
        if (chooser != null && chooser != leased) chooser.close();
        chooser = next;
    }
}
