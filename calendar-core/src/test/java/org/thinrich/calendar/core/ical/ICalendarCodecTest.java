package org.thinrich.calendar.core.ical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.UserCalendar;

class ICalendarCodecTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private final ICalendarCodec codec = new ICalendarCodec();
    private final UserCalendar work = new UserCalendar("cal-1", "alice", "Work", CalendarColour.BLUE);

    @Test
    void googleExportKeepsZonesEscapesAndUtc() throws Exception {
        ICalendarImport result = read("google-berlin-timezones.ics");
        Map<String, CalendarEvent> byTitle = byTitle(result.events());

        CalendarEvent review = byTitle.get("Design review: sync protocol");
        assertThat(review.start()).isEqualTo(ZonedDateTime.of(2026, 11, 26, 10, 0, 0, 0, ZoneId.of("Europe/Berlin")));
        assertThat(review.end().toInstant()).isEqualTo(review.start().plusHours(1).toInstant());
        assertThat(review.location()).isEqualTo("Room Ada, 3rd floor");
        assertThat(review.notes()).isEqualTo("Agenda:\n- frame encoder\n- sync tokens, versions");
        assertThat(review.id()).isEqualTo("4lq7v0e2m3n1l5kq9u7h6c3b2a@google.com");
        assertThat(review.allDay()).isFalse();

        CalendarEvent boston = byTitle.get("Call with the Boston office");
        assertThat(boston.zone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(boston.start().toInstant().toString()).isEqualTo("2026-11-27T14:00:00Z");

        CalendarEvent utc = byTitle.get("Release window (UTC)");
        assertThat(utc.start().toInstant().toString()).isEqualTo("2026-11-30T14:00:00Z");
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void anEndInTheHourTheClockGoesBackIsWrittenInUtcAndReadBackAsItWas() throws Exception {
        ZoneId newYork = ZoneId.of("America/New_York");
        // 01:30 happens twice on 2 November 2025; this end is the second one, an hour after the first.
        ZonedDateTime end = ZonedDateTime.of(2025, 11, 2, 1, 30, 0, 0, newYork).withLaterOffsetAtOverlap();
        CalendarEvent event = CalendarEvent.timed("cal-1", "Night shift", end.minusHours(3), end);
        String ics = codec.write(work, List.of(event));
        assertThat(ics).contains("DTSTART;TZID=America/New_York:20251101T233000").contains("DTEND:20251102T063000Z");
        CalendarEvent back = codec.read(new StringReader(ics), "cal-1", PARIS).events().get(0);
        assertThat(back.end()).isEqualTo(end);
        assertThat(back.sameContent(event)).isTrue();
    }

    @Test
    void appleAllDayEventsAreDatesWithExclusiveEnd() throws Exception {
        Map<String, CalendarEvent> byTitle = byTitle(read("apple-all-day.ics").events());

        CalendarEvent conference = byTitle.get("Conference: DistSys 2026");
        assertThat(conference.allDay()).isTrue();
        assertThat(conference.start().toLocalDate()).isEqualTo(LocalDate.of(2026, 12, 3));
        assertThat(conference.end().toLocalDate()).isEqualTo(LocalDate.of(2026, 12, 5));

        CalendarEvent birthday = byTitle.get("Mum's birthday");
        assertThat(birthday.recurrenceRule()).isEqualTo("FREQ=YEARLY");
        assertThat(birthday.allDay()).isTrue();

        // A DATE start without an end lasts one day (RFC 5545 3.6.1).
        CalendarEvent holiday = byTitle.get("Bank holiday");
        assertThat(holiday.end().toLocalDate()).isEqualTo(LocalDate.of(2026, 12, 26));
    }

    @Test
    void outlookSeriesIsKeptAndChangedOccurrenceIsReported() throws Exception {
        ICalendarImport result = read("outlook-recurrence.ics");
        Map<String, CalendarEvent> byTitle = byTitle(result.events());

        CalendarEvent sync = byTitle.get("Platform team sync");
        assertThat(sync.recurrenceRule()).isEqualTo("FREQ=WEEKLY;BYDAY=MO");
        assertThat(sync.id()).hasSizeLessThanOrEqualTo(64);
        // W. Europe Standard Time on 5 Oct 2026 is summer time, UTC+2.
        assertThat(sync.start().toInstant().toString()).isEqualTo("2026-10-05T08:00:00Z");
        assertThat(sync.end().toInstant().toString()).isEqualTo("2026-10-05T08:30:00Z");

        CalendarEvent byDuration = byTitle.get("Duration-based meeting");
        assertThat(byDuration.end().toInstant()).isEqualTo(byDuration.start().plusMinutes(45).toInstant());

        assertThat(result.events()).hasSize(2);
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains("changed single occurrence")
                .contains("Platform team sync (moved)"));
    }

    @Test
    void exportThenImportGivesTheSameEvents() throws Exception {
        ZonedDateTime start = ZonedDateTime.of(2026, 3, 28, 23, 30, 0, 0, ZoneId.of("Europe/Berlin"));
        List<CalendarEvent> events = List.of(
                CalendarEvent.timed("cal-1", "Across DST; with, commas", start, start.plusHours(5))
                        .withNotes("line one\nline two \\ backslash").withLocation("Room \"Ada\""),
                CalendarEvent.allDay("cal-1", "Offsite", LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 3), PARIS),
                CalendarEvent.timed("cal-1", "Stand-up", start.plusDays(3), start.plusDays(3).plusMinutes(15))
                        .withRecurrenceRule("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"));

        String ics = codec.write(work, events);
        assertThat(ics).contains("BEGIN:VTIMEZONE").contains("TZID:Europe/Berlin").contains("X-WR-CALNAME:Work");

        List<CalendarEvent> back = codec.read(new StringReader(ics), "cal-1", PARIS).events();
        assertThat(back).hasSize(events.size());
        Map<String, CalendarEvent> byId = back.stream().collect(Collectors.toMap(CalendarEvent::id, Function.identity()));
        for (CalendarEvent original : events) {
            CalendarEvent copy = byId.get(original.id());
            assertThat(copy.sameContent(original)).as("round trip of %s gave %s in%n%s", original, copy, ics).isTrue();
        }
    }

    @Test
    void unclosedCalendarIsRejectedWithALine() {
        assertThatThrownBy(() -> read("malformed-unclosed.ics"))
                .isInstanceOf(ICalendarFormatException.class)
                .hasMessageStartingWith("This is not a valid iCalendar file: line");
    }

    @Test
    void unreadableDateNamesTheEvent() {
        assertThatThrownBy(() -> read("malformed-bad-date.ics"))
                .isInstanceOf(ICalendarFormatException.class)
                .hasMessageContaining("not a valid iCalendar file");
    }

    @Test
    void plainTextIsNotICalendar() {
        assertThatThrownBy(() -> codec.read(new StringReader("hello, this is a letter"), "cal-1", PARIS))
                .isInstanceOf(ICalendarFormatException.class)
                .hasMessageContaining("not a valid iCalendar file");
    }

    @Test
    void hugeFileIsRefusedBeforeParsing() {
        Reader endless = new Reader() {
            private long served;

            @Override
            public int read(char[] buffer, int off, int len) {
                if (served > 64L * 1024 * 1024) return -1; // bounded in any case
                java.util.Arrays.fill(buffer, off, off + len, 'x');
                served += len;
                return len;
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> codec.read(endless, "cal-1", PARIS))
                .isInstanceOf(ICalendarFormatException.class)
                .hasMessageContaining("larger than");
    }

    private ICalendarImport read(String fixture) throws Exception {
        try (Reader reader = new InputStreamReader(getClass().getResourceAsStream("/ics/" + fixture), StandardCharsets.UTF_8)) {
            return codec.read(reader, "cal-1", PARIS);
        }
    }

    private static Map<String, CalendarEvent> byTitle(List<CalendarEvent> events) {
        return events.stream().collect(Collectors.toMap(CalendarEvent::title, Function.identity()));
    }

    @Test
    void aFileWithTooManyEventsIsRefusedBeforeItIsParsed() {
        StringBuilder ics = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n");
        // Not even valid events: the count alone refuses the file, so nothing of it is parsed.
        for (int i = 0; i <= ICalendarCodec.MAX_EVENTS; i++) ics.append("BEGIN:VEVENT\r\nEND:VEVENT\r\n");
        ics.append("END:VCALENDAR\r\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.read(new java.io.StringReader(ics.toString()), "work", java.time.ZoneOffset.UTC))
                .isInstanceOf(ICalendarFormatException.class)
                .hasMessage("The file has " + (ICalendarCodec.MAX_EVENTS + 1) + " events; at most " + ICalendarCodec.MAX_EVENTS
                        + " can be imported at once.");
        org.assertj.core.api.Assertions.assertThat(ICalendarCodec.countEvents("BEGIN:VEVENT\nbegin:vevent \nX-BEGIN:VEVENT\n")).isEqualTo(2);
    }
}
