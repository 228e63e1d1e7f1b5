package org.thinrich.calendar.ui;

import java.util.List;
import java.util.function.Supplier;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarRules;
import org.thinrich.calendar.core.CalendarService;
import org.thinrich.calendar.core.UserCalendar;

/**
 * The user's calendars, to add, rename, recolour and delete: one row per calendar (its name, its
 * colour as seven swatches, delete) and a row for a new one. Drawn in the application's scene, like
 * {@link EventEditor}, so a remote-display session streams it; opened by the calendar view's "add
 * calendar" button. Changes go to the service off the JavaFX thread; the list shown is rebuilt
 * from the service after each, and whenever the calendars change elsewhere while it is open.
 */
public final class CalendarsEditor extends StackPane {
    private final CalendarService service;
    private final StoreWrites writes;
    private final VBox rows = new VBox(6);
    private final TextField newName = new TextField();
    private final Label error = new Label();
    private final StackPane framed;
    /** The calendar whose delete button was pressed once: a second press deletes it with its events. */
    private String armedDelete;

    CalendarsEditor(CalendarService service, StoreWrites writes) {
        this.service = service;
        this.writes = writes;
        SceneDialog.backdrop(this, "calendars-editor", this::close);

        Label heading = new Label("Calendars");
        heading.getStyleClass().add("editor-heading");
        newName.setId("calendar-new-name");
        newName.setPromptText("New calendar's name");
        newName.setOnAction(e -> add());
        HBox.setHgrow(newName, Priority.ALWAYS);
        Button add = new Button("Add");
        add.setId("calendar-add");
        add.setOnAction(e -> add());
        HBox adding = new HBox(8, newName, add);
        adding.setAlignment(Pos.CENTER_LEFT);
        error.setId("calendars-error");
        error.getStyleClass().add("editor-error");
        error.setWrapText(true);
        Button done = new Button("Done");
        done.setId("calendars-done");
        done.setCancelButton(true);
        done.setOnAction(e -> close());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, gap, done);

        framed = SceneDialog.card(this, new VBox(10, heading, rows, adding, error, buttons), 560);
    }

    public void open() {
        error.setText("");
        newName.clear();
        armedDelete = null;
        showRows(service.calendars());
        SceneDialog.show(this, framed, true);
        newName.requestFocus();
    }

    public boolean isOpen() {
        return framed.isVisible();
    }

    void close() {
        SceneDialog.show(this, framed, false);
    }

    /** The calendars changed (here or elsewhere): the rows show them as they are now. */
    void calendarsShown(List<UserCalendar> calendars) {
        if (isOpen()) showRows(calendars);
    }

    private void showRows(List<UserCalendar> calendars) {
        rows.getChildren().clear();
        for (UserCalendar c : calendars) rows.getChildren().add(row(c));
    }

    private HBox row(UserCalendar calendar) {
        TextField name = new TextField(calendar.name());
        name.setId("calendar-name-" + calendar.id());
        name.setPrefColumnCount(14);
        // Renamed on Enter or when the field is left, if the name is another.
        name.setOnAction(e -> rename(calendar, name.getText()));
        name.focusedProperty().addListener((o, was, focused) -> {
            if (!focused) rename(calendar, name.getText());
        });
        HBox colours = new HBox(3);
        ToggleGroup chosen = new ToggleGroup();
        for (CalendarColour colour : CalendarColour.values()) {
            ToggleButton swatch = new ToggleButton();
            swatch.setId("calendar-colour-" + calendar.id() + "-" + colour.name().toLowerCase(java.util.Locale.ROOT));
            swatch.getStyleClass().add("colour-swatch");
            swatch.setStyle("-fx-background-color: " + colour.hex() + ";");
            swatch.setToggleGroup(chosen);
            swatch.setSelected(colour == calendar.colour());
            swatch.setOnAction(e -> {
                swatch.setSelected(true); // a swatch is chosen, never unchosen
                if (colour != calendar.colour()) change(() -> service.changeCalendar(calendar.id(), calendar.name(), colour));
            });
            colours.getChildren().add(swatch);
        }
        boolean armed = calendar.id().equals(armedDelete);
        Button delete = new Button(armed ? "Delete with its events?" : "Delete");
        delete.setId("calendar-delete-" + calendar.id());
        if (armed) delete.getStyleClass().add("delete-armed");
        delete.setOnAction(e -> {
            if (!calendar.id().equals(armedDelete)) {
                armedDelete = calendar.id();
                showRows(service.calendars());
                return;
            }
            armedDelete = null;
            change(() -> {
                service.deleteCalendar(calendar.id());
                return null;
            });
        });
        HBox row = new HBox(8, name, colours, delete);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private void rename(UserCalendar calendar, String name) {
        if (!isOpen() || name.equals(calendar.name())) return;
        change(() -> service.changeCalendar(calendar.id(), name, calendar.colour()));
    }

    private void add() {
        String name = newName.getText();
        List<UserCalendar> held = service.calendars();
        try {
            CalendarRules.validateName(name); // said here at once, the field keeps what was typed
        } catch (IllegalArgumentException broken) {
            error.setText(broken.getMessage());
            return;
        }
        CalendarColour colour = unusedColour(held);
        newName.clear();
        change(() -> service.addCalendar(name, colour));
    }

    /** The first colour no calendar has yet (the first one when all are taken). */
    private static CalendarColour unusedColour(List<UserCalendar> held) {
        for (CalendarColour colour : CalendarColour.values()) {
            if (held.stream().noneMatch(c -> c.colour() == colour)) return colour;
        }
        return CalendarColour.values()[held.size() % CalendarColour.values().length];
    }

    private <T> void change(Supplier<T> write) {
        error.setText("");
        writes.write(write, done -> calendarsShown(service.calendars()), refused -> {
            error.setText(refused.getMessage());
            calendarsShown(service.calendars());
        });
    }
}
