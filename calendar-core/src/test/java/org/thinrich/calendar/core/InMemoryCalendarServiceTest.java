package org.thinrich.calendar.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryCalendarServiceTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private final UserCalendar work = new UserCalendar("work", "alice", "Work", CalendarColour.BLUE);
    private final InMemoryCalendarService service = new InMemoryCalendarService(List.of(work));
    private final ZonedDateTime monday = ZonedDateTime.of(2026, 11, 23, 9, 0, 0, 0, ZONE);

    @Test
    void everyChangeGetsAHigherVersionAndIsAnnounced() throws Exception {
        List<CalendarChange> heard = new ArrayList<>();
        try (AutoCloseable ignored = service.subscribe(heard::add)) {
            CalendarEvent created = service.create(CalendarEvent.timed("work", "Plan", monday, monday.plusHours(1)));
            CalendarEvent renamed = service.update(created.id(), EventPatch.title("Plan Q1"));
            CalendarEvent gone = service.delete(created.id());
            assertThat(created.version()).isLessThan(renamed.version());
            assertThat(renamed.version()).isLessThan(gone.version());
            assertThat(gone.deleted()).isTrue();
        }
        assertThat(heard).extracting(CalendarChange::kind)
                .containsExactly(CalendarChange.Kind.CREATED, CalendarChange.Kind.UPDATED, CalendarChange.Kind.DELETED);
        assertThat(service.allIncludingDeleted()).hasSize(1).allMatch(CalendarEvent::deleted);
    }

    @Test
    void invalidWriteChangesNothing() {
        CalendarEvent created = service.create(CalendarEvent.timed("work", "Plan", monday, monday.plusHours(1)));
        assertThatThrownBy(() -> service.update(created.id(), EventPatch.times(monday, monday.minusHours(1), false)))
                .isInstanceOf(ValidationException.class);
        assertThat(service.event(created.id())).contains(created);
        assertThatThrownBy(() -> service.update("nope", EventPatch.title("x"))).isInstanceOf(UnknownEventException.class);
    }

    @Test
    void rangeQueryFindsOverlapsAndSeries() {
        service.create(CalendarEvent.timed("work", "Last week", monday.minusWeeks(1), monday.minusWeeks(1).plusHours(1)));
        service.create(CalendarEvent.timed("work", "This week", monday.plusDays(1), monday.plusDays(1).plusHours(1)));
        service.create(CalendarEvent.timed("work", "Weekly", monday.minusWeeks(3), monday.minusWeeks(3).plusHours(1))
                .withRecurrenceRule("FREQ=WEEKLY"));
        service.create(CalendarEvent.allDay("work", "Next week offsite", LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 2), ZONE));
        var week = service.events(monday.toLocalDate().atStartOfDay(ZONE).toInstant(),
                monday.toLocalDate().plusDays(7).atStartOfDay(ZONE).toInstant());
        assertThat(week).extracting(CalendarEvent::title).containsExactly("Weekly", "This week");
        assertThat(service.search("OFFSITE", 10)).extracting(CalendarEvent::title).containsExactly("Next week offsite");
    }

    @Test
    void demoAgendaIsValidRepeatableAndBusy() {
        LocalDate today = LocalDate.of(2026, 11, 26);
        DemoAgenda.Agenda first = DemoAgenda.forUser("alice", today, ZONE, 42);
        DemoAgenda.Agenda again = DemoAgenda.forUser("alice", today, ZONE, 42);
        assertThat(first).isEqualTo(again);
        assertThat(first.calendars()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(first.events()).hasSizeBetween(24, 80);
        assertThat(first.events()).anyMatch(CalendarEvent::recurring).anyMatch(CalendarEvent::allDay);
        InMemoryCalendarService filled = InMemoryCalendarService.of(first); // validates every event
        assertThat(filled.allIncludingDeleted()).hasSize(first.events().size());
        assertThat(DemoAgenda.forUser("bob", today, ZONE, 42).calendars())
                .allMatch(c -> c.owner().equals("bob"));
    }
}
