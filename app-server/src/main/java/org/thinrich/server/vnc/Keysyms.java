package org.thinrich.server.vnc;

import java.util.Map;
import org.thinrich.display.protocol.Messages;

/**
 * X11 keysyms, as VNC viewers send keys, in the thin path's terms: JavaFX key codes for keys that
 * do something (Enter, arrows, Backspace), text for keys that type, modifier bits for the rest.
 */
final class Keysyms {
    /** Keysym to JavaFX KeyCode.getCode() (the same numbers as AWT's VK_ codes). */
    private static final Map<Integer, Integer> KEYS = Map.ofEntries(
            Map.entry(0xff08, 8), // BackSpace
            Map.entry(0xff09, 9), // Tab
            Map.entry(0xff0d, 10), // Return
            Map.entry(0xff8d, 10), // KP_Enter
            Map.entry(0xff1b, 27), // Escape
            Map.entry(0xffff, 127), // Delete
            Map.entry(0xff50, 36), // Home
            Map.entry(0xff51, 37), // Left
            Map.entry(0xff52, 38), // Up
            Map.entry(0xff53, 39), // Right
            Map.entry(0xff54, 40), // Down
            Map.entry(0xff55, 33), // Page_Up
            Map.entry(0xff56, 34), // Page_Down
            Map.entry(0xff57, 35), // End
            Map.entry(0xff63, 155)); // Insert

    private Keysyms() {
    }

    /** The modifier bit a keysym holds down (Shift, Control, Alt, Meta), or 0. */
    static int modifier(int keysym) {
        return switch (keysym) {
            case 0xffe1, 0xffe2 -> Messages.SHIFT;
            case 0xffe3, 0xffe4 -> Messages.CONTROL;
            case 0xffe9, 0xffea, 0xfe03 -> Messages.ALT;
            case 0xffe7, 0xffe8, 0xffeb, 0xffec -> Messages.META;
            default -> 0;
        };
    }

    /** The JavaFX key code of a keysym, or 0 when it has none here. */
    static int keyCode(int keysym) {
        Integer special = KEYS.get(keysym);
        if (special != null) return special;
        if (keysym >= 0xffbe && keysym <= 0xffc9) return 112 + keysym - 0xffbe; // F1..F12
        int cp = codePoint(keysym);
        if (cp >= 'a' && cp <= 'z') return Character.toUpperCase(cp);
        if (cp >= 'A' && cp <= 'Z' || cp >= '0' && cp <= '9' || cp == ' ') return cp;
        return 0;
    }

    /** The character a keysym types, or -1: Latin-1 keysyms are their code points, 0x01000000 + U is U. */
    static int codePoint(int keysym) {
        if (keysym >= 0x20 && keysym <= 0x7e || keysym >= 0xa0 && keysym <= 0xff) return keysym;
        if ((keysym & 0xff000000) == 0x01000000) {
            int cp = keysym & 0x00ffffff;
            return cp >= 0x20 && cp <= Character.MAX_CODE_POINT && (cp < 0xD800 || cp > 0xDFFF) ? cp : -1;
        }
        return -1;
    }
}
