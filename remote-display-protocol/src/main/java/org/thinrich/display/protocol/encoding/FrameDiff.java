package org.thinrich.display.protocol.encoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What changed between two frames, as rectangles: the frame is cut into square tiles, changed
 * tiles next to each other in a row become one rectangle, and rectangles of the same columns in
 * consecutive rows merge downwards.
 */
public final class FrameDiff {
    /** 8 px: a third fewer bytes than 16 px on the calendar UI, for 10 % more diff time (ThinPathBenchmark). */
    public static final int DEFAULT_TILE = 8;

    private FrameDiff() {
    }

    public static List<Rect> changed(Framebuffer before, Framebuffer after, int tile) {
        if (before.width() != after.width() || before.height() != after.height()) {
            return List.of(new Rect(0, 0, after.width(), after.height()));
        }
        int width = after.width();
        int height = after.height();
        int[] a = before.pixels();
        int[] b = after.pixels();
        List<Rect> done = new ArrayList<>();
        List<Rect> open = new ArrayList<>(); // rectangles that may still grow downwards
        for (int ty = 0; ty < height; ty += tile) {
            int th = Math.min(tile, height - ty);
            List<Rect> rowRects = new ArrayList<>();
            int runStart = -1;
            for (int tx = 0; ; tx += tile) {
                boolean atEnd = tx >= width;
                boolean dirty = !atEnd && tileDiffers(a, b, width, tx, ty, Math.min(tile, width - tx), th);
                if (dirty && runStart < 0) runStart = tx;
                if (!dirty && runStart >= 0) {
                    rowRects.add(new Rect(runStart, ty, Math.min(tx, width) - runStart, th));
                    runStart = -1;
                }
                if (atEnd) break;
            }
            List<Rect> stillOpen = new ArrayList<>();
            for (Rect r : rowRects) {
                Rect above = null;
                for (Rect o : open) {
                    if (o.x() == r.x() && o.width() == r.width()) {
                        above = o;
                        break;
                    }
                }
                if (above != null) {
                    open.remove(above);
                    stillOpen.add(new Rect(above.x(), above.y(), above.width(), above.height() + r.height()));
                } else {
                    stillOpen.add(r);
                }
            }
            done.addAll(open);
            open = stillOpen;
        }
        done.addAll(open);
        return done;
    }

    private static boolean tileDiffers(int[] a, int[] b, int stride, int x, int y, int w, int h) {
        for (int row = y; row < y + h; row++) {
            int from = row * stride + x;
            if (!Arrays.equals(a, from, from + w, b, from, from + w)) return true;
        }
        return false;
    }
}
