package org.thinrich.calendar.ui;

import com.calendarfx.view.DayEntryView;
import com.calendarfx.view.WeekDayView;
import com.calendarfx.view.WeekView;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;
import java.util.function.Predicate;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import org.thinrich.calendar.core.CalendarEvent;

/**
 * Where a person would point to use the calendar UI: the scene position of its buttons, of an
 * event, of a time slot. Scenario drivers use it to produce the pointer input a person would, at
 * the controls' real positions. Call on the JavaFX thread.
 */
public final class CalendarControls {
    private final CalendarApp app;

    public CalendarControls(CalendarApp app) {
        this.app = app;
    }

    /** The centre of the visible button labelled {@code text}: "&lt;", "&gt;", "Today", "Day", "Week", "Month", "Year". */
    public Point2D button(String text) {
        return centre(find(n -> n instanceof ButtonBase b && text.equals(b.getText()) && isShown(b))
                .orElseThrow(() -> new IllegalArgumentException("No visible button '" + text + "'")));
    }

    /** The centre of the first visible timed event titled {@code title} in the day or week view. */
    public Optional<Point2D> event(String title) {
        return find(n -> n instanceof DayEntryView v && isShown(v) && v.getEntry() != null && title.equals(v.getEntry().getTitle()))
                .map(CalendarControls::centre);
    }

    /** The first visible single (not recurring) timed event of the week view. */
    public Optional<CalendarEvent> someSingleEvent() {
        return find(n -> n instanceof DayEntryView v && isShown(v) && v.getEntry() != null
                && v.getEntry().getUserObject() instanceof CalendarEvent e && !e.recurring())
                .map(n -> (CalendarEvent) ((DayEntryView) n).getEntry().getUserObject());
    }

    /** The point of {@code time} on {@code date} in the week view's column for that date. */
    public Optional<Point2D> slot(LocalDate date, LocalTime time) {
        return find(n -> n instanceof WeekDayView d && date.equals(d.getDate()) && isShown(d)).map(n -> {
            WeekDayView column = (WeekDayView) n;
            double y = column.getLocation(date.atTime(time).atZone(app.view().getZoneId()));
            Bounds b = column.getLayoutBounds();
            return column.localToScene(b.getMinX() + b.getWidth() / 2, y);
        });
    }

    /**
     * The shown week grid (the day columns, without the all-day row and the time scale) in scene
     * coordinates. Not {@code getDetailedWeekView().getWeekView()}: with the weeks before and
     * after built ahead, the one shown is another WeekView.
     */
    public Bounds weekGrid() {
        Node grid = find(n -> n instanceof WeekView && isShown(n)).orElseThrow(() -> new IllegalStateException("No week shown"));
        return grid.localToScene(grid.getBoundsInLocal());
    }

    /** Pixels per hour in the week view around {@code time} on {@code date}. */
    public double hourHeight(LocalDate date, LocalTime time) {
        return slot(date, time.plusHours(1)).orElseThrow().getY() - slot(date, time).orElseThrow().getY();
    }

    /**
     * True when the node and all its parents are visible. The week page keeps the weeks before and
     * after the one shown built and hidden (see AdjacentWeeksSkin): their events are not on screen.
     */
    public static boolean isShown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) return false;
        }
        return node.getScene() != null;
    }

    private Optional<Node> find(Predicate<Node> test) {
        return app.root().lookupAll("*").stream().filter(test).findFirst();
    }

    /** The centre of {@code node} in its scene; call on the JavaFX thread. */
    public static Point2D centre(Node node) {
        Bounds b = node.localToScene(node.getBoundsInLocal());
        return new Point2D(b.getMinX() + b.getWidth() / 2, b.getMinY() + b.getHeight() / 2);
    }

    /** The centre of {@code node} on the screen, where a robot points; call on the JavaFX thread. */
    public static Point2D centreOnScreen(Node node) {
        Bounds b = node.localToScreen(node.getBoundsInLocal());
        return new Point2D(b.getMinX() + b.getWidth() / 2, b.getMinY() + b.getHeight() / 2);
    }
}
