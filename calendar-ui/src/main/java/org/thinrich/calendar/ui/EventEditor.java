package org.thinrich.calendar.ui;

import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.function.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.CalendarService;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.calendar.core.EventValidator;
import org.thinrich.calendar.core.UserCalendar;

/**
 * The edit dialog for title, location, notes and calendar, with delete. It is drawn inside the
 * application's own scene rather than in a window of its own, so a remote-display session that
 * streams the scene streams the open dialog too, and a resumed session finds it still open.
 */
public final class EventEditor extends StackPane {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT);

    private final CalendarService service;
    private final CalendarBinding binding;
    private final Consumer<String> problemReporter;
    private final Label when = new Label();
    private final TextField title = new TextField();
    private final TextField location = new TextField();
    private final TextArea notes = new TextArea();
    /** Calendar choice as buttons in the scene: a drop-down list would open a window of its own. */
    private final HBox calendarChoice = new HBox(4);
    private final ToggleGroup calendar = new ToggleGroup();
    private final Label error = new Label();
    /** The card with its shadow: all that shows or hides when the dialog opens or closes. */
    private final StackPane framed;
    private CalendarEvent editing;
    /** The calendars changed since the choice buttons were made: made again at the next open. */
    private boolean calendarsStale;

    EventEditor(CalendarService service, CalendarBinding binding, Consumer<String> problemReporter) {
        this.service = service;
        this.binding = binding;
        this.problemReporter = problemReporter;
        SceneDialog.backdrop(this, "event-editor", this::close);

        title.setId("editor-title");
        location.setId("editor-location");
        notes.setId("editor-notes");
        notes.setPrefRowCount(5);
        notes.setWrapText(true);
        calendarChoice.setId("editor-calendar");
        when.setId("editor-when");
        error.setId("editor-error");
        error.getStyleClass().add("editor-error");
        error.setWrapText(true);

        GridPane fields = new GridPane();
        fields.setHgap(10);
        fields.setVgap(8);
        fields.addRow(0, new Label("Title"), title);
        fields.addRow(1, new Label("Location"), location);
        fields.addRow(2, new Label("Calendar"), calendarChoice);
        fields.addRow(3, new Label("Notes"), notes);
        // Labels keep their full width; the fields take the rest.
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        fields.getColumnConstraints().addAll(labels, values);

        Button save = new Button("Save");
        save.setId("editor-save");
        save.setDefaultButton(true);
        save.setOnAction(e -> save());
        Button delete = new Button("Delete");
        delete.setId("editor-delete");
        delete.setOnAction(e -> delete());
        Button cancel = new Button("Cancel");
        cancel.setId("editor-cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> close());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, delete, gap, cancel, save);

        Label heading = new Label("Edit event");
        heading.getStyleClass().add("editor-heading");
        framed = SceneDialog.card(this, new VBox(10, heading, when, fields, error, buttons), 460);
    }

    /** Opens the editor on the stored event with this id. */
    public void open(String eventId) {
        service.event(eventId).ifPresentOrElse(this::open,
                () -> problemReporter.accept("That event no longer exists; it may have been deleted elsewhere."));
    }

    /**
     * Opens the editor on {@code event} as the calendar shows it, without asking the store: a
     * double-click's dialog waited for two queries (the event, the calendars) on the JavaFX thread,
     * and the calendar buttons were made again each time.
     */
    void open(CalendarEvent event) {
        editing = event;
        if (calendarsStale || calendar.getToggles().stream().noneMatch(t -> ((UserCalendar) t.getUserData()).id().equals(event.calendarId()))) {
            calendarsStale = false;
            chooseAmong(service.calendars()); // first opened, or a calendar made since
        }
        calendar.getToggles().forEach(t -> t.setSelected(((UserCalendar) t.getUserData()).id().equals(event.calendarId())));
        title.setText(event.title());
        location.setText(event.location());
        notes.setText(event.notes());
        when.setText(describeTimes(event));
        error.setText("");
        SceneDialog.show(this, framed, true);
        title.requestFocus();
        title.selectAll();
    }

    private void chooseAmong(List<UserCalendar> calendars) {
        calendarChoice.getChildren().clear();
        calendar.getToggles().clear();
        for (UserCalendar c : calendars) {
            ToggleButton choice = new ToggleButton(c.name());
            choice.setId("editor-calendar-" + c.id());
            choice.setUserData(c);
            choice.setToggleGroup(calendar);
            calendarChoice.getChildren().add(choice);
        }
    }

    public boolean isOpen() {
        return framed.isVisible();
    }

    /** A calendar was added, renamed, recoloured or deleted: the choice is made again when the dialog next opens. */
    void calendarsChanged() {
        calendarsStale = true;
    }

    /** The id of the event being edited, or null when closed. */
    public String editingId() {
        return isOpen() && editing != null ? editing.id() : null;
    }

    /**
     * Checks the changes against the event rules here, where a broken one keeps the dialog open
     * with the reason; then closes, shows them in the calendar and stores them in the background
     * (see {@link StoreWrites}). Should the store refuse them, the dialog opens again with what the
     * user typed and why.
     */
    void save() {
        if (editing == null) return;
        EventPatch details = EventPatch.details(title.getText(), location.getText(), notes.getText());
        UserCalendar chosen = calendar.getSelectedToggle() == null ? null : (UserCalendar) calendar.getSelectedToggle().getUserData();
        EventPatch patch = chosen == null || chosen.id().equals(editing.calendarId()) ? details
                : new EventPatch(chosen.id(), details.title(), details.location(), details.notes(),
                        null, null, null, null, false);
        CalendarEvent stored = editing;
        CalendarEvent wanted;
        try {
            wanted = EventValidator.validate(patch.applyTo(stored),
                    calendar.getToggles().stream().map(t -> ((UserCalendar) t.getUserData()).id()).toList());
        } catch (IllegalArgumentException broken) { // ValidationException, or a value the event itself refuses
            error.setText(broken.getMessage());
            return;
        }
        close();
        if (!wanted.sameContent(stored)) binding.edit(stored, patch, reason -> openAgain(wanted, reason));
    }

    void delete() {
        if (editing == null) return;
        CalendarEvent stored = editing;
        close();
        binding.delete(stored, reason -> openAgain(stored, reason));
    }

    /** The store refused what the dialog sent: the dialog again, with what the user typed and why. */
    private void openAgain(CalendarEvent wanted, String reason) {
        if (isOpen() || service.event(wanted.id()).isEmpty()) { // busy with another event, or it is gone
            problemReporter.accept(reason);
            return;
        }
        open(wanted.id());
        title.setText(wanted.title());
        location.setText(wanted.location());
        notes.setText(wanted.notes());
        calendar.getToggles().forEach(t -> t.setSelected(((UserCalendar) t.getUserData()).id().equals(wanted.calendarId())));
        error.setText(reason);
    }

    void close() {
        editing = null;
        SceneDialog.show(this, framed, false);
    }

    private static String describeTimes(CalendarEvent event) {
        String text;
        if (event.allDay()) {
            var last = event.end().toLocalDate().minusDays(1);
            text = "All day, " + event.start().toLocalDate() + (last.equals(event.start().toLocalDate()) ? "" : " to " + last);
        } else {
            text = WHEN.format(event.start()) + " to " + WHEN.format(event.end()) + " (" + event.zone().getId() + ")";
        }
        return event.recurring() ? text + ", repeats " + event.recurrenceRule() : text;
    }
}
