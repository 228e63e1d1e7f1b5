package org.thinrich.calendar.ui;

import com.calendarfx.view.CalendarView;
import com.calendarfx.view.DateControl;
import com.calendarfx.view.DayEntryView;
import com.calendarfx.view.DayView;
import com.calendarfx.view.DayViewBase;
import com.calendarfx.view.DetailedWeekView;
import com.calendarfx.view.WeekDayView;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.WeekFields;
import javafx.animation.PauseTransition;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.control.SkinBase;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.CalendarService;

/**
 * The calendar application both paths show: CalendarFX's day, week, month and year pages, with
 * today / previous / next, search, calendars with colours, create by double-click, drag to move
 * and resize, an edit dialog, and a list of calendars to add, rename, recolour and delete, all
 * bound to one {@link CalendarService}.
 *
 * <p>The server builds one per thin session on a headless stage; the rich client builds one over
 * its local replica; both look and behave the same. Create and use it on the JavaFX thread.
 */
public final class CalendarApp {
    private static final LocalTime WORKDAY_START = LocalTime.of(8, 0);
    private static final LocalTime WORKDAY_END = LocalTime.of(20, 0);
    private static final String CALENDARFX_CSS = CalendarView.class.getResource("calendar.css").toExternalForm();
    private static final String APP_CSS = CalendarApp.class.getResource("calendar-app.css").toExternalForm();
    /**
     * The colour under every calendar page, given as the scene's fill and not as the pages' own
     * (see calendar-app.css): Prism clears each region it repaints with the scene's fill before it
     * paints anything, so a page filling itself white painted all its pixels twice.
     */
    public static final javafx.scene.paint.Color PAGE_WHITE = javafx.scene.paint.Color.WHITE;

    private final CalendarView view = new CalendarView();
    private final StackPane root = new StackPane();
    private final Label notice = new Label();
    private final EventEditor editor;
    private final CalendarsEditor calendarsEditor;
    private final CalendarBinding binding;
    private final StoreWrites writes = new StoreWrites();
    private final PauseTransition noticeTimer = new PauseTransition(Duration.seconds(5));
    /** Pages shown so far: CalendarFX makes a page's skin and puts its toolbar in the scene the first time. */
    private final java.util.Set<CalendarView.Page> pagesShown = java.util.EnumSet.noneOf(CalendarView.Page.class);
    private final java.util.List<Runnable> onNewPage = new java.util.ArrayList<>();

    public CalendarApp(CalendarService service, ZoneId zone, Clock clock) {
        this(service, zone, clock, true);
    }

