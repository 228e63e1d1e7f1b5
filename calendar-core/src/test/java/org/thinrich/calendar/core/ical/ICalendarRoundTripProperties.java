package org.thinrich.calendar.core.ical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.thinrich.testing.Theories.orNull;
import static org.thinrich.testing.Theories.qt;

import java.io.StringReader;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventValidator;
import org.thinrich.calendar.core.UserCalendar;
import org.thinrich.testing.Theories;

/** Whatever valid event we store, exporting it and importing the file gives the same event back. */
class ICalendarRoundTripProperties {
    private static final List<String> ZONES = List.of("Europe/Berlin", "America/New_York", "Asia/Kolkata",
            "Australia/Sydney", "UTC", "America/St_Johns");
    private static final List<String> RULES = List.of("FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,WE", "FREQ=MONTHLY;BYMONTHDAY=15",
            "FREQ=YEARLY", "FREQ=WEEKLY;INTERVAL=2;COUNT=10");
    private final ICalendarCodec codec = new ICalendarCodec();
    private final UserCalendar calendar = new UserCalendar("cal", "alice", "Work", CalendarColour.GREEN);

    @Test
    void exportThenImportKeepsEveryField() {
        qt(500).forAll(events()).checkAssert(event -> {
            EventValidator.validate(event, List.of("cal"));
            String ics = codec.write(calendar, List.of(event));
            List<CalendarEvent> back;
            try {
                back = codec.read(new StringReader(ics), "cal", ZoneId.of("Europe/Paris")).events();
            } catch (Exception e) {
                throw new AssertionError("the exported file was not read back: " + e + "\n" + ics, e);
            }
            assertThat(back).hasSize(1);
            assertThat(back.get(0).sameContent(event)).as("%s%nbecame%n%s%nvia%n%s", event, back.get(0), ics).isTrue();
        });
    }

    @Test
    void anEventAsAResourceOfItsOwnIsReadBackAndWrittenTheSameTwice() {
        qt(300).forAll(events()).checkAssert(generated -> {
            CalendarEvent event = generated.stored(42, java.time.Instant.parse("2026-12-01T10:15:30Z"));
            String resource = codec.writeEvent(event);
            assertThat(codec.writeEvent(event)).as("one version, one representation (a strong ETag)").isEqualTo(resource);
            CalendarEvent back;
            try {
                back = codec.readEvent(resource, "cal", ZoneId.of("Europe/Paris")).events().get(0);
            } catch (Exception e) {
                throw new AssertionError("the resource was not read back: " + e + "\n" + resource, e);
            }
            assertThat(back.sameContent(event)).as("%s%nbecame%n%s%nvia%n%s", event, back, resource).isTrue();
        });
    }

    /** Text with what iCalendar must escape or fold: separators, backslashes, quotes, line breaks, non-ASCII. */
    private static Gen<String> text() {
        List<Character> chars = "abcXYZ 019;,:\\\"\n\u00e9\u00df\u4e2d\u2603".chars().mapToObj(c -> (char) c).toList();
        return Theories.listsOf(Generate.pick(chars), 60).map(list -> {
            StringBuilder text = new StringBuilder();
            list.forEach(text::append);
            return text.toString();
        });
    }

    private static Gen<CalendarEvent> events() {
        Gen<ZoneId> zones = Generate.pick(ZONES).map(zone -> ZoneId.of(zone));
        Gen<LocalDateTime> starts = longs().between(0, 60L * 24 * 365 * 3)
                .map(minutes -> LocalDateTime.of(2025, 1, 1, 0, 0).plusMinutes(minutes));
        Gen<Integer> lengths = integers().between(0, 60 * 24 * 3);
        Gen<String> rules = orNull(Generate.pick(RULES), 50);
        return in -> {
            String title = text().generate(in);
            String location = text().generate(in);
            String notes = text().generate(in);
            ZoneId zone = zones.generate(in);
            LocalDateTime start = starts.generate(in);
            int minutes = lengths.generate(in);
            CalendarEvent event;
            if (booleans().all().generate(in)) {
                LocalDate first = start.toLocalDate();
                event = CalendarEvent.allDay("cal", title, first, first.plusDays(minutes % 5), zone);
            } else {
                ZonedDateTime s = start.atZone(zone);
                event = CalendarEvent.timed("cal", title, s, s.plusMinutes(minutes));
            }
            return event.withLocation(location).withNotes(notes).withRecurrenceRule(rules.generate(in));
        };
    }
}
