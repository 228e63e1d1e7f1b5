package org.thinrich.calendar.core.ical;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventValidator;
import org.thinrich.calendar.core.UserCalendar;

/** Whatever valid event we store, exporting it and importing the file gives the same event back. */
class ICalendarRoundTripProperties {
    private static final List<String> ZONES = List.of("Europe/Berlin", "America/New_York", "Asia/Kolkata",
            "Australia/Sydney", "UTC", "America/St_Johns");
    private static final List<String> RULES = List.of("FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,WE", "FREQ=MONTHLY;BYMONTHDAY=15",
            "FREQ=YEARLY", "FREQ=WEEKLY;INTERVAL=2;COUNT=10");
    private final ICalendarCodec codec = new ICalendarCodec();
    private final UserCalendar calendar = new UserCalendar("cal", "alice", "Work", CalendarColour.GREEN);

    @Property(tries = 500)
    void exportThenImportKeepsEveryField(@ForAll("events") CalendarEvent event) throws Exception {
        EventValidator.validate(event, List.of("cal"));
        String ics = codec.write(calendar, List.of(event));
        List<CalendarEvent> back = codec.read(new StringReader(ics), "cal", ZoneId.of("Europe/Paris")).events();
        assertThat(back).hasSize(1);
        assertThat(back.get(0).sameContent(event)).as("%s%nbecame%n%s%nvia%n%s", event, back.get(0), ics).isTrue();
    }

    @Provide
    Arbitrary<CalendarEvent> events() {
        Arbitrary<String> text = Arbitraries.strings().withChars("abcXYZ 019;,:\\\"\n\u00e9\u00df\u4e2d\u2603")
                .ofMaxLength(60);
        Arbitrary<ZoneId> zones = Arbitraries.of(ZONES).map(ZoneId::of);
        Arbitrary<LocalDateTime> starts = Arbitraries.longs().between(0, 60L * 24 * 365 * 3)
                .map(minutes -> LocalDateTime.of(2025, 1, 1, 0, 0).plusMinutes(minutes));
        Arbitrary<Integer> lengths = Arbitraries.integers().between(0, 60 * 24 * 3);
        Arbitrary<String> rules = Arbitraries.of(RULES).injectNull(0.5);
        return Combinators.combine(text, text, text, zones, starts, lengths, Arbitraries.of(true, false), rules)
                .as((title, location, notes, zone, start, minutes, allDay, rule) -> {
                    CalendarEvent event;
                    if (allDay) {
                        LocalDate first = start.toLocalDate();
                        event = CalendarEvent.allDay("cal", title, first, first.plusDays(minutes % 5), zone);
                    } else {
                        ZonedDateTime s = start.atZone(zone);
                        event = CalendarEvent.timed("cal", title, s, s.plusMinutes(minutes));
                    }
                    return event.withLocation(location).withNotes(notes).withRecurrenceRule(rule);
                });
    }
}
