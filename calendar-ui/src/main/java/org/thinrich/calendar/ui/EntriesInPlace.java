package org.thinrich.calendar.ui;

import com.calendarfx.view.DayView;
import java.lang.reflect.Field;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import javafx.beans.InvalidationListener;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.SkinBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a day view's entries where they are when CalendarFX takes one away.
 *
 * <p>CalendarFX removes an entry from a day view by setting the whole list of the day's entry
 * views again, minus that one ({@code Util.removeChildren}), and it does so in every day view of
 * every week built, for every change of an entry (a drag's end, an edit from another client), even
 * where the entry was never shown. JavaFX takes such a list as all entries removed and added
 * anew: each is synced to the renderer as a new node and painted again (at a drag's release,
 * Prism's render graph marked every entry view of the week dirty). Here a day view's entry group
 * is one whose list turns such a "set all" into the removals it stands for, and into nothing when
 * nothing goes; a set with anything new or reordered is passed on as it is.
 */
final class EntriesInPlace {
    private static final Logger log = LoggerFactory.getLogger(EntriesInPlace.class);
    /** CalendarFX 11.12's DayViewSkin keeps its entry views in a private Group of this name. */
    private static final String FIELD = "entryViewGroup";
    private static volatile boolean warned;

    private EntriesInPlace() {
    }

    /** Gives {@code day}'s skin, once made, an entry group that edits its list in place. */
    static <T extends DayView> T keep(T day) {
        day.skinProperty().addListener((o, was, skin) -> {
            if (skin instanceof SkinBase<?> base) install(base);
        });
        return day;
    }

    /**
     * Puts a {@link Entries} group in the place of the skin's own, with its entry views, settings
     * and position. A CalendarFX whose skin has no such group keeps its own behaviour: slower, not wrong.
     */
    static void install(SkinBase<?> skin) {
        try {
            Field field = findField(skin.getClass());
            if (field == null) {
                warnOnce("no field " + FIELD + " in " + skin.getClass().getName());
                return;
            }
            field.setAccessible(true);
            Group old = (Group) field.get(skin);
            if (old instanceof Entries) return;
            ObservableList<Node> skinChildren = SkinChildren.of(skin);
            int at = skinChildren.indexOf(old);
            if (at < 0) {
                warnOnce("the entry group is not among the day view's children");
                return;
            }
            Entries fresh = new Entries();
            fresh.setManaged(old.isManaged());
            fresh.setMouseTransparent(old.isMouseTransparent());
            fresh.opacityProperty().bind(old.opacityProperty()); // CalendarFX binds the old group's to the view's settings
            fresh.getChildren().setAll(List.copyOf(old.getChildren())); // moves the entry views
            skinChildren.set(at, fresh);
            field.set(skin, fresh);
        } catch (ReflectiveOperationException | RuntimeException e) {
            warnOnce(e.toString());
        }
    }

    private static Field findField(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(FIELD);
                return Group.class.isAssignableFrom(field.getType()) ? field : null;
            } catch (NoSuchFieldException notHere) {
                // try the superclass
            }
        }
        return null;
    }

    private static void warnOnce(String why) {
        if (warned) return;
        warned = true;
        log.warn("Day views repaint all their entries on each removal ({}); the calendar works, only slower to repaint", why);
    }

    /** A group whose child list is {@link InPlace}. */
    static final class Entries extends Group {
        private final InPlace children = new InPlace(super.getChildren());

        Entries() {
            UnchangedOrder.watch(this); // the dragged entry's copy comes in at its place by time, then goes to the front
        }

        @Override
        public ObservableList<Node> getChildren() {
            return children;
        }
    }

    /**
     * A list that does to {@code target} what it is told, but for a "set all" to a list that is
     * the current one with some elements left out, in the same order: those are removed, one at a
     * time from the end, and the others stay where they are. Elements are compared by identity,
     * as nodes are.
     */
    static final class InPlace extends AbstractList<Node> implements ObservableList<Node> {
        private final ObservableList<Node> target;

        InPlace(ObservableList<Node> target) {
            this.target = target;
        }

        @Override
        public boolean setAll(Collection<? extends Node> next) {
            List<? extends Node> wanted = List.copyOf(next);
            // Match from the end; what does not match is what goes. Anything of wanted left over
            // is new or out of order: that set is passed on as it is.
            List<Integer> gone = new ArrayList<>();
            int j = wanted.size() - 1;
            for (int i = target.size() - 1; i >= 0; i--) {
                if (j >= 0 && target.get(i) == wanted.get(j)) j--;
                else gone.add(i);
            }
            if (j >= 0) return target.setAll(wanted);
            gone.forEach(i -> target.remove((int) i)); // highest index first: the others keep theirs
            return !gone.isEmpty();
        }

        @Override
        public boolean setAll(Node... elements) {
            return setAll(List.of(elements));
        }

        @Override
        public Node get(int index) {
            return target.get(index);
        }

        @Override
        public int size() {
            return target.size();
        }

        @Override
        public Node set(int index, Node element) {
            return target.set(index, element);
        }

        @Override
        public void add(int index, Node element) {
            target.add(index, element);
        }

        @Override
        public boolean add(Node element) {
            return target.add(element);
        }

        @Override
        public Node remove(int index) {
            return target.remove(index);
        }

        @Override
        public boolean remove(Object element) {
            return target.remove(element);
        }

        @Override
        public boolean addAll(Collection<? extends Node> elements) {
            return target.addAll(elements);
        }

        @Override
        public boolean addAll(int index, Collection<? extends Node> elements) {
            return target.addAll(index, elements);
        }

        @Override
        public boolean removeAll(Collection<?> elements) {
            return target.removeAll(elements);
        }

        @Override
        public boolean retainAll(Collection<?> elements) {
            return target.retainAll(elements);
        }

        @Override
        public boolean removeIf(Predicate<? super Node> filter) {
            return target.removeIf(filter);
        }

        @Override
        public void clear() {
            target.clear();
        }

        @Override
        public boolean addAll(Node... elements) {
            return target.addAll(elements);
        }

        @Override
        public boolean removeAll(Node... elements) {
            return target.removeAll(elements);
        }

        @Override
        public boolean retainAll(Node... elements) {
            return target.retainAll(elements);
        }

        @Override
        public void remove(int from, int to) {
            target.remove(from, to);
        }

        @Override
        public void addListener(ListChangeListener<? super Node> listener) {
            target.addListener(listener);
        }

        @Override
        public void removeListener(ListChangeListener<? super Node> listener) {
            target.removeListener(listener);
        }

        @Override
        public void addListener(InvalidationListener listener) {
            target.addListener(listener);
        }

        @Override
        public void removeListener(InvalidationListener listener) {
            target.removeListener(listener);
        }
    }
}
