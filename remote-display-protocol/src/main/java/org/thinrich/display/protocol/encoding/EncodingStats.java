package org.thinrich.display.protocol.encoding;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import org.thinrich.display.protocol.Messages.EncodedRect;

/**
 * Rectangles, pixels and bytes per encoding, and the ratio against raw 24-bit pixels: what the
 * server logs per session and the client shows live, as TigerVNC's EncodeManager does.
 */
public final class EncodingStats {
    public record Line(String encoding, long rects, long pixels, long bytes) {
        public double ratio() {
            return bytes == 0 ? 0 : pixels * 3.0 / bytes;
        }
    }

    private final Map<Integer, LongAdder[]> byEncoding = new java.util.concurrent.ConcurrentHashMap<>();

    public void count(EncodedRect rect) {
        LongAdder[] counters = byEncoding.computeIfAbsent(rect.encoding(), e -> new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder()});
        counters[0].increment();
        counters[1].add(rect.pixels());
        counters[2].add(rect.payload().length);
    }

    public Map<String, Line> lines() {
        Map<String, Line> lines = new TreeMap<>();
        byEncoding.forEach((id, c) -> lines.put(Encodings.nameOf(id), new Line(Encodings.nameOf(id), c[0].sum(), c[1].sum(), c[2].sum())));
        return lines;
    }

    /** Raw 24-bit bytes of all pixels sent, divided by the bytes actually sent. */
    public double compressionRatio() {
        long pixels = 0;
        long bytes = 0;
        for (Line line : lines().values()) {
            pixels += line.pixels();
            bytes += line.bytes();
        }
        return bytes == 0 ? 0 : pixels * 3.0 / bytes;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        lines().values().forEach(l -> text.append(String.format("%s: %d rects, %d pixels, %d bytes, %.1fx; ",
                l.encoding(), l.rects(), l.pixels(), l.bytes(), l.ratio())));
        return text.append(String.format("overall %.1fx", compressionRatio())).toString();
    }
}
