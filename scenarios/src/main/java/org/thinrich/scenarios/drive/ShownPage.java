package org.thinrich.scenarios.drive;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.thinrich.scenarios.scenario.StepKind;

/**
 * The page a client's window shows, a week or the month around it, moved by the view steps the
 * same way for every client that keeps its own copy (rich, CalDAV): what its window asks of that
 * copy is the range of this page.
 */
final class ShownPage {
    private final ZoneId zone;
    private LocalDate monday;
    private boolean month;

    ShownPage(LocalDate today, ZoneId zone) {
        this.zone = zone;
        this.monday = Agenda.mondayOf(today);
    }

    /** Turns the page as a view step says; false for a step that is no view change. */
    boolean turn(StepKind step) {
        switch (step) {
            case NEXT_WEEK -> monday = monday.plusWeeks(1);
            case PREVIOUS_WEEK -> monday = monday.minusWeeks(1);
            case SWITCH_TO_MONTH -> month = true;
            case SWITCH_TO_WEEK -> month = false;
            default -> {
                return false;
            }
        }
        return true;
    }

    LocalDate monday() {
        return monday;
    }

    /** The first instant the page shows: the week's Monday, or the Monday of the month view's first row. */
    Instant from() {
        return first().atStartOfDay(zone).toInstant();
    }

    /** The end of what the page shows, exclusive: a week later, or six weeks for a month. */
    Instant to() {
        return (month ? first().plusWeeks(6) : monday.plusDays(7)).atStartOfDay(zone).toInstant();
    }

    Instant weekFrom() {
        return monday.atStartOfDay(zone).toInstant();
    }

    Instant weekTo() {
        return monday.plusDays(7).atStartOfDay(zone).toInstant();
    }

    private LocalDate first() {
        return month ? monday.withDayOfMonth(1).with(DayOfWeek.MONDAY) : monday;
    }
}