    /**
     * {@code weeksAhead}: the week page keeps the weeks before and after the one shown built and
     * hidden (see {@link AdjacentWeeksSkin}): next and previous week about twice as fast, for the
     * memory of two more week views (about 12 MB of heap). Without, CalendarFX's own week page.
     */
    public CalendarApp(CalendarService service, ZoneId zone, Clock clock, boolean weeksAhead) {
        binding = new CalendarBinding(service, writes, zone, this::showNotice);
        editor = new EventEditor(service, binding, this::showNotice);
        calendarsEditor = new CalendarsEditor(service, writes);
        binding.onCalendarsShown(() -> {
            editor.calendarsChanged();
            if (calendarsEditor.isOpen()) calendarsEditor.calendarsShown(service.calendars());
        });

        view.setZoneId(zone);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        view.setToday(today);
        view.setDate(today);
        view.setTime(LocalTime.now(clock.withZone(zone)));
        view.setWeekFields(WeekFields.ISO);
        // The whole day fits without scrolling: the working day at full height, night hours compressed.
        // A view that needs no scrolling also behaves the same for a person and for a scripted pointer.
        view.setStartTime(WORKDAY_START);
        view.setEndTime(WORKDAY_END);
        daySettings(view.getDayPage().getDetailedDayView().getDayView());
        UnchangedOrder.watch(withoutBackgroundCanvas(view.getDayPage().getDetailedDayView().getDayView()));
        weekSettings(view.getWeekPage().getDetailedWeekView());
        // CalendarFX's "add calendar" button opens this app's calendar list (added, renamed,
        // recoloured, deleted there) instead of CalendarFX's dialog, a window of its own.
        view.setShowAddCalendarButton(true);
        view.setCalendarSourceFactory(parameter -> {
            calendarsEditor.open();
            return null;
        });
        view.setShowPrintButton(false);
        view.setShowPageSwitcher(true);
        view.setShowSearchField(true);
        view.setShowSourceTrayButton(true);
        view.setShowDeveloperConsole(false);
        view.setEntryDetailsCallback(this::openEditor);
        view.setShowDetailsUponEntryCreation(false);
        // No context menus: they open windows of their own, which a remote-display session does not
        // stream. Everything they offer is in the edit dialog (double-click an event).
        view.setContextMenuCallback(p -> null);
        view.setEntryContextMenuCallback(p -> null);
        // Only whole series repeat here; an occurrence cannot be dragged away from its series.
        view.setEntryEditPolicy(p -> !CalendarBinding.isOccurrence(p.getEntry())
                || p.getEditOperation() == DateControl.EditOperation.DELETE);
        // CalendarFX's drag handler goes on after the policy refused the drag and fails with a
        // NullPointerException on every pointer move: it never sees a drag that starts on an occurrence.
        view.addEventFilter(MouseEvent.MOUSE_DRAGGED, drag -> {
            if (drag.getTarget() instanceof DayEntryView v && CalendarBinding.isOccurrence(v.getEntry())) drag.consume();
        });
        binding.bind(view);
        if (weeksAhead) view.getWeekPage().setSkin(new AdjacentWeeksSkin(view.getWeekPage(), CalendarApp::weekSettings));
        view.showWeekPage();

        notice.setId("notice");
        notice.getStyleClass().add("notice");
        notice.setVisible(false);
        notice.setWrapText(true);
        StackPane.setAlignment(notice, Pos.BOTTOM_CENTER);
        noticeTimer.setOnFinished(e -> notice.setVisible(false));

        root.getChildren().addAll(view, notice, editor, calendarsEditor);
        root.setId("calendar-app");
        pagesShown.add(view.getSelectedPage());
        view.selectedPageProperty().addListener((o, was, page) -> {
            if (pagesShown.add(page)) onNewPage.forEach(Runnable::run);
        });
        stylesOnTheScene();
    }

    /**
     * Runs {@code action} whenever a page is shown for the first time, when its skin and toolbar
     * enter the scene: work on the scene's new nodes that need not be done again on later switches.
     */
    public void whenPageFirstShown(Runnable action) {
        onNewPage.add(action);
    }

    /**
     * The calendar's style sheets go on the scene, not on nodes in it. CalendarFX puts its sheet on
     * the calendar view and on two panes of its skin, and this app put its own on the root: with a
     * sheet on an ancestor, JavaFX gathers the ancestors' sheets again for every node it styles and
     * notes the node's parent among the sheet's users, in a list it searches from end to start
     * (StyleManager.RefList) and shares across all scenes: on the server, every session's nodes.
     * That was a sixth of the JavaFX thread's samples in a page switch (JFR). The order keeps the
     * cascade as it was: CalendarFX's sheet, on a node below the root, won over this app's.
     */
    private void stylesOnTheScene() {
        view.getStylesheets().remove(CALENDARFX_CSS);
        // The skin's panes get theirs when made, some only once the pane's parent has a skin: looked
        // for after the pulses that make skins (the first, and a page's first).
        Runnable lookAfterNextPulse = () -> {
            Scene scene = root.getScene();
            if (scene == null) return;
            scene.addPostLayoutPulseListener(new Runnable() {
                @Override
                public void run() {
                    scene.removePostLayoutPulseListener(this);
                    for (javafx.scene.Node n : root.lookupAll("*")) {
                        if (n instanceof Parent p && !p.getStylesheets().isEmpty()) p.getStylesheets().remove(CALENDARFX_CSS);
                    }
                }
            });
        };
        root.sceneProperty().addListener((o, was, scene) -> {
            if (scene == null) return;
            scene.setFill(PAGE_WHITE);
            for (String sheet : java.util.List.of(APP_CSS, CALENDARFX_CSS)) {
                if (!scene.getStylesheets().contains(sheet)) scene.getStylesheets().add(sheet);
            }
            lookAfterNextPulse.run();
        });
        // After that no sheet comes back (the walk over the scene costs about 1 ms, which every page switch paid).
        whenPageFirstShown(lookAfterNextPulse);
    }

