package org.thinrich.rfb;

import org.thinrich.rfb.encoding.RectEncoder;

/** The pointer's shape for viewers that draw it themselves (the Cursor pseudo-encoding): an arrow. */
final class Cursors {
    private static final String[] ARROW = {
            "X          ",
            "XX         ",
            "X.X        ",
            "X..X       ",
            "X...X      ",
            "X....X     ",
            "X.....X    ",
            "X......X   ",
            "X.......X  ",
            "X........X ",
            "X.....XXXXX",
            "X..X..X    ",
            "X.X X..X   ",
            "XX  X..X   ",
            "X    X..X  ",
            "     X..X  ",
            "      XX   ",
    };

    private Cursors() {
    }

    static void arrow(Bytes out, PixelFormat format) {
        int w = ARROW[0].length();
        int h = ARROW.length;
        RectEncoder.header(out, 0, 0, w, h, Rfb.CURSOR);
        for (String row : ARROW) for (char c : row.toCharArray()) format.writePixel(out, c == '.' ? 0xFFFFFF : 0x000000);
        int rowBytes = (w + 7) / 8;
        for (String row : ARROW) {
            byte[] mask = new byte[rowBytes];
            for (int x = 0; x < w; x++) if (row.charAt(x) != ' ') mask[x / 8] |= (byte) (0x80 >>> (x % 8));
            out.bytes(mask);
        }
    }
}
