package org.thinrich.calendar.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The parts every dialog of the app shares ({@link EventEditor}, {@link CalendarsEditor}): drawn in
 * the application's own scene rather than in a window of its own, so a remote-display session that
 * streams the scene streams the open dialog too.
 */
final class SceneDialog {
    private SceneDialog() {
    }

    /**
     * Makes {@code backdrop} the dialog's backdrop: see-through but modal (picked on its bounds, it
     * takes the clicks beside the dialog while open). It stays shown, open or closed, and only the
     * card shows and hides: a node shown or hidden is repainted over all its bounds, and the
     * backdrop's are the window's. Escape runs {@code close}.
     */
    static void backdrop(StackPane backdrop, String id, Runnable close) {
        backdrop.setId(id);
        backdrop.getStyleClass().add("event-editor-backdrop");
        backdrop.setPickOnBounds(true);
        backdrop.setMouseTransparent(true);
        backdrop.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) close.run();
        });
    }

    /**
     * The card with its shadow, hidden, centred in {@code backdrop}, at most {@code maxWidth} wide;
     * show and hide what this returns. The shadow is a node of its own under the card, drawn once
     * and kept as a bitmap: on the card it would be computed again (a gaussian blur of the whole
     * card, in software on the server) for every letter typed.
     */
    static StackPane card(StackPane backdrop, VBox card, double maxWidth) {
        card.getStyleClass().add("event-editor");
        card.setPadding(new Insets(16));
        Region shadow = new Region();
        shadow.getStyleClass().add("event-editor-shadow");
        shadow.setCache(true);
        StackPane framed = new StackPane(shadow, card);
        framed.setVisible(false);
        framed.setMaxSize(maxWidth, Region.USE_PREF_SIZE);
        StackPane.setAlignment(framed, Pos.CENTER);
        backdrop.getChildren().add(framed);
        return framed;
    }

    /** Shows or hides the card; the backdrop takes clicks only while it shows. */
    static void show(StackPane backdrop, StackPane framed, boolean shown) {
        framed.setVisible(shown);
        backdrop.setMouseTransparent(!shown);
    }
}
