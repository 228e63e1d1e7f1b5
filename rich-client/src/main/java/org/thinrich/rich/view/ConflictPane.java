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
 * each, why it happened, the user's version beside the server's part by part (calendar, title,
 * time, place, repetition, notes; the parts that differ in bold), and the three ways out.
 */
final class ConflictPane extends StackPane {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

    private final VBox list = new VBox(12);
    private final BiConsumer<String, Resolution> resolver;
    private final java.util.function.Function<String, String> calendarName;

    /** {@code calendarName}: the name shown for a calendar id. */
    ConflictPane(BiConsumer<String, Resolution> resolver, java.util.function.Function<String, String> calendarName) {
        this.resolver = resolver;
        this.calendarName = calendarName;
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
        javafx.scene.layout.ColumnConstraints part = new javafx.scene.layout.ColumnConstraints();
        javafx.scene.layout.ColumnConstraints side = new javafx.scene.layout.ColumnConstraints();
        side.setPercentWidth(44);
        sides.getColumnConstraints().addAll(part, side, side);
        part(sides, 1, "Calendar", c, e -> calendarName.apply(e.calendarId()));
        part(sides, 2, "Title", c, CalendarEvent::title);
        part(sides, 3, "When", c, e -> e.allDay() ? "all day " + e.start().toLocalDate() + " – " + e.end().toLocalDate()
                : WHEN.format(e.start()) + " – " + e.end().toLocalTime());
        part(sides, 4, "Where", c, CalendarEvent::location);
        part(sides, 5, "Repeats", c, e -> org.thinrich.calendar.core.RecurrenceText.describe(e.recurrenceRule()));
        part(sides, 6, "Notes", c, CalendarEvent::notes);
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

    /** One part of the event, both sides; in bold where they differ. */
    private static void part(GridPane sides, int row, String name, SyncConflict c, java.util.function.Function<CalendarEvent, String> value) {
        Label mine = new Label(text(c.mine(), value));
        Label theirs = new Label(text(c.theirs(), value));
        for (Label l : List.of(mine, theirs)) {
            l.setWrapText(true);
            l.setMaxWidth(320);
        }
        if (!mine.getText().equals(theirs.getText())) {
            mine.getStyleClass().add("conflict-differs");
            theirs.getStyleClass().add("conflict-differs");
            mine.setStyle("-fx-font-weight: bold;");
            theirs.setStyle("-fx-font-weight: bold;");
        }
        sides.addRow(row, new Label(name), mine, theirs);
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
