package org.thinrich.calendar.core.ical;

import java.util.List;
import org.thinrich.calendar.core.CalendarEvent;

/**
 * What an .ics file held: the events it was turned into, and a sentence for each thing that could
 * not be kept exactly (a modified single occurrence, an unknown time zone).
 */
public record ICalendarImport(List<CalendarEvent> events, List<String> warnings) {
    public ICalendarImport {
        events = List.copyOf(events);
        warnings = List.copyOf(warnings);
    }
}
