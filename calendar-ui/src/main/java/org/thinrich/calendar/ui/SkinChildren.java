package org.thinrich.calendar.ui;

import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Predicate;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.SkinBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The child list a CalendarFX skin keeps its nodes in, which SkinBase does not make public. */
final class SkinChildren {
    private static final Logger log = LoggerFactory.getLogger(SkinChildren.class);
    private static volatile boolean warned;

    private SkinChildren() {
    }

    @SuppressWarnings("unchecked")
    static ObservableList<Node> of(SkinBase<?> skin) throws ReflectiveOperationException {
        Method children = SkinBase.class.getDeclaredMethod("getChildren");
        children.setAccessible(true);
        return (ObservableList<Node>) children.invoke(skin);
    }

    /** Takes the skin's children that match out of the scene; where that is refused, hides them. */
    static void removeIf(SkinBase<?> skin, Predicate<Node> unwanted) {
        try {
            of(skin).removeIf(unwanted);
        } catch (ReflectiveOperationException | RuntimeException e) {
            List<Node> found = skin.getSkinnable().getChildrenUnmodifiable().stream().filter(unwanted).toList();
            found.forEach(n -> n.setVisible(false));
            if (!warned) {
                warned = true;
                log.warn("Could not take {} out of {} ({}); hidden instead, which repaints more", found, skin.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
