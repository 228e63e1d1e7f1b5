package org.thinrich.calendar.ui;

import com.calendarfx.view.DayEntryView;
import com.calendarfx.view.WeekDayView;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import org.thinrich.calendar.core.CalendarEvent;

/**
 * Where the controls of a calendar UI's current page are, in scene pixels: what a remote-display
 * test harness needs to point at them as a person would, and nothing of the calendar beyond what
 * the page shows. A thin session's user may ask for their own session's map (see the README's
 * HTTP API); the thin client itself never does.
 *
 * @param date    the date the page shows
 * @param buttons every visible button with a text
 * @param events  every visible timed event of the day or week view
 * @param days    each visible week-view column: its date, its centre x, and the y of each hour 0..24
 */
public record ScreenMap(LocalDate date, List<Button> buttons, List<Event> events, List<Day> days) {

    public record Button(String text, double x, double y) {
    }

    /** An event's on-screen box (centre, size) and its times as ISO-8601 strings. */
    public record Event(String id, String title, String calendarId, String start, String end, boolean recurring,
                        double x, double y, double width, double height) {
    }

    public record Day(LocalDate date, double x, List<Double> hours) {
    }

    /** The map of {@code app}'s page as shown now; call on the JavaFX thread. */
    public static ScreenMap of(CalendarApp app) {
        List<Button> buttons = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        List<Day> days = new ArrayList<>();
        for (Node node : app.root().lookupAll("*")) {
            if (!CalendarControls.isShown(node)) continue;
            if (node instanceof ButtonBase b && b.getText() != null && !b.getText().isBlank()) {
                Point2D c = CalendarControls.centre(b);
                buttons.add(new Button(b.getText(), round(c.getX()), round(c.getY())));
            } else if (node instanceof DayEntryView v && v.getEntry() != null && v.getEntry().getUserObject() instanceof CalendarEvent e) {
                Bounds box = v.localToScene(v.getBoundsInLocal());
                events.add(new Event(e.id(), e.title(), e.calendarId(), e.start().toString(), e.end().toString(), e.recurring(),
                        round(box.getMinX() + box.getWidth() / 2), round(box.getMinY() + box.getHeight() / 2),
                        round(box.getWidth()), round(box.getHeight())));
            } else if (node instanceof WeekDayView column && column.getDate() != null) {
                Bounds b = column.getLayoutBounds();
                List<Double> hours = new ArrayList<>();
                for (int hour = 0; hour <= 24; hour++) {
                    double y = column.getLocation(column.getDate().atStartOfDay(app.view().getZoneId()).plusHours(hour));
                    hours.add(round(column.localToScene(0, y).getY()));
                }
                days.add(new Day(column.getDate(), round(column.localToScene(b.getMinX() + b.getWidth() / 2, 0).getX()), hours));
            }
        }
        return new ScreenMap(app.view().getDate(), buttons, events, days);
    }

    private static double round(double pixels) {
        return Math.round(pixels * 10) / 10.0;
    }

    /** The button labelled {@code text}, e.g. "&gt;" for the next week. */
    public Optional<Button> button(String text) {
        return buttons.stream().filter(b -> b.text().equals(text)).findFirst();
    }

    /** The first visible event titled {@code title}. */
    public Optional<Event> event(String title) {
        return events.stream().filter(e -> e.title().equals(title)).findFirst();
    }

    /** The point of {@code time} (hours and minutes) on {@code date}'s column, if the week view shows it. */
    public Optional<Point2D> slot(LocalDate on, int hour, int minute) {
        return days.stream().filter(d -> d.date().equals(on)).findFirst().map(d -> {
            double top = d.hours().get(hour);
            double next = d.hours().get(Math.min(24, hour + 1));
            return new Point2D(d.x(), top + (next - top) * minute / 60.0);
        });
    }
}
