package org.thinrich.rfb.encoding;

import java.util.Arrays;

/** The distinct colours of a region, up to a limit, with each colour's index (ZRLE's and Tight's palettes). */
final class Palette {
    private final int limit;
    private final int[] keys;
    private final int[] values;
    private final int[] colours;
    private int size;
    private boolean overflow;

    Palette(int limit) {
        this.limit = limit;
        int slots = Integer.highestOneBit(limit * 4 - 1) << 1;
        keys = new int[slots];
        values = new int[slots];
        colours = new int[limit];
    }

    /** Collects the colours of a region; stops counting once there are more than the limit. */
    Palette of(int[] px, int stride, int x0, int y0, int w, int h) {
        Arrays.fill(values, -1);
        size = 0;
        overflow = false;
        for (int y = y0; y < y0 + h && !overflow; y++) {
            int row = y * stride;
            int last = ~px[row + x0];
            for (int x = x0; x < x0 + w; x++) {
                int c = px[row + x] | 0xFF000000;
                if (c == last) continue;
                last = c;
                if (indexOf(c) < 0) {
                    if (size == limit) {
                        overflow = true;
                        break;
                    }
                    put(c, size);
                    colours[size++] = c;
                }
            }
        }
        return this;
    }

    boolean overflow() {
        return overflow;
    }

    int size() {
        return size;
    }

    int colour(int i) {
        return colours[i];
    }

    int indexOf(int colour) {
        int c = colour | 0xFF000000;
        int mask = keys.length - 1;
        for (int i = mix(c) & mask; ; i = (i + 1) & mask) {
            if (values[i] < 0) return -1;
            if (keys[i] == c) return values[i];
        }
    }

    private void put(int c, int index) {
        int mask = keys.length - 1;
        int i = mix(c) & mask;
        while (values[i] >= 0) i = (i + 1) & mask;
        keys[i] = c;
        values[i] = index;
    }

    private static int mix(int c) {
        int h = c * 0x9E3779B1;
        return h ^ (h >>> 15);
    }
}
