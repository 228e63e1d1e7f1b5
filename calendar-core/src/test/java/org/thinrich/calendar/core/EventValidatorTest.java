package org.thinrich.calendar.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventValidatorTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final Set<String> CALENDARS = Set.of("work");
    private final ZonedDateTime nine = ZonedDateTime.of(2026, 11, 26, 9, 0, 0, 0, ZONE);

    @Test
    void aPlainMeetingIsValid() {
        CalendarEvent event = CalendarEvent.timed("work", "Stand-up", nine, nine.plusMinutes(15));
        assertThat(EventValidator.validate(event, CALENDARS)).isSameAs(event);
    }

    @Test
    void endBeforeStartIsNamed() {
        CalendarEvent event = CalendarEvent.timed("work", "Backwards", nine, nine.minusHours(1));
        assertThatThrownBy(() -> EventValidator.validate(event, CALENDARS))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("ends").hasMessageContaining("before it starts");
    }

    @Test
    void unknownCalendarAndLongTitleAreBothReported() {
        CalendarEvent event = CalendarEvent.timed("holidays", "x".repeat(EventValidator.MAX_TITLE + 1), nine, nine.plusHours(1));
        assertThatThrownBy(() -> EventValidator.validate(event, CALENDARS))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                        .hasSize(2)
                        .anySatisfy(p -> assertThat(p).contains("Unknown calendar 'holidays'"))
                        .anySatisfy(p -> assertThat(p).contains("title is 201 characters long")));
    }

    @Test
    void allDayEventMustStartAtMidnight() {
        CalendarEvent event = CalendarEvent.allDay("work", "Offsite", LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 1), ZONE)
                .withTimes(nine, nine.plusDays(1), true);
        assertThatThrownBy(() -> EventValidator.validate(event, CALENDARS)).hasMessageContaining("midnight");
    }

    @Test
    void recurrenceRuleIsParsed() {
        CalendarEvent weekly = CalendarEvent.timed("work", "Sync", nine, nine.plusHours(1)).withRecurrenceRule("FREQ=WEEKLY;BYDAY=MO");
        assertThat(EventValidator.validate(weekly, CALENDARS)).isSameAs(weekly);
        assertThatThrownBy(() -> EventValidator.validate(weekly.withRecurrenceRule("FREQ=SOMETIMES"), CALENDARS))
                .hasMessageContaining("not a valid RRULE");
        assertThatThrownBy(() -> EventValidator.validate(weekly.withRecurrenceRule("RRULE:FREQ=DAILY"), CALENDARS))
                .hasMessageContaining("without the 'RRULE:' prefix");
    }

    @Test
    void patchChangesOnlyItsFields() {
        CalendarEvent event = CalendarEvent.timed("work", "Sync", nine, nine.plusHours(1)).withLocation("Room Ada");
        CalendarEvent moved = EventPatch.times(nine.plusHours(2), nine.plusHours(3), false).applyTo(event);
        assertThat(moved.title()).isEqualTo("Sync");
        assertThat(moved.location()).isEqualTo("Room Ada");
        assertThat(moved.start()).isEqualTo(nine.plusHours(2));
        assertThat(EventPatch.title("Renamed").applyTo(event).start()).isEqualTo(nine);
    }
}
