package org.thinrich.sync.protocol;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventPatch;

/**
 * The fields one operation changes, as they travel: null means unchanged. Moving an event carries
 * only {@link Times}, and its zone only when the move changes it.
 */
public record EventChanges(
        String calendarId,
        String title,
        String location,
        String notes,
        Times times,
        String recurrenceRule,
        boolean clearRecurrence) {

    /** New times in whole seconds; {@code zone} null keeps the event's zone. */
    public record Times(long startEpochSecond, long endEpochSecond, boolean allDay, String zone) {
    }

    /** The wire form of {@code patch} made on {@code before}: times are completed from it and its zone left out when unchanged. */
    public static EventChanges of(EventPatch patch, CalendarEvent before) {
        Times times = null;
        if (patch.start() != null || patch.end() != null || patch.allDay() != null) {
            ZonedDateTime start = patch.start() != null ? patch.start() : before.start();
            ZonedDateTime end = patch.end() != null ? patch.end() : before.end();
            boolean allDay = patch.allDay() != null ? patch.allDay() : before.allDay();
            String zone = start.getZone().equals(before.zone()) ? null : start.getZone().getId();
            times = new Times(start.toEpochSecond(), end.toEpochSecond(), allDay, zone);
        }
        return new EventChanges(patch.calendarId(), patch.title(), patch.location(), patch.notes(), times,
                patch.clearRecurrence() ? null : patch.recurrenceRule(), patch.clearRecurrence());
    }

    /** The patch these changes make to an event now in {@code currentZone}. */
    public EventPatch toPatch(ZoneId currentZone) {
        ZonedDateTime start = null;
        ZonedDateTime end = null;
        Boolean allDay = null;
        if (times != null) {
            ZoneId zone = times.zone() == null ? currentZone : ZoneId.of(times.zone());
            start = Instant.ofEpochSecond(times.startEpochSecond()).atZone(zone);
            end = Instant.ofEpochSecond(times.endEpochSecond()).atZone(zone);
            allDay = times.allDay();
        }
        return new EventPatch(calendarId, title, location, notes, start, end, allDay, recurrenceRule, clearRecurrence);
    }
}
