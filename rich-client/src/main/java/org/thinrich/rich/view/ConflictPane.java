package org.thinrich.rich.view;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.rich.replica.SyncConflict;
import org.thinrich.rich.replica.SyncConflict.Resolution;

/**
 * The conflicts awaiting the user, over the calendar (in the scene, like the edit dialog): for
 * each, why it happened, the user's version beside the server's, and the three ways out.
 */
final class ConflictPane extends StackPane {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

    private final VBox list = new VBox(12);
    private final BiConsumer<String, Resolution> resolver;

    ConflictPane(BiConsumer<String, Resolution> resolver) {
        this.resolver = resolver;
        setId("conflicts");
        getStyleClass().add("conflict-backdrop");
        setVisible(false);
        Label heading = new Label("Conflicts to resolve");
        heading.getStyleClass().add("conflict-heading");
        Button close = new Button("Close");
        close.setId("close-conflicts");
        close.setOnAction(e -> setVisible(false));
        HBox top = new HBox(12, heading, new StackPane(), close);
        HBox.setHgrow(top.getChildren().get(1), javafx.scene.layout.Priority.ALWAYS);
        top.setAlignment(Pos.CENTER_LEFT);
        ScrollPane scroll = new ScrollPane(list);
        scroll.setFitToWidth(true);
        scroll.setMaxHeight(460);
        VBox card = new VBox(12, top, scroll);
        card.getStyleClass().add("conflict-card");
        card.setPadding(new Insets(16));
        card.setMaxWidth(760);
        card.setMaxHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        getChildren().add(card);
    }

    void show(List<SyncConflict> conflicts) {
        list.getChildren().clear();
        if (conflicts.isEmpty()) list.getChildren().add(new Label("No conflicts: every edit reached the server as it was made."));
        for (SyncConflict c : conflicts) list.getChildren().add(row(c));
    }

    private VBox row(SyncConflict c) {
        Label title = new Label(c.title());
        title.getStyleClass().add("conflict-title");
        Label reason = new Label(c.reason());
        reason.setWrapText(true);
        GridPane sides = new GridPane();
        sides.setHgap(16);
        sides.setVgap(4);
        sides.addRow(0, new Label(""), bold("Yours"), bold("On the server"));
        sides.addRow(1, new Label("Title"), new Label(text(c.mine(), CalendarEvent::title)), new Label(text(c.theirs(), CalendarEvent::title)));
        sides.addRow(2, new Label("When"), new Label(text(c.mine(), e -> WHEN.format(e.start()) + " – " + e.end().toLocalTime())),
                new Label(text(c.theirs(), e -> WHEN.format(e.start()) + " – " + e.end().toLocalTime())));
        sides.addRow(3, new Label("Where"), new Label(text(c.mine(), CalendarEvent::location)), new Label(text(c.theirs(), CalendarEvent::location)));
        Button mine = button("Keep mine", "keep-mine", c, Resolution.KEEP_MINE);
        Button theirs = button("Keep theirs", "keep-theirs", c, Resolution.KEEP_THEIRS);
        Button both = button("Keep both", "keep-both", c, Resolution.KEEP_BOTH);
        mine.setDisable(c.mine() == null);
        both.setDisable(c.mine() == null || c.mine().deleted());
        HBox actions = new HBox(8, mine, theirs, both);
        VBox box = new VBox(6, title, reason, sides, actions);
        box.getStyleClass().add("conflict-row");
        box.setPadding(new Insets(8));
        return box;
    }

    private Button button(String text, String id, SyncConflict c, Resolution resolution) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> resolver.accept(c.eventId(), resolution));
        return b;
    }

    private static Label bold(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-weight: bold;");
        return l;
    }

    private static String text(CalendarEvent e, java.util.function.Function<CalendarEvent, String> part) {
        if (e == null) return "(none)";
        if (e.deleted()) return "(deleted)";
        String value = part.apply(e);
        return value.isEmpty() ? "–" : value;
    }
}