    private static void weekSettings(DetailedWeekView week) {
        daySettings(week.getWeekView());
        week.getWeekView().setWeekDayViewFactory(day -> UnchangedOrder.watch(EntriesInPlace.keep(withoutBackgroundCanvas(new WeekDayView()))));
    }

    /**
     * Takes a day view's background canvas out of the scene. CalendarFX paints availability and
     * custom grids on it, neither used here, so it stays clear; yet Prism's software renderer (the
     * thin sessions') blends every pixel of the clear canvas texture whenever it repaints the day.
     * Hiding it was not enough: CalendarFX clears it on every layout of the day, and a cleared
     * canvas, hidden or not, makes the renderer repaint all of it; any change to one entry lays out
     * every day of the week, so the whole week grid was repainted (Prism's dirty region 1185 x 627 px
     * for an event moved by an hour). Out of the scene, the canvas still takes CalendarFX's drawing:
     * a clear over all of it empties its buffer of drawing commands, so it never grows.
     */
    private static <T extends DayView> T withoutBackgroundCanvas(T day) {
        day.skinProperty().addListener((o, was, skin) -> {
            if (skin instanceof SkinBase<?> base) SkinChildren.removeIf(base, n -> n instanceof Canvas);
        });
        return day;
    }

    /** The whole day fits without scrolling: the working day at full height, night hours compressed. */
    private static void daySettings(DayViewBase dayView) {
        dayView.setEarlyLateHoursStrategy(DayViewBase.EarlyLateHoursStrategy.SHOW_COMPRESSED);
        dayView.setHoursLayoutStrategy(DayViewBase.HoursLayoutStrategy.FIXED_HOUR_COUNT);
        dayView.setVisibleHours(14);
        // No current-time line: CalendarFX fades it in and out for 600 ms on every week switch,
        // which costs a remote display a dozen extra frames; both paths show the same UI.
        dayView.setEnableCurrentTimeMarker(false);
        dayView.setEnableCurrentTimeCircle(false);
    }

    public Parent root() {
        return root;
    }

    public CalendarView view() {
        return view;
    }

    public EventEditor editor() {
        return editor;
    }

    public CalendarsEditor calendarsEditor() {
        return calendarsEditor;
    }

    /** Shows a short message at the bottom of the window, e.g. why an edit was refused. */
    public void showNotice(String message) {
        notice.setText(message);
        notice.setVisible(true);
        noticeTimer.playFromStart();
    }

    /** Stops listening to the service, once the edits on their way are stored; call when the window or session closes. */
    public void close() {
        writes.close(java.time.Duration.ofSeconds(2));
        binding.unbind();
    }

    /** True when every edit made in the view has been answered by the service; call on the JavaFX thread. */
    public boolean allStored() {
        return writes.idle();
    }

    private Boolean openEditor(DateControl.EntryDetailsParameter parameter) {
        // An occurrence's user object is its series: the dialog edits the whole series.
        if (parameter.getEntry().getUserObject() instanceof CalendarEvent) {
            editor.open(binding.asShown(parameter.getEntry()));
            return true;
        }
        return false;
    }
}
