package org.thinrich.calendar.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.thinrich.testing.Theories.listsOf;
import static org.thinrich.testing.Theories.qt;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.shape.Rectangle;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The list behind a day view's entry group: a "set all" ends where a plain one would, touching only what goes. */
class EntriesInPlaceTest {

    /** Any set: the list ends equal to what was set, element for element. */
    @Test
    void aSetEndsWithExactlyTheElementsSet() {
        qt(300).forAll(indexes(), indexes()).checkAssert(EntriesInPlaceTest::setEndsWithTheElementsSet);
    }

    private static void setEndsWithTheElementsSet(List<Integer> before, List<Integer> after) {
        List<Node> pool = pool(16);
        ObservableList<Node> target = FXCollections.observableArrayList(distinct(before, pool));
        EntriesInPlace.InPlace list = new EntriesInPlace.InPlace(target);
        List<Node> wanted = distinct(after, pool);
        list.setAll(wanted);
        assertThat(target).containsExactlyElementsOf(wanted);
    }

    /** A set that only leaves elements out removes just those: no element that stays is taken out. */
    @Test
    void leavingElementsOutRemovesOnlyThose() {
        qt(300).forAll(indexes(), listsOf(booleans().all(), 12)).checkAssert(EntriesInPlaceTest::leavingOutRemovesOnlyThose);
    }

    private static void leavingOutRemovesOnlyThose(List<Integer> before, List<Boolean> keep) {
        List<Node> pool = pool(16);
        List<Node> current = distinct(before, pool);
        List<Node> kept = new ArrayList<>();
        for (int i = 0; i < current.size(); i++) if (i >= keep.size() || keep.get(i)) kept.add(current.get(i));
        ObservableList<Node> target = FXCollections.observableArrayList(current);
        List<Node> removed = new ArrayList<>();
        List<Node> added = new ArrayList<>();
        target.addListener((ListChangeListener<Node>) change -> {
            while (change.next()) {
                removed.addAll(change.getRemoved());
                added.addAll(change.getAddedSubList());
            }
        });
        boolean changed = new EntriesInPlace.InPlace(target).setAll(kept);
        assertThat(target).containsExactlyElementsOf(kept);
        assertThat(added).isEmpty();
        assertThat(removed).hasSize(current.size() - kept.size()).allSatisfy(gone -> assertThat(kept).doesNotContain(gone));
        assertThat(changed).isEqualTo(kept.size() < current.size());
    }

    /** Up to 12 indexes into a pool of 16 nodes, repeats possible. */
    private static Gen<List<Integer>> indexes() {
        return listsOf(integers().between(0, 15), 12);
    }

    private static List<Node> pool(int size) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) nodes.add(new Rectangle(i, i));
        return nodes;
    }

    /** The pool's nodes at these indexes, each once (a node is in a parent once), in order. */
    private static List<Node> distinct(List<Integer> indexes, List<Node> pool) {
        return indexes.stream().distinct().map(pool::get).toList();
    }
}
