package org.thinrich.calendar.ui;

import com.sun.javafx.tk.Toolkit;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spares the renderer children that were moved about and put back where it already has them.
 *
 * <p>When a parent's child list changes, JavaFX hands the renderer every child again from the
 * first index the change touched, as new nodes to paint, however the list ends. CalendarFX's day
 * view sends each of its hour lines to the back, one after the other, whenever it lays itself out:
 * the lines end in the order they had, yet the whole day is painted again. At a drag's start it
 * adds a copy of the dragged entry to every day view at its place by time and then brings it to
 * the front: every entry after that place, in every day of the week, was painted again (Prism's
 * render graph: all 18 entry views of the demo week dirty, the whole grid repainted).
 *
 * <p>After each pulse has handed its changes over, the children of each watched parent are noted
 * (when JavaFX has sent them all: its {@code Parent.startIdx} is then at the end). After the next
 * layout, before the hand-over, a parent's children are compared with that note and
 * {@code startIdx} moves on to the first that differs: only children really added or moved from
 * there on are sent again. Children removed meanwhile are still repainted where they were. With
 * the day views' background canvas out of the scene as well (see CalendarApp), an event moved by
 * an hour from elsewhere repaints 170 x 110 px where it was and is, instead of the whole week grid.
 */
final class UnchangedOrder {
    private static final Logger log = LoggerFactory.getLogger(UnchangedOrder.class);
    /** Where in the child list JavaFX 21's Parent starts handing children to the renderer again. */
    private static final Field START = startField();
    private static final String KEY = UnchangedOrder.class.getName();
    /** Each watched parent's children as last handed to the renderer; null while not known. JavaFX thread only. */
    private static final Map<Parent, Node[]> HANDED_OVER = new WeakHashMap<>();
    private static boolean noting;
    private static volatile boolean warned;

    private UnchangedOrder() {
    }

    /** Watches {@code parent} in whatever scene it is shown; call on the JavaFX thread. */
    static <T extends Parent> T watch(T parent) {
        if (START == null) return parent;
        HANDED_OVER.put(parent, null);
        if (!noting) {
            noting = true;
            Toolkit.getToolkit().addPostSceneTkPulseListener(UnchangedOrder::noteHandedOver);
        }
        parent.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) checkAfterLayout(scene);
        });
        if (parent.getScene() != null) checkAfterLayout(parent.getScene());
        return parent;
    }

    /** Gives {@code scene}, once, the listener that spares its watched parents after each layout. */
    private static void checkAfterLayout(Scene scene) {
        if (scene.getProperties().putIfAbsent(KEY, Boolean.TRUE) != null) return;
        scene.addPostLayoutPulseListener(new Runnable() {
            private boolean last;

            @Override
            public void run() {
                // Other post-layout listeners may lay out again (a thin session settles CSS there):
                // from the next pulse on, this one runs after them.
                if (!last) {
                    last = true;
                    scene.removePostLayoutPulseListener(this);
                    scene.addPostLayoutPulseListener(this);
                }
                HANDED_OVER.keySet().forEach(parent -> {
                    if (parent.getScene() == scene) spare(parent);
                });
            }
        });
    }

    /** After every scene's hand-over: notes the children of each watched parent JavaFX sent in full. */
    private static void noteHandedOver() {
        try {
            for (Map.Entry<Parent, Node[]> e : HANDED_OVER.entrySet()) {
                List<Node> children = e.getKey().getChildrenUnmodifiable();
                if (START.getInt(e.getKey()) != children.size()) {
                    e.setValue(null); // some not sent (a hidden parent is not): unknown until they are
                } else if (!same(e.getValue(), children)) {
                    e.setValue(children.toArray(Node[]::new));
                }
            }
        } catch (IllegalAccessException | RuntimeException ex) {
            warnOnce(ex.toString());
        }
    }

    private static boolean same(Node[] noted, List<Node> children) {
        if (noted == null || noted.length != children.size()) return false;
        for (int i = 0; i < noted.length; i++) if (noted[i] != children.get(i)) return false;
        return true;
    }

    /**
     * Moves JavaFX's start index to the first child that differs from the one handed to the
     * renderer at the same place: those before it are there as they are, so sending them again
     * changes nothing.
     */
    static void spare(Parent parent) {
        try {
            Node[] handedOver = HANDED_OVER.get(parent);
            if (handedOver == null) return;
            List<Node> children = parent.getChildrenUnmodifiable();
            int start = START.getInt(parent);
            int same = start;
            int end = Math.min(children.size(), handedOver.length);
            while (same < end && children.get(same) == handedOver[same]) same++;
            if (same > start) START.setInt(parent, same);
        } catch (IllegalAccessException | RuntimeException e) {
            warnOnce(e.toString());
        }
    }

    private static Field startField() {
        try {
            Field field = Parent.class.getDeclaredField("startIdx");
            if (field.getType() != int.class) throw new NoSuchFieldException("startIdx is not an int");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            warnOnce(e.toString());
            return null;
        }
    }

    private static void warnOnce(String why) {
        if (warned) return;
        warned = true;
        log.warn("Day views repaint whole on every layout ({}); the calendar works, only slower to repaint", why);
    }
}
