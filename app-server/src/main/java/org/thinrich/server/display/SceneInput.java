package org.thinrich.server.display;

import com.sun.javafx.scene.CssFlags;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import javafx.event.EventType;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import org.thinrich.display.protocol.Messages;
import org.thinrich.display.protocol.Messages.InputEvent;
import org.thinrich.display.protocol.Messages.KeyInput;
import org.thinrich.display.protocol.Messages.PointerInput;
import org.thinrich.display.protocol.Messages.TextInput;
import org.thinrich.display.protocol.Messages.WheelInput;

/**
 * Feeds a session's input into its own scene, and tells whether the scene has anything to repaint.
 *
 * <p>JavaFX's public {@code Robot} moves the one pointer of the whole (headless) screen, so two
 * sessions' drags would mix. Instead each event enters through the scene's own peer listener, the
 * path glass uses for a real window: picking, click counting, drag and focus then work per scene.
 * Both hooks are JavaFX internals (pinned at 21.0.x, class path only) and are checked at startup.
 */
final class SceneInput {
    private static final Constructor<?> PEER_LISTENER;
    private static final Method MOUSE_EVENT;
    private static final Method KEY_EVENT;
    private static final Method SCROLL_EVENT;
    private static final Field DIRTY_NODES_SIZE;
    private static final Field DIRTY_BITS;
    private static final Field CSS_FLAG;
    private static final Method CSS_PASS;
    private static final Map<Integer, KeyCode> KEYS = new HashMap<>();

    static {
        try {
            Class<?> listener = Class.forName("javafx.scene.Scene$ScenePeerListener");
            PEER_LISTENER = listener.getDeclaredConstructor(Scene.class);
            PEER_LISTENER.setAccessible(true);
            MOUSE_EVENT = listener.getMethod("mouseEvent", EventType.class, double.class, double.class, double.class, double.class,
                    MouseButton.class, boolean.class, boolean.class, boolean.class, boolean.class, boolean.class, boolean.class,
                    boolean.class, boolean.class, boolean.class, boolean.class, boolean.class);
            KEY_EVENT = listener.getMethod("keyEvent", KeyEvent.class);
            SCROLL_EVENT = listener.getMethod("scrollEvent", EventType.class, double.class, double.class, double.class, double.class,
                    double.class, double.class, int.class, int.class, int.class, int.class, int.class, double.class, double.class,
                    double.class, double.class, boolean.class, boolean.class, boolean.class, boolean.class, boolean.class, boolean.class);
            for (Method m : new Method[] {MOUSE_EVENT, KEY_EVENT, SCROLL_EVENT}) m.setAccessible(true);
            DIRTY_NODES_SIZE = Scene.class.getDeclaredField("dirtyNodesSize");
            DIRTY_NODES_SIZE.setAccessible(true);
            DIRTY_BITS = Scene.class.getDeclaredField("dirtyBits");
            DIRTY_BITS.setAccessible(true);
            CSS_FLAG = Node.class.getDeclaredField("cssFlag");
            CSS_FLAG.setAccessible(true);
            CSS_PASS = Scene.class.getDeclaredMethod("doCSSPass");
            CSS_PASS.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError("This JavaFX version lacks the scene hooks thin sessions need: " + e);
        }
        for (KeyCode code : KeyCode.values()) KEYS.putIfAbsent(code.getCode(), code);
    }

    private final Scene scene;
    private final Object listener;
    private int buttons;
    private double x;
    private double y;

