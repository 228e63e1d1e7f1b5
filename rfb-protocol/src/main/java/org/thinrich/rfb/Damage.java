package org.thinrich.rfb;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.thinrich.display.protocol.encoding.Rect;

/**
 * What changed on the screen since the viewer last got it, on a grid of 8-pixel cells (the thin
 * path's diff works on the same tiles): rectangles added overlap freely, and each cell goes once.
 */
final class Damage {
    static final int CELL = 8;
    private final int width;
    private final int height;
    private final int columns;
    private final BitSet cells;

    Damage(int width, int height) {
        this.width = width;
        this.height = height;
        this.columns = (width + CELL - 1) / CELL;
        this.cells = new BitSet(columns * ((height + CELL - 1) / CELL));
    }

    void add(Rect r) {
        int x0 = Math.max(0, r.x());
        int y0 = Math.max(0, r.y());
        int x1 = Math.min(width, r.x() + r.width());
        int y1 = Math.min(height, r.y() + r.height());
        if (x0 >= x1 || y0 >= y1) return;
        for (int cy = y0 / CELL; cy <= (y1 - 1) / CELL; cy++) cells.set(cy * columns + x0 / CELL, cy * columns + (x1 - 1) / CELL + 1);
    }

    void all() {
        add(new Rect(0, 0, width, height));
    }

    boolean isEmpty() {
        return cells.isEmpty();
    }

    void clear() {
        cells.clear();
    }

    /**
     * The damage within {@code area} as rectangles: runs of cells on a row, joined with the runs
     * of the same span on the rows below. Taken out of the damage.
     */
    List<Rect> take(Rect area) {
        int rows = (height + CELL - 1) / CELL;
        List<int[]> open = new ArrayList<>(); // {x0, x1, y0, rows}
        List<Rect> out = new ArrayList<>();
        int cx0 = Math.max(0, area.x()) / CELL;
        int cx1 = (Math.min(width, area.x() + area.width()) + CELL - 1) / CELL;
        int cy0 = Math.max(0, area.y()) / CELL;
        int cy1 = (Math.min(height, area.y() + area.height()) + CELL - 1) / CELL;
        for (int cy = cy0; cy <= cy1; cy++) {
            List<int[]> runs = new ArrayList<>();
            if (cy < cy1 && cy < rows) {
                int c = cx0;
                while (c < cx1) {
                    int start = cells.nextSetBit(cy * columns + c);
                    if (start < 0 || start >= cy * columns + cx1) break;
                    int end = cells.nextClearBit(start);
                    end = Math.min(end, cy * columns + cx1);
                    runs.add(new int[] {start - cy * columns, end - cy * columns});
                    cells.clear(start, end);
                    c = end - cy * columns;
                }
            }
            List<int[]> still = new ArrayList<>();
            for (int[] o : open) {
                int[] match = null;
                for (int[] r : runs) if (r[0] == o[0] && r[1] == o[1]) match = r;
                if (match != null) {
                    runs.remove(match);
                    o[3]++;
                    still.add(o);
                } else {
                    out.add(clip(o));
                }
            }
            for (int[] r : runs) still.add(new int[] {r[0], r[1], cy, 1});
            open = still;
        }
        for (int[] o : open) out.add(clip(o));
        return out;
    }

    private Rect clip(int[] o) {
        int x = o[0] * CELL;
        int y = o[2] * CELL;
        return new Rect(x, y, Math.min(width, o[1] * CELL) - x, Math.min(height, (o[2] + o[3]) * CELL) - y);
    }
}
