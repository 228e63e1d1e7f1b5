package org.thinrich.calendar.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.calendarfx.view.CalendarView;
import com.calendarfx.view.DayEntryView;
import com.calendarfx.view.EntryViewBase;
import com.calendarfx.view.WeekDayView;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.calendar.core.UserCalendar;

/**
 * Each user action performed through the real UI (pointer and keyboard on a headless stage), then
 * what the calendar service received.
 */
@ExtendWith(ApplicationExtension.class)
class CalendarAppTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    /** Thursday 26 November 2026, 09:00: the week shown is Monday 23 to Sunday 29. */
    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 26, 9, 0, 0, 0, ZONE);
    private static final LocalDate TUESDAY = LocalDate.of(2026, 11, 24);
    private static final LocalDate WEDNESDAY = LocalDate.of(2026, 11, 25);

    private final UserCalendar work = new UserCalendar("work", "alice", "Work", CalendarColour.BLUE);
    private final UserCalendar personal = new UserCalendar("personal", "alice", "Personal", CalendarColour.GREEN);
    private RecordingCalendarService service;
    private CalendarApp app;
    private CalendarEvent budget;
    /** Every weekday at 09:00 since two years before the week shown. */
    private CalendarEvent standUp;

    @Start
    void start(Stage stage) {
        service = new RecordingCalendarService(List.of(work, personal), Clock.fixed(NOW.toInstant(), ZONE));
        ZonedDateTime two = TUESDAY.atTime(14, 0).atZone(ZONE);
        budget = service.delegate.create(CalendarEvent.timed("work", "Budget review", two, two.plusHours(1)));
        ZonedDateTime earlier = ZonedDateTime.of(2026, 11, 10, 15, 0, 0, 0, ZONE);
        service.delegate.create(CalendarEvent.timed("personal", "Dentist two weeks ago", earlier, earlier.plusHours(1)));
        ZonedDateTime later = ZonedDateTime.of(2027, 2, 10, 11, 0, 0, 0, ZONE);
        service.delegate.create(CalendarEvent.timed("personal", "Tax advisor", later, later.plusHours(1)));
        ZonedDateTime firstStandUp = ZonedDateTime.of(2024, 11, 25, 9, 0, 0, 0, ZONE);
        standUp = service.delegate.create(CalendarEvent.timed("work", "Stand-up", firstStandUp, firstStandUp.plusMinutes(30))
                .withRecurrenceRule("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"));
        app = new CalendarApp(service, ZONE, Clock.fixed(NOW.toInstant(), ZONE));
        stage.setScene(new Scene(app.root(), 1280, 800));
        stage.show();
    }

    @AfterEach
    void closeApp(FxRobot robot) {
        robot.interact(app::close);
    }

    @Test
    void nextWeekButtonShowsTheFollowingWeekLoadedAhead(FxRobot robot) throws Exception {
        LocalDate nextMonday = LocalDate.of(2026, 11, 30);
        awaitWeekQueried(nextMonday);
        awaitWeekQueried(nextMonday.minusWeeks(2));
        service.calls.clear();

        robot.clickOn(centreOf(button(robot, ">")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(app.view().getDate()).isBetween(nextMonday, nextMonday.plusDays(6));
        assertThat(dayColumn(robot, nextMonday)).as("the week shown").isNotNull();
        assertThat(standUpDays(robot)).as("next week's events were there before the click").hasSize(5);

        // Once next week is on screen, the week after it is loaded and built.
        awaitWeekQueried(nextMonday.plusWeeks(1));
        assertThat(service.calls("events")).as("one query, for the week after next")
                .singleElement().satisfies(call -> assertThat((java.time.Instant) call.second())
                        .isEqualTo(nextMonday.plusWeeks(2).atStartOfDay(ZONE).toInstant()));

        robot.clickOn(centreOf(button(robot, "Today")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(app.view().getDate()).isEqualTo(NOW.toLocalDate());
        assertThat(dayColumn(robot, NOW.toLocalDate()).isVisible()).isTrue();
        assertThat(service.calls("events")).as("a week already shown needs no new query").hasSize(1);
    }

    @Test
    void theNeighbouringWeeksAreBuiltBeforeTheyAreShown(FxRobot robot) throws Exception {
        LocalDate monday = LocalDate.of(2026, 11, 23);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> builtColumn(robot, monday.plusWeeks(1)) != null
                && builtColumn(robot, monday.minusWeeks(1)) != null);
        WeekDayView nextBuilt = builtColumn(robot, monday.plusWeeks(1));
        WeekDayView shownBefore = dayColumn(robot, monday);
        assertThat(CalendarControls.isShown(nextBuilt)).as("next week waits hidden").isFalse();

        robot.clickOn(centreOf(button(robot, ">")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dayColumn(robot, monday.plusWeeks(1))).as("the very column built ahead is shown").isSameAs(nextBuilt);

        robot.clickOn(centreOf(button(robot, "<")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dayColumn(robot, monday)).as("the week left is kept as the new neighbour").isSameAs(shownBefore);
    }

    @Test
    void loadingAWeekBuiltAheadLeavesTheWeekOnScreenAsItIs(FxRobot robot) throws Exception {
        LocalDate monday = LocalDate.of(2026, 11, 23);
        // Until both neighbours are built the skin re-dates its spare views, and could take back
        // the one this test moves (CI saw that once): wait for it to be done.
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> FxThread.call(() -> builtColumn(robot, monday.plusWeeks(1)) != null
                && builtColumn(robot, monday.minusWeeks(1)) != null
                && !((AdjacentWeeksSkin) app.view().getWeekPage().getSkin()).isPreparing()));
        Node shown = entryView(robot, "Budget review");
        // A hidden week view moved to a week not loaded yet asks for its events, as the neighbour
        // built after a switch does.
        LocalDate far = LocalDate.of(2027, 2, 10);
        com.calendarfx.view.DetailedWeekView lastWeek = FxThread.call(() -> {
            Node n = builtColumn(robot, monday.minusWeeks(1));
            while (!(n instanceof com.calendarfx.view.DetailedWeekView)) n = n.getParent();
            return (com.calendarfx.view.DetailedWeekView) n;
        });
        assertThat(FxThread.call(() -> CalendarControls.isShown(lastWeek))).as("last week's view is hidden").isFalse();
        FxThread.run(() -> lastWeek.setDate(far));
        awaitWeekQueried(LocalDate.of(2027, 2, 8));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> FxThread.call(() -> robot.lookup((Node n) -> n instanceof DayEntryView v
                && "Tax advisor".equals(v.getEntry().getTitle())).tryQuery().isPresent()));
        WaitForAsyncUtils.waitForFxEvents();
        // Had its events come as one batch, every view would have rebuilt its entries.
        assertThat(entryView(robot, "Budget review")).as("the same entry view, not rebuilt").isSameAs(shown);
    }

    @Test
    void theWeekPageComesBackAfterTheMonthPage(FxRobot robot) {
        robot.clickOn(centreOf(button(robot, "Month")));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(centreOf(button(robot, "Week")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(standUpDays(robot)).hasSize(5);
        robot.clickOn(centreOf(button(robot, ">")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dayColumn(robot, LocalDate.of(2026, 11, 30))).isNotNull();
        assertThat(standUpDays(robot)).as("next week's stand-ups, and only those").allSatisfy(day ->
                assertThat(day).isBetween(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 12, 4))).hasSize(5);
    }

    /**
     * A transparent fill shows nothing, yet a software renderer (the server's, for thin sessions)
     * blends every pixel of it on every repaint: CalendarFX's two split panes under the whole
     * calendar were 44 % of the server's painting time for a week switch. The same holds for a
     * clear canvas (CalendarFX's day backgrounds: a week switch's render 12 -> 8 ms without them).
     */
    @Test
    void noPageHasLargeInvisibleFills(FxRobot robot) {
        for (Runnable show : List.<Runnable>of(app.view()::showWeekPage, app.view()::showMonthPage, app.view()::showDayPage, app.view()::showYearPage)) {
            robot.interact(show);
            WaitForAsyncUtils.waitForFxEvents();
            List<String> invisible = FxThread.call(() -> invisibleFills(app.root(), 10_000, new java.util.ArrayList<>()));
            assertThat(invisible).as("regions filled with a transparent colour, or clear canvases, on the %s page", app.view().getSelectedPage()).isEmpty();
        }
    }

    /**
     * Prism clears every region it repaints with the scene's fill before painting the nodes: a page
     * that filled itself with that same white painted its pixels twice. The white comes from the
     * scene alone, and nothing grey shows through where the page's fill used to be.
     */
    @Test
    void pagesAreWhiteFromTheScenesFillAlone(FxRobot robot) {
        assertThat(FxThread.call(() -> app.root().getScene().getFill())).isEqualTo(CalendarApp.PAGE_WHITE);
        for (Runnable show : List.<Runnable>of(app.view()::showWeekPage, app.view()::showMonthPage, app.view()::showDayPage, app.view()::showYearPage)) {
            robot.interact(show);
            WaitForAsyncUtils.waitForFxEvents();
            List<String> twice = FxThread.call(() -> regions(app.root(), 100_000, new java.util.ArrayList<>()).stream()
                    .filter(r -> r.getBackground() != null && r.getBackground().getFills().stream().anyMatch(f -> CalendarApp.PAGE_WHITE.equals(f.getFill())))
                    .map(r -> r.getClass().getSimpleName() + r.getStyleClass()).toList());
            assertThat(twice).as("large regions filled with the scene's own white on the %s page", app.view().getSelectedPage()).isEmpty();
        }
        robot.interact(app.view()::showWeekPage);
        WaitForAsyncUtils.waitForFxEvents();
        // Between the page's navigation buttons and its title: nothing but the page itself.
        Bounds next = FxThread.call(() -> button(robot, ">").localToScene(button(robot, ">").getBoundsInLocal()));
        javafx.scene.image.WritableImage picture = FxThread.call(() -> app.root().getScene().snapshot(null));
        assertThat(picture.getPixelReader().getColor((int) next.getMaxX() + 100, (int) next.getCenterY()))
                .as("the page's background").isEqualTo(CalendarApp.PAGE_WHITE);
    }

    /**
     * A region's fill with rounded corners is a shape for Prism, rasterised with anti-aliasing row
     * by row; with square corners it is a plain rectangle. In a thin session's software renderer the
     * week view's 600 px tall scroll-bar thumb was about 1 ms of every week switch.
     */
    @Test
    void noLargeRegionIsFilledAsAShape(FxRobot robot) {
        for (Runnable show : List.<Runnable>of(app.view()::showWeekPage, app.view()::showMonthPage, app.view()::showDayPage, app.view()::showYearPage)) {
            robot.interact(show);
            WaitForAsyncUtils.waitForFxEvents();
            List<String> shapes = FxThread.call(() -> regions(app.root(), 5_000, new java.util.ArrayList<>()).stream()
                    .filter(r -> r.getBackground() != null && r.getBackground().getFills().stream()
                            .anyMatch(f -> !f.getRadii().equals(javafx.scene.layout.CornerRadii.EMPTY)))
                    .map(r -> r.getClass().getSimpleName() + r.getStyleClass() + " " + Math.round(r.getWidth()) + "x" + Math.round(r.getHeight())).toList());
            assertThat(shapes).as("large regions with rounded fills on the %s page", app.view().getSelectedPage()).isEmpty();
        }
    }

    /** The visible regions of at least {@code minArea} px below {@code node}. */
    private static List<javafx.scene.layout.Region> regions(Node node, double minArea, List<javafx.scene.layout.Region> found) {
        if (!node.isVisible()) return found;
        if (node instanceof javafx.scene.layout.Region region && region.getWidth() * region.getHeight() >= minArea) found.add(region);
        if (node instanceof Parent parent) parent.getChildrenUnmodifiable().forEach(child -> regions(child, minArea, found));
        return found;
    }

    private static List<String> invisibleFills(Node node, double minArea, List<String> found) {
        if (!node.isVisible()) return found;
        if (node instanceof javafx.scene.layout.Region region && region.getBackground() != null
                && !region.getBackground().getFills().isEmpty()
                && region.getBackground().getFills().stream().allMatch(f -> f.getFill() instanceof javafx.scene.paint.Color c && c.getOpacity() == 0)
                && region.getWidth() * region.getHeight() >= minArea) {
            found.add(region.getClass().getSimpleName() + region.getStyleClass() + " " + Math.round(region.getWidth()) + "x" + Math.round(region.getHeight()));
        }
        // The only canvases here are CalendarFX's day backgrounds, clear without availability to show.
        if (node instanceof javafx.scene.canvas.Canvas canvas && canvas.getWidth() * canvas.getHeight() >= minArea) {
            found.add(canvas.getClass().getName() + " " + Math.round(canvas.getWidth()) + "x" + Math.round(canvas.getHeight()));
        }
        if (node instanceof javafx.scene.Parent parent) parent.getChildrenUnmodifiable().forEach(child -> invisibleFills(child, minArea, found));
        return found;
    }

    /**
     * CalendarFX takes an entry out of a day view by setting the day's whole list of entry views
     * again, in every day view, for any entry that changes: JavaFX then syncs every entry as new
     * and the renderer repaints the whole week (a thin session's drag repainted 1185 x 627 px to
     * move one event). With {@link EntriesInPlace} an entry view that stays is never taken out.
     */
    @Test
    void anEntryMovedToAnotherDayLeavesTheOtherEntryViewsInPlace(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        List<String> takenOut = new java.util.concurrent.CopyOnWriteArrayList<>();
        FxThread.run(() -> robot.lookup((Node n) -> n instanceof WeekDayView).queryAllAs(WeekDayView.class).forEach(day -> {
            javafx.scene.Group group = day.getChildrenUnmodifiable().stream().filter(c -> c instanceof javafx.scene.Group)
                    .map(javafx.scene.Group.class::cast).filter(g -> g.getChildren().stream().allMatch(c -> c instanceof DayEntryView))
                    .findFirst().orElseThrow();
            assertThat(group).as("the entry group of %s", day.getDate()).isInstanceOf(EntriesInPlace.Entries.class);
            group.getChildren().addListener((javafx.collections.ListChangeListener<Node>) change -> {
                while (change.next()) {
                    for (Node gone : change.getRemoved()) {
                        if (change.getList().contains(gone)) takenOut.add(day.getDate() + " " + ((DayEntryView) gone).getEntry().getTitle());
                    }
                }
            });
        }));
        ZonedDateTime wednesday = WEDNESDAY.atTime(16, 0).atZone(ZONE);
        service.delegate.update(budget.id(), EventPatch.times(wednesday, wednesday.plusHours(1), false));
        robot.interact(() -> { });
        WaitForAsyncUtils.waitForFxEvents();
        Node moved = entryView(robot, "Budget review");
        assertThat(FxThread.call(() -> ((DayEntryView) moved).getEntry().getStartDate())).isEqualTo(WEDNESDAY);
        assertThat(takenOut).as("entry views taken out and put back in the same pulse").isEmpty();
    }

    /**
     * An entry that moves is repainted where it was and where it is, not the whole week: CalendarFX
     * clears every day's background canvas and reorders every day's hour lines whenever it lays a
     * day out, and either made the renderer repaint every day of the week (1185 x 627 px here).
     */
    @Test
    void anEntryMovedElsewhereRepaintsLittleMoreThanItsOwnPlace(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        Node entry = entryView(robot, "Budget review");
        double entryArea = FxThread.call(() -> areaInScene(entry));
        java.util.concurrent.atomic.AtomicLong largest = new java.util.concurrent.atomic.AtomicLong();
        Scene scene = FxThread.call(() -> app.root().getScene());
        // After the pulse has handed its changes to the renderer and before it renders them: the
        // area Prism will repaint, as it works it out itself.
        com.sun.javafx.tk.TKPulseListener dirtyArea = () -> largest.accumulateAndGet(RepaintedArea.of(scene), Math::max);
        FxThread.run(() -> com.sun.javafx.tk.Toolkit.getToolkit().addPostSceneTkPulseListener(dirtyArea));
        try {
            ZonedDateTime later = budget.start().plusHours(1);
            service.delegate.update(budget.id(), EventPatch.times(later, budget.end().plusHours(1), false));
            robot.interact(() -> { });
            WaitForAsyncUtils.waitForFxEvents();
            robot.sleep(100); // a few pulses more
        } finally {
            FxThread.run(() -> com.sun.javafx.tk.Toolkit.getToolkit().removePostSceneTkPulseListener(dirtyArea));
        }
        assertThat(FxThread.call(() -> ((DayEntryView) entryView(robot, "Budget review")).getEntry().getStartAsZonedDateTime()))
                .isEqualTo(budget.start().plusHours(1));
        assertThat(largest.get()).as("pixels repainted for an entry of %.0f px moved by an hour", entryArea)
                .isPositive().isLessThan((long) (entryArea * 6));
    }

    @Test
    void styleSheetsSitOnTheSceneNotOnNodesInIt(FxRobot robot) {
        // A sheet on a node makes JavaFX gather it again for every node below, and note each parent
        // in a list it searches whole for each new one: on the server, across every session.
        Runnable[] pages = {() -> app.view().showDayPage(), () -> app.view().showMonthPage(),
                () -> app.view().showYearPage(), () -> app.view().showWeekPage()};
        for (Runnable show : List.of(pages[0], pages[1], pages[2], pages[3], pages[1], pages[3], pages[0], pages[3])) { // each page, then again
            robot.interact(show);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(FxThread.call(() -> app.root().lookupAll("*").stream()
                    .filter(n -> n instanceof Parent p && !p.getStylesheets().isEmpty())
                    .map(n -> n.getClass().getSimpleName() + " " + ((Parent) n).getStylesheets()).toList()))
                    .as("nodes with style sheets on the %s page", app.view().getSelectedPage()).isEmpty();
        }
        assertThat(FxThread.call(() -> List.copyOf(app.root().getScene().getStylesheets())))
                .anyMatch(sheet -> sheet.endsWith("calendar-app.css")).anyMatch(sheet -> sheet.endsWith("calendar.css"));
    }

    @Test
    void monthButtonSwitchesToTheMonthPage(FxRobot robot) {
        robot.clickOn(centreOf(button(robot, "Month")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(app.view().getSelectedPage()).isEqualTo(CalendarView.Page.MONTH);
        robot.clickOn(centreOf(button(robot, "Day")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(app.view().getSelectedPage()).isEqualTo(CalendarView.Page.DAY);
    }

    @Test
    void monthPageShowsTheEventsOfTheMonth(FxRobot robot) {
        robot.clickOn(centreOf(button(robot, "Month")));
        WaitForAsyncUtils.waitForFxEvents();
        // One event of the week shown before, one the month view alone asked for.
        for (String title : List.of("Budget review", "Dentist two weeks ago")) {
            assertThat(FxThread.call(() -> robot.lookup((Node n) -> n instanceof com.calendarfx.view.MonthEntryView v && CalendarControls.isShown(v)
                    && title.equals(v.getEntry().getTitle())).tryQuery())).as(title).isPresent();
        }
    }

    @Test
    void doubleClickOnAnEmptySlotCreatesAnEvent(FxRobot robot) {
        robot.moveTo(pointAt(robot, WEDNESDAY, LocalTime.of(15, 10))).doubleClickOn(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(service.calls("create")).hasSize(1);
        CalendarEvent created = (CalendarEvent) service.calls("create").get(0).argument();
        assertThat(created.start().toLocalDate()).isEqualTo(WEDNESDAY);
        assertThat(created.start().getHour()).isEqualTo(15);
        assertThat(created.end()).isAfter(created.start());
        assertThat(service.delegate.event(created.id())).isPresent();
    }

    @Test
    void draggingAnEventMovesItLater(FxRobot robot) {
        Node entry = entryView(robot, "Budget review");
        double hour = distance(robot, TUESDAY, LocalTime.of(14, 0), LocalTime.of(16, 0)) / 2;
        robot.drag(centreOf(entry), MouseButton.PRIMARY).moveBy(0, hour / 2).moveBy(0, hour / 2).moveBy(0, hour).drop();
        awaitStored();

        assertThat(service.calls("update")).isNotEmpty();
        CalendarEvent moved = service.delegate.event(budget.id()).orElseThrow();
        assertThat(moved.start()).isAfter(budget.start());
        assertThat(java.time.Duration.between(moved.start(), moved.end())).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(moved.title()).isEqualTo("Budget review");
        EventPatch patch = (EventPatch) service.calls("update").get(0).second();
        assertThat(patch.title()).as("a move sends only the times").isNull();
    }

    @Test
    void aDragIsShownAtOnceAndStoredOffTheJavaFxThread(FxRobot robot) throws Exception {
        CountDownLatch storeBusy = new CountDownLatch(1);
        service.updateGates.add(storeBusy);
        double hour = distance(robot, TUESDAY, LocalTime.of(14, 0), LocalTime.of(16, 0)) / 2;
        robot.drag(centreOf(entryView(robot, "Budget review")), MouseButton.PRIMARY).moveBy(0, hour / 2).moveBy(0, hour / 2).drop();
        WaitForAsyncUtils.waitForFxEvents();

        // The store has not answered; the JavaFX thread answers all the same, and shows the move.
        assertThat(FxThread.call(app::allStored)).as("the store still busy").isFalse();
        ZonedDateTime shown = startShown(robot, "Budget review");
        assertThat(shown).isAfter(budget.start());
        assertThat(service.calls("update")).singleElement().satisfies(call -> assertThat(call.onFxThread()).isFalse());
        assertThat(service.delegate.event(budget.id()).orElseThrow().start()).isEqualTo(budget.start());

        storeBusy.countDown();
        awaitStored();
        CalendarEvent stored = service.delegate.event(budget.id()).orElseThrow();
        assertThat(stored.start()).isEqualTo(shown);
        assertThat(FxThread.call(() -> ((DayEntryView) entryView(robot, "Budget review")).getEntry().getUserObject()))
                .as("the entry knows the stored version").isEqualTo(stored);
    }

    @Test
    void theStoresAnswerToAnEarlierEditNeverUndoesALaterOne(FxRobot robot) throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        service.updateGates.addAll(List.of(first, second));
        double hour = distance(robot, TUESDAY, LocalTime.of(14, 0), LocalTime.of(16, 0)) / 2;
        robot.drag(centreOf(entryView(robot, "Budget review")), MouseButton.PRIMARY).moveBy(0, hour / 2).moveBy(0, hour / 2).drop();
        WaitForAsyncUtils.waitForFxEvents();
        robot.drag(centreOf(entryView(robot, "Budget review")), MouseButton.PRIMARY).moveBy(0, hour / 2).moveBy(0, hour / 2).drop();
        WaitForAsyncUtils.waitForFxEvents();
        ZonedDateTime last = startShown(robot, "Budget review");
        assertThat(last).isAfter(budget.start().plusMinutes(90));

        first.countDown(); // the first move is stored and announced while the second waits
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> service.calls("update").size() == 2
                && service.delegate.event(budget.id()).orElseThrow().version() > budget.version());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(startShown(robot, "Budget review")).as("still where the second drag left it").isEqualTo(last);

        second.countDown();
        awaitStored();
        assertThat(service.delegate.event(budget.id()).orElseThrow().start()).isEqualTo(last);
        assertThat(startShown(robot, "Budget review")).isEqualTo(last);
    }

    @Test
    void aSaveTheStoreRefusesOpensTheDialogAgainWithWhatWasTyped(FxRobot robot) throws Exception {
        service.refuseUpdates = new IllegalStateException("The calendar store is read-only for a moment; save again.");
        robot.doubleClickOn(centreOf(entryView(robot, "Budget review")));
        WaitForAsyncUtils.waitForFxEvents();
        replaceText(robot, "#editor-title", "Budget review 2027");
        robot.clickOn(centreOf(node(robot, "#editor-save")));
        awaitStored();

        assertThat(app.editor().isOpen()).as("open again").isTrue();
        assertThat(FxThread.call(() -> robot.lookup("#editor-title").queryAs(TextField.class).getText())).isEqualTo("Budget review 2027");
        assertThat(FxThread.call(() -> robot.lookup("#editor-error").queryLabeled().getText())).contains("read-only");
        assertThat(service.delegate.event(budget.id()).orElseThrow().title()).isEqualTo("Budget review");
        assertThat(startShown(robot, "Budget review")).as("the calendar shows the stored title again").isEqualTo(budget.start());
    }

    private ZonedDateTime startShown(FxRobot robot, String title) {
        return FxThread.call(() -> ((DayEntryView) entryView(robot, title)).getEntry().getStartAsZonedDateTime());
    }

    /** Until every edit made in the view is answered by the service, and its answer handled. */
    private void awaitStored() {
        try {
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> FxThread.call(app::allStored));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the view's edits were not stored within 5 s", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void editDialogChangesTitleLocationAndNotes(FxRobot robot) {
        robot.doubleClickOn(centreOf(entryView(robot, "Budget review")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(app.editor().isOpen()).isTrue();

        replaceText(robot, "#editor-title", "Budget review 2027");
        replaceText(robot, "#editor-location", "Room Hopper");
        robot.clickOn(centreOf(node(robot, "#editor-notes"))).write("Bring the forecast.");
        robot.clickOn(centreOf(node(robot, "#editor-save")));
        awaitStored();

        assertThat(app.editor().isOpen()).isFalse();
        CalendarEvent edited = service.delegate.event(budget.id()).orElseThrow();
        assertThat(edited.title()).isEqualTo("Budget review 2027");
        assertThat(edited.location()).isEqualTo("Room Hopper");
        assertThat(edited.notes()).isEqualTo("Bring the forecast.");
        assertThat(edited.start()).isEqualTo(budget.start());
        assertThat(((Labeled) entryView(robot, "Budget review 2027").lookup(".title-label"))).isNotNull();
    }

    @Test
    void aDoubleClickOpensTheDialogOnTheEventShownWithoutAskingTheStore(FxRobot robot) {
        // Opened and closed once first (not by a double-click: two more clicks on the same spot
        // soon after would count as a third and fourth), which makes the calendar buttons.
        robot.interact(() -> app.editor().open(budget.id()));
        robot.interact(() -> app.editor().close());
        service.calls.clear();

        robot.doubleClickOn(centreOf(entryView(robot, "Budget review")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(app.editor().isOpen()).isTrue();
        assertThat(FxThread.call(() -> robot.lookup("#editor-title").queryAs(TextField.class).getText())).isEqualTo("Budget review");
        assertThat(FxThread.call(() -> robot.lookup("#editor-calendar-work").queryAs(javafx.scene.control.ToggleButton.class).isSelected())).isTrue();
        assertThat(service.calls).as("queries made to open the dialog a second time").isEmpty();
    }

    @Test
    void theDialogOpensAndClosesByShowingOnlyItsCard(FxRobot robot) {
        // A node shown or hidden is repainted over all its bounds: a window-sized one repaints the
        // whole window (and a remote display renders it all) for a dialog of 460 px.
        Map<Node, Boolean> before = FxThread.call(() -> visibility(app.root()));
        robot.doubleClickOn(centreOf(entryView(robot, "Budget review")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(app.editor().isOpen()).isTrue();
        Map<Node, Boolean> open = FxThread.call(() -> visibility(app.root()));
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(app.editor().isOpen()).isFalse();

        double window = FxThread.call(() -> app.root().getScene().getWidth() * app.root().getScene().getHeight());
        List<Node> changed = open.keySet().stream().filter(n -> !open.get(n).equals(before.getOrDefault(n, false))).toList();
        assertThat(changed).as("nodes the dialog showed").isNotEmpty();
        for (Node n : changed) {
            assertThat(FxThread.call(() -> areaInScene(n))).as("%s %s shown by the dialog, against a window of %.0f px", n.getClass().getSimpleName(), n.getStyleClass(), window)
                    .isLessThan(window / 4);
        }
    }

    /** Whether each node under {@code root} is shown with all its ancestors. */
    private static Map<Node, Boolean> visibility(Parent root) {
        Map<Node, Boolean> shown = new java.util.IdentityHashMap<>();
        for (Node n : root.lookupAll("*")) {
            boolean visible = true;
            for (Node p = n; p != null && visible; p = p.getParent()) visible = p.isVisible();
            shown.put(n, visible);
        }
        return shown;
    }

    private static double areaInScene(Node n) {
        Bounds b = n.localToScene(n.getBoundsInLocal());
        return b.getWidth() * b.getHeight();
    }

    @Test
    void theOpenDialogKeepsClicksBesideItFromTheCalendar(FxRobot robot) {
        robot.doubleClickOn(centreOf(entryView(robot, "Budget review")));
        WaitForAsyncUtils.waitForFxEvents();
        service.calls.clear();
        Point2D beside = pointAt(robot, WEDNESDAY.plusDays(3), LocalTime.of(17, 0)); // Saturday afternoon, outside the card
        robot.moveTo(beside).doubleClickOn(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(app.editor().isOpen()).isTrue();
        assertThat(service.calls("create")).as("a double-click beside the dialog creates nothing").isEmpty();
    }

    @Test
    void editDialogMovesTheEventToAnotherCalendar(FxRobot robot) {
        robot.doubleClickOn(centreOf(entryView(robot, "Budget review")));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(centreOf(node(robot, "#editor-calendar-personal")));
        robot.clickOn(centreOf(node(robot, "#editor-save")));
        awaitStored();
        assertThat(service.delegate.event(budget.id()).orElseThrow().calendarId()).isEqualTo("personal");
        EventPatch patch = (EventPatch) service.calls("update").get(0).second();
        assertThat(patch.calendarId()).isEqualTo("personal");
    }

    @Test
    void refusedEditShowsTheReasonAndChangesNothing(FxRobot robot) {
        robot.doubleClickOn(centreOf(entryView(robot, "Budget review")));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> robot.lookup("#editor-title").queryAs(TextField.class).setText("x".repeat(250)));
        robot.clickOn(centreOf(node(robot, "#editor-save")));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(app.editor().isOpen()).isTrue();
        assertThat(FxThread.call(() -> robot.lookup("#editor-error").queryLabeled().getText())).contains("title is 250 characters long");
        assertThat(service.delegate.event(budget.id()).orElseThrow().title()).isEqualTo("Budget review");
    }

    @Test
    void deleteInTheDialogDeletesTheEvent(FxRobot robot) {
        robot.doubleClickOn(centreOf(entryView(robot, "Budget review")));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(centreOf(node(robot, "#editor-delete")));
        awaitStored();

        assertThat(service.calls("delete")).extracting(RecordingCalendarService.Call::argument).containsExactly(budget.id());
        assertThat(service.delegate.event(budget.id())).isEmpty();
        assertThat(FxThread.call(() -> robot.lookup(n -> isEntryView(n, "Budget review")).tryQuery())).isEmpty();
    }

    @Test
    void aSeriesShowsOnTheDaysItRepeatsWithoutExpandingItsPast(FxRobot robot) throws Exception {
        LocalDate monday = LocalDate.of(2026, 11, 23);
        assertThat(standUpDays(robot)).containsExactly(monday, monday.plusDays(1), monday.plusDays(2), monday.plusDays(3), monday.plusDays(4));

        robot.clickOn(centreOf(button(robot, ">")));
        WaitForAsyncUtils.waitForFxEvents();
        LocalDate next = monday.plusWeeks(1);
        assertThat(standUpDays(robot)).containsExactly(next, next.plusDays(1), next.plusDays(2), next.plusDays(3), next.plusDays(4));
        awaitWeekQueried(next.plusWeeks(1));
        WaitForAsyncUtils.waitForFxEvents();

        // Two years of stand-ups, yet the calendar holds only those of the weeks loaded so far (the
        // two shown and their neighbours): a series handed to CalendarFX with its rule would be
        // expanded from 2024 on, for every day view on every week switch.
        List<com.calendarfx.model.Entry<?>> held = FxThread.call(() -> {
            List<com.calendarfx.model.Entry<?>> all = new java.util.ArrayList<>();
            for (com.calendarfx.model.Calendar<?> c : app.view().getCalendarSources().get(0).getCalendars()) {
                c.findEntries(LocalDate.of(2024, 11, 1), LocalDate.of(2026, 12, 31), ZONE).values().forEach(all::addAll);
            }
            return all.stream().distinct().toList();
        });
        assertThat(held).allSatisfy(e -> assertThat(e.getRecurrenceRule()).as("no rule left to CalendarFX").isNull());
        assertThat(held).filteredOn(e -> e.getTitle().equals("Stand-up")).extracting(e -> e.getStartDate())
                .allSatisfy(day -> assertThat(day).isBetween(monday.minusWeeks(1), next.plusWeeks(1).plusDays(6))).hasSize(20);
    }

    @Test
    void aSeriesChangedElsewhereChangesEveryOccurrence(FxRobot robot) throws Exception {
        service.delegate.update(standUp.id(), EventPatch.title("Daily sync"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> FxThread.call(() -> robot.lookup(n -> isEntryView(n, "Daily sync")).queryAll().size()) == 5);
        assertThat(FxThread.call(() -> robot.lookup(n -> isEntryView(n, "Stand-up")).tryQuery())).isEmpty();
    }

    @Test
    void anOccurrenceStaysWithItsSeriesWhenDragged(FxRobot robot) {
        Node occurrence = FxThread.call(() -> robot.lookup((Node n) -> n instanceof DayEntryView v && isEntryView(n, "Stand-up")
                && TUESDAY.equals(v.getEntry().getStartDate())).query());
        double hour = distance(robot, TUESDAY, LocalTime.of(9, 0), LocalTime.of(11, 0)) / 2;
        robot.drag(centreOf(occurrence), MouseButton.PRIMARY).moveBy(0, hour / 2).moveBy(0, hour).drop();
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(service.calls("update")).isEmpty();
        assertThat(service.delegate.event(standUp.id()).orElseThrow().start()).isEqualTo(standUp.start());
    }

    @Test
    void deleteKeyOnAnOccurrenceDeletesTheSeries(FxRobot robot) throws Exception {
        Node occurrence = FxThread.call(() -> robot.lookup((Node n) -> n instanceof DayEntryView v && isEntryView(n, "Stand-up")
                && WEDNESDAY.equals(v.getEntry().getStartDate())).query());
        robot.clickOn(centreOf(occurrence)).type(javafx.scene.input.KeyCode.DELETE);
        awaitStored();

        assertThat(service.calls("delete")).extracting(RecordingCalendarService.Call::argument).containsExactly(standUp.id());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> FxThread.call(() -> robot.lookup(n -> isEntryView(n, "Stand-up")).tryQuery().isEmpty()));
    }

    @Test
    void searchFindsEventsOutsideTheLoadedWeeks(FxRobot robot) throws Exception {
        robot.clickOn(centreOf(app.view().getSearchField())).write("tax");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> !app.view().getSearchResultView().getSearchResults().isEmpty());

        assertThat(service.calls("search")).extracting(RecordingCalendarService.Call::argument).contains("tax");
        assertThat(app.view().getSearchResultView().getSearchResults())
                .extracting(e -> e.getTitle()).containsExactly("Tax advisor");
    }

    @Test
    void aChangeMadeElsewhereAppearsInTheView(FxRobot robot) throws Exception {
        ZonedDateTime at = WEDNESDAY.atTime(10, 30).atZone(ZONE);
        // As if another client of the same user had made it: straight into the service, off the FX thread.
        service.delegate.create(CalendarEvent.timed("personal", "Dentist", at, at.plusMinutes(45)));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> FxThread.call(() -> robot.lookup(n -> isEntryView(n, "Dentist")).tryQuery().isPresent()));

        service.delegate.update(budget.id(), EventPatch.title("Budget review (moved online)"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> FxThread.call(() -> robot.lookup(n -> isEntryView(n, "Budget review (moved online)")).tryQuery().isPresent()));
    }

    /**
     * The calendar view's "add calendar" button opens the list of calendars: a calendar added there
     * shows in the view and takes new events; renamed and recoloured in place; deleted (after a
     * second press) with its events. A name the rules refuse is said in the list and stored nowhere.
     */
    @Test
    void calendarsAreAddedRenamedRecolouredAndDeletedInTheCalendarList(FxRobot robot) throws Exception {
        robot.clickOn(centreOf(node(robot, "#add-calendar-button")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(app.calendarsEditor().isOpen()).isTrue();

        replaceText(robot, "#calendar-new-name", "Family");
        robot.clickOn(centreOf(node(robot, "#calendar-add")));
        awaitStored();
        UserCalendar family = service.delegate.calendars().stream().filter(c -> c.name().equals("Family")).findFirst().orElseThrow();
        assertThat(family.colour()).as("a colour no calendar has yet").isNotIn(CalendarColour.BLUE, CalendarColour.GREEN);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> FxThread.call(() -> robot.lookup(byId("calendar-name-" + family.id())).tryQuery().isPresent()));
        assertThat(FxThread.call(() -> app.view().getCalendars().stream().map(c -> c.getName()).toList())).contains("Family");

        ZonedDateTime at = WEDNESDAY.atTime(16, 0).atZone(ZONE);
        service.delegate.create(CalendarEvent.timed(family.id(), "Swimming", at, at.plusHours(1)));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> FxThread.call(() -> robot.lookup(n -> isEntryView(n, "Swimming")).tryQuery().isPresent()));
        replaceText(robot, byId("calendar-name-" + family.id()), "Kids");
        robot.type(javafx.scene.input.KeyCode.ENTER);
        robot.clickOn(centreOf(FxThread.call(() -> robot.lookup(byId("calendar-colour-" + family.id() + "-red")).query())));
        awaitStored();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> service.delegate.calendars().contains(
                new UserCalendar(family.id(), "alice", "Kids", CalendarColour.RED)));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> FxThread.call(() -> app.view().getCalendars().stream()
                .anyMatch(c -> c.getName().equals("Kids") && c.getStyle().equals(com.calendarfx.model.Calendar.Style.getStyle(CalendarColour.RED.ordinal()).name().toLowerCase(java.util.Locale.ROOT)))));
        String red = com.calendarfx.model.Calendar.Style.getStyle(CalendarColour.RED.ordinal()).name().toLowerCase(java.util.Locale.ROOT);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> FxThread.call(() -> entryView(robot, "Swimming").getStyleClass().stream()
                .anyMatch(c -> c.startsWith(red))));

        replaceText(robot, "#calendar-new-name", " ");
        robot.clickOn(centreOf(node(robot, "#calendar-add")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(FxThread.call(() -> robot.lookup("#calendars-error").queryLabeled().getText())).contains("needs a name");
        assertThat(service.calls("addCalendar")).hasSize(1);

        robot.clickOn(centreOf(FxThread.call(() -> robot.lookup(byId("calendar-delete-" + family.id())).query())));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(service.calls("deleteCalendar")).as("the first press asks").isEmpty();
        robot.clickOn(centreOf(FxThread.call(() -> robot.lookup(byId("calendar-delete-" + family.id())).query())));
        awaitStored();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> FxThread.call(() -> robot.lookup(n -> isEntryView(n, "Swimming")).tryQuery().isEmpty()));
        assertThat(service.delegate.calendars()).extracting(UserCalendar::id).containsExactly("personal", "work");
        assertThat(FxThread.call(() -> app.view().getCalendars().stream().map(c -> c.getName()).toList()))
                .containsExactlyInAnyOrder("Work", "Personal");
        SceneSnapshots.writePng(app.root().getScene(), java.nio.file.Path.of("target", "calendars-editor.png"));
        robot.clickOn(centreOf(node(robot, "#calendars-done")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(app.calendarsEditor().isOpen()).isFalse();
    }

    /** A calendar added elsewhere (another client, the API) shows at once, and a double-click's dialog offers it. */
    @Test
    void aCalendarAddedElsewhereShowsAtOnce(FxRobot robot) throws Exception {
        UserCalendar school = service.delegate.addCalendar("School", CalendarColour.YELLOW);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> FxThread.call(() -> app.view().getCalendars().stream()
                .anyMatch(c -> c.getName().equals("School"))));
        // A calendar added makes the week lay its entries out again: the double-click waits for that.
        SceneSnapshots.settle();
        robot.doubleClickOn(centreOf(entryView(robot, "Budget review")));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> FxThread.call(() -> app.editor().isOpen()));
        assertThat(FxThread.call(() -> robot.lookup((Node n) -> n.getId() != null && n.getId().startsWith("editor-calendar-")).queryAll().stream()
                .map(Node::getId).toList())).contains("editor-calendar-" + school.id());
    }

    // ---- helpers ----

    /** Waits until the view has asked the service for the week starting {@code monday} (the week page loads the neighbours of the week shown). */
    private void awaitWeekQueried(LocalDate monday) throws Exception {
        java.time.Instant from = monday.atStartOfDay(ZONE).toInstant();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> service.calls("events").stream()
                .anyMatch(c -> !from.isBefore((java.time.Instant) c.argument()) && from.isBefore((java.time.Instant) c.second())));
    }

    // Lookups walk the scene graph, which the JavaFX thread may be changing (the skin re-dates a
    // hidden week 60 ms after a switch): they run on that thread.

    /** The days of the week view's stand-up entry views, in order. */
    private static List<LocalDate> standUpDays(FxRobot robot) {
        return FxThread.call(() -> robot.lookup((Node n) -> n instanceof DayEntryView && isEntryView(n, "Stand-up"))
                .queryAllAs(DayEntryView.class).stream().map(v -> v.getEntry().getStartDate()).sorted().toList());
    }

    private static ButtonBase button(FxRobot robot, String text) {
        return FxThread.call(() -> robot.lookup((Node n) -> n instanceof ButtonBase b && text.equals(b.getText()) && CalendarControls.isShown(b))
                .queryAs(ButtonBase.class));
    }

    private static Node node(FxRobot robot, String query) {
        return FxThread.call(() -> robot.lookup(query).query());
    }

    private static boolean isEntryView(Node node, String title) {
        return node instanceof EntryViewBase<?> view && CalendarControls.isShown(view) && view.getEntry() != null
                && title.equals(view.getEntry().getTitle());
    }

    private static Node entryView(FxRobot robot, String title) {
        return FxThread.call(() -> robot.lookup((Node n) -> n instanceof DayEntryView && isEntryView(n, title)).query());
    }

    private static WeekDayView dayColumn(FxRobot robot, LocalDate date) {
        return FxThread.call(() -> robot.lookup((Node n) -> n instanceof WeekDayView d && date.equals(d.getDate()) && CalendarControls.isShown(d)).query());
    }

    /** The week view's column for {@code date}, shown or not; null if no week view holds that date. */
    private static WeekDayView builtColumn(FxRobot robot, LocalDate date) {
        return FxThread.call(() -> robot.lookup((Node n) -> n instanceof WeekDayView d && date.equals(d.getDate()))
                .tryQueryAs(WeekDayView.class).orElse(null));
    }

    /** The screen point of a time of day in the week view's column for that date. */
    private static Point2D pointAt(FxRobot robot, LocalDate date, LocalTime time) {
        WeekDayView column = dayColumn(robot, date);
        return FxThread.call(() -> {
            double y = column.getLocation(date.atTime(time).atZone(ZONE));
            Bounds bounds = column.getLayoutBounds();
            return column.localToScreen(bounds.getMinX() + bounds.getWidth() / 2, y);
        });
    }

    /**
     * Where to click a node, read on the JavaFX thread: TestFX measures a node's bounds on the test
     * thread, which can catch a text layout half-changed (a NullPointerException in PrismTextLayout)
     * while the JavaFX thread is busy, e.g. building the neighbouring weeks after a switch.
     */
    private static Point2D centreOf(Node node) {
        return FxThread.call(() -> CalendarControls.centreOnScreen(node));
    }

    private static double distance(FxRobot robot, LocalDate date, LocalTime from, LocalTime to) {
        WeekDayView column = dayColumn(robot, date);
        return FxThread.call(() -> column.getLocation(date.atTime(to).atZone(ZONE)) - column.getLocation(date.atTime(from).atZone(ZONE)));
    }

    private static void replaceText(FxRobot robot, String query, String text) {
        replaceText(robot, FxThread.call(() -> robot.lookup(query).queryAs(TextField.class)), text);
    }

    /** Finds by id without a CSS selector: ids made of UUIDs may start with a digit, which a selector cannot. */
    private static java.util.function.Predicate<Node> byId(String id) {
        return n -> id.equals(n.getId());
    }

    private static void replaceText(FxRobot robot, java.util.function.Predicate<Node> which, String text) {
        replaceText(robot, FxThread.call(() -> robot.lookup(which).queryAs(TextField.class)), text);
    }

    private static void replaceText(FxRobot robot, TextField field, String text) {
        robot.interact(field::clear);
        robot.clickOn(centreOf(field)).write(text);
    }
}