    SceneInput(Scene scene) {
        this.scene = scene;
        try {
            this.listener = PEER_LISTENER.newInstance(scene);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Applies one input event; call on the JavaFX thread. */
    void apply(InputEvent event) {
        if (event instanceof PointerInput p) pointer(p);
        else if (event instanceof WheelInput w) wheel(w);
        else if (event instanceof KeyInput k) key(k);
        else if (event instanceof TextInput t) text(t);
    }

    /**
     * Runs now the CSS that layout asked for, with the layout it needs; call after the pulse's
     * layout. CalendarFX restyles nodes while laying them out (the hour labels of every week);
     * JavaFX leaves that to the next pulse and marks the root dirty for it, and a pulse whose only
     * dirty node is the root makes Prism repaint the whole window without a pixel changing.
     */
    void settleCss() {
        try {
            if (CSS_FLAG.get(scene.getRoot()) == CssFlags.CLEAN) return;
            CSS_PASS.invoke(scene);
            scene.getRoot().layout();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** True when the scene has node or scene changes not yet drawn: read after layout, before the pulse syncs them. */
    boolean hasPendingChanges() {
        try {
            if (DIRTY_NODES_SIZE.getInt(scene) > 0) return true;
            // A snapshot marks the camera dirty and a pointer move the cursor: neither changes a pixel.
            for (Object bit : (java.util.Set<?>) DIRTY_BITS.get(scene)) {
                String name = bit.toString();
                if (!name.equals("CAMERA_DIRTY") && !name.equals("CURSOR_DIRTY")) return true;
            }
            return false;
        } catch (IllegalAccessException e) {
            return true;
        }
    }

    private void pointer(PointerInput p) {
        boolean moved = p.x() != x || p.y() != y;
        x = p.x();
        y = p.y();
        int pressed = p.buttons() & ~buttons;
        int released = buttons & ~p.buttons();
        if (moved) {
            mouse(buttons != 0 ? MouseEvent.MOUSE_DRAGGED : MouseEvent.MOUSE_MOVED, MouseButton.NONE, buttons, p.modifiers());
        }
        for (int bit : new int[] {Messages.PRIMARY, Messages.MIDDLE, Messages.SECONDARY}) {
            if ((pressed & bit) != 0) {
                buttons |= bit;
                mouse(MouseEvent.MOUSE_PRESSED, button(bit), buttons, p.modifiers());
            }
            if ((released & bit) != 0) {
                buttons &= ~bit;
                mouse(MouseEvent.MOUSE_RELEASED, button(bit), buttons, p.modifiers());
            }
        }
    }

    private void mouse(EventType<MouseEvent> type, MouseButton button, int held, int modifiers) {
        invoke(MOUSE_EVENT, type, x, y, x, y, button, button == MouseButton.SECONDARY && type == MouseEvent.MOUSE_PRESSED, false,
                shift(modifiers), control(modifiers), alt(modifiers), meta(modifiers),
                (held & Messages.PRIMARY) != 0, (held & Messages.MIDDLE) != 0, (held & Messages.SECONDARY) != 0, false, false);
    }

    private void wheel(WheelInput w) {
        x = w.x();
        y = w.y();
        // One notch scrolls 40 pixels or 3 lines, as glass reports a desktop mouse wheel.
        double dx = -w.deltaX() * 40.0;
        double dy = -w.deltaY() * 40.0;
        invoke(SCROLL_EVENT, ScrollEvent.SCROLL, dx, dy, dx, dy, 1.0, 1.0, 0, 0, 0, 0, 0, x, y, x, y,
                shift(w.modifiers()), control(w.modifiers()), alt(w.modifiers()), meta(w.modifiers()), false, false);
    }

    private void key(KeyInput k) {
        KeyCode code = KEYS.getOrDefault(k.keyCode(), KeyCode.UNDEFINED);
        KeyEvent event = new KeyEvent(k.pressed() ? KeyEvent.KEY_PRESSED : KeyEvent.KEY_RELEASED, KeyEvent.CHAR_UNDEFINED, "",
                code, shift(k.modifiers()), control(k.modifiers()), alt(k.modifiers()), meta(k.modifiers()));
        invoke(KEY_EVENT, event);
    }

    private void text(TextInput t) {
        t.text().codePoints().forEach(cp -> invoke(KEY_EVENT, new KeyEvent(KeyEvent.KEY_TYPED, new String(Character.toChars(cp)), "",
                KeyCode.UNDEFINED, false, false, false, false)));
    }

    private void invoke(Method method, Object... arguments) {
        try {
            method.invoke(listener, arguments);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Could not deliver input to the scene", e);
        }
    }

    private static MouseButton button(int bit) {
        return bit == Messages.PRIMARY ? MouseButton.PRIMARY : bit == Messages.MIDDLE ? MouseButton.MIDDLE : MouseButton.SECONDARY;
    }

    private static boolean shift(int m) {
        return (m & Messages.SHIFT) != 0;
    }

    private static boolean control(int m) {
        return (m & Messages.CONTROL) != 0;
    }

    private static boolean alt(int m) {
        return (m & Messages.ALT) != 0;
    }

    private static boolean meta(int m) {
        return (m & Messages.META) != 0;
    }
}
