package org.thinrich.calendar.ui;

import com.calendarfx.view.DetailedWeekView;
import com.calendarfx.view.page.WeekPage;
import impl.com.calendarfx.view.page.PageBaseSkin;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;

/**
 * CalendarFX's week page with the weeks before and after the one shown built ahead, hidden behind
 * it. A week view whose date changes makes a new view, CSS and layout for every event it shows:
 * on a thin session's server that was half of a week switch (about 20 of 38 ms), all of it
 * before the user sees anything. Here "next week" and "previous week" show a view that is ready,
 * and once that is on screen the view now two weeks away is moved to the new neighbour. The work
 * per switch is the same; the user no longer waits for it. A jump elsewhere (today, the date
 * picker, a search result) re-dates the shown view as CalendarFX would.
 *
 * <p>The page's own {@link WeekPage#getDetailedWeekView()} stays out of the scene, without a skin:
 * it follows the page's date, so CalendarFX's navigation, which reads its start date, works as
 * before and costs nothing.
 */
final class AdjacentWeeksSkin extends PageBaseSkin<WeekPage> {
    /** The switch's frame is rendered and sent by then; building the neighbour earlier would delay it. */
    private static final Duration PREPARE_AFTER = Duration.millis(60);
    private static final int VIEWS = 3;

    /** Assigned in {@link #createContent()}, which the super constructor calls: no initialiser here. */
    private StackPane weeks;
    private final List<DetailedWeekView> views = new ArrayList<>();
    private final PauseTransition prepareTimer = new PauseTransition(PREPARE_AFTER);
    private DetailedWeekView shown;
    /** True while this skin sets a view's date, so that only the user's date changes reach the page. */
    private boolean dating;

    /** {@code settings} receives each week view made, to be set up as the page's own would be. */
    AdjacentWeeksSkin(WeekPage page, Consumer<DetailedWeekView> settings) {
        super(page);
        for (int i = 0; i < VIEWS; i++) {
            DetailedWeekView view = new DetailedWeekView();
            page.bind(view, false);
            // An entry is dragged within one week view: the other two need not follow every drag.
            Bindings.unbindBidirectional(page.draggedEntryProperty(), view.draggedEntryProperty());
            Bindings.bindBidirectional(view.startTimeProperty(), page.startTimeProperty());
            Bindings.bindBidirectional(view.endTimeProperty(), page.endTimeProperty());
            settings.accept(view);
            view.setVisible(false);
            view.setDate(page.getDate());
            // A date chosen inside the shown week view (a click on a day) is the page's date.
            view.dateProperty().addListener((o, was, date) -> {
                if (!dating && view == shown) page.setDate(date);
            });
            views.add(view);
        }
        weeks.getChildren().setAll(views);
        shown = views.get(0);
        shown.setVisible(true);
        page.dateProperty().addListener((o, was, date) -> show(date));
        // Back on screen, the page gets its CSS again, all of it at once (CalendarFX takes a page
        // out of the scene when another is selected): only the shown week then, the others later.
        page.sceneProperty().addListener((o, was, scene) -> {
            if (scene == null) weeks.getChildren().setAll(shown);
            else prepareTimer.playFromStart();
        });
        prepareTimer.setOnFinished(e -> prepareNeighbour());
        prepareTimer.playFromStart();
    }

    @Override
    protected Node createContent() {
        WeekPage page = getSkinnable();
        DetailedWeekView pagesOwn = page.getDetailedWeekView();
        page.bind(pagesOwn, true);
        Bindings.bindBidirectional(pagesOwn.startTimeProperty(), page.startTimeProperty());
        Bindings.bindBidirectional(pagesOwn.endTimeProperty(), page.endTimeProperty());
        weeks = new StackPane();
        return weeks;
    }

    private void show(LocalDate date) {
        LocalDate week = weekOf(date);
        DetailedWeekView target = viewOf(week).orElse(shown);
        setDate(target, date);
        if (target != shown) {
            target.setVisible(true);
            shown.setVisible(false);
            shown = target;
        }
        prepareTimer.playFromStart();
    }

    /**
     * Puts the hidden views back into the scene if the page was away, or moves one view not needed
     * now to a missing neighbour of the shown week, the next week first; one step per call, and
     * again later while a step remains, so that no single pulse takes all of it.
     */
    private void prepareNeighbour() {
        if (getSkinnable().getScene() == null) return; // another page is shown: when this one is back
        if (weeks.getChildren().size() < views.size()) {
            weeks.getChildren().setAll(views);
            prepareTimer.playFromStart();
            return;
        }
        LocalDate week = shown.getStartDate();
        for (LocalDate wanted : List.of(week.plusWeeks(1), week.minusWeeks(1))) {
            if (viewOf(wanted).isPresent()) continue;
            Optional<DetailedWeekView> spare = views.stream()
                    .filter(v -> v != shown && !isNeighbour(v.getStartDate(), week)).findFirst();
            if (spare.isEmpty()) return;
            setDate(spare.get(), wanted);
            prepareTimer.playFromStart();
            return;
        }
    }

    /** True while a neighbour remains to be built or the page's views to be put back in the scene. */
    boolean isPreparing() {
        return prepareTimer.getStatus() == javafx.animation.Animation.Status.RUNNING;
    }

    private Optional<DetailedWeekView> viewOf(LocalDate weekStart) {
        if (shown != null && shown.getStartDate().equals(weekStart)) return Optional.of(shown);
        return views.stream().filter(v -> v.getStartDate().equals(weekStart)).findFirst();
    }

    private LocalDate weekOf(LocalDate date) {
        return date.with(TemporalAdjusters.previousOrSame(getSkinnable().getFirstDayOfWeek()));
    }

    private static boolean isNeighbour(LocalDate weekStart, LocalDate shownWeek) {
        return weekStart.equals(shownWeek.plusWeeks(1)) || weekStart.equals(shownWeek.minusWeeks(1));
    }

    private void setDate(DetailedWeekView view, LocalDate date) {
        dating = true;
        try {
            view.setDate(date);
        } finally {
            dating = false;
        }
    }
}
