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

    @Test
    void timesOutsideTheYearsOneTo9999AreRefused() {
        ZonedDateTime yearZero = ZonedDateTime.of(0, 6, 1, 9, 0, 0, 0, java.time.ZoneOffset.UTC);
        assertThatThrownBy(() -> EventValidator.validate(CalendarEvent.timed("work", "Ancient", yearZero, yearZero.plusHours(1)), CALENDARS))
                .hasMessageContaining("outside the years 1 to 9999");
        ZonedDateTime farOff = ZonedDateTime.of(10_000, 1, 1, 9, 0, 0, 0, java.time.ZoneOffset.UTC);
        assertThatThrownBy(() -> EventValidator.validate(CalendarEvent.timed("work", "Far off", farOff, farOff.plusHours(1)), CALENDARS))
                .hasMessageContaining("outside the years 1 to 9999");
        ZonedDateTime firstDay = ZonedDateTime.of(1, 1, 1, 0, 0, 0, 0, java.time.ZoneOffset.UTC);
        assertThat(EventValidator.validate(CalendarEvent.timed("work", "Year one", firstDay, firstDay.plusHours(1)), CALENDARS)).isNotNull();
    }

    @Test
    void halfOfASurrogatePairIsRefusedAndAWholeOneKept() {
        assertThatThrownBy(() -> EventValidator.validate(CalendarEvent.timed("work", "Broken \uD800 title", nine, nine.plusHours(1)), CALENDARS))
                .hasMessageContaining("The title contains a broken character");
        assertThatThrownBy(() -> EventValidator.validate(CalendarEvent.timed("work", "ok", nine, nine.plusHours(1)).withNotes("x\uDC00"), CALENDARS))
                .hasMessageContaining("The notes contains a broken character");
        assertThat(EventValidator.validate(CalendarEvent.timed("work", "Party \uD83C\uDF89", nine, nine.plusHours(1)), CALENDARS).title())
                .isEqualTo("Party \uD83C\uDF89");
    }

    @Test
    void aNewEventsIdMustBeSafeInAUrl() {
        CalendarEvent meeting = CalendarEvent.timed("work", "Meeting", nine, nine.plusHours(1));
        for (String bad : java.util.List.of("../../etc/passwd", "a/b", "..", "with space", "50%", "x?y", "{guid}")) {
            assertThatThrownBy(() -> EventValidator.validateNew(meeting.withId(bad), CALENDARS)).as(bad)
                    .hasMessageContaining("may only have letters, digits");
        }
        for (String good : java.util.List.of("0b7c6f3e-1d2a-4c5e-9f00-123456789abc", "uid@example.org", "event.1", "a+b=c:d~e_f")) {
            assertThat(EventValidator.validateNew(meeting.withId(good), CALENDARS).id()).isEqualTo(good);
        }
    }
}
