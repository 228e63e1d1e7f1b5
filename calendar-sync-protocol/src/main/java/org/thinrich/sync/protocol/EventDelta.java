package org.thinrich.sync.protocol;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventField;

/**
 * One entry of a changes page: an event's id, version and modification time, and either the parts
 * that changed after the page's {@code since} (all of them for an event the replica cannot hold
 * yet) or, for a deleted event, nothing: a removal is an id and a version.
 *
 * <p>In a page, times name the zone "" when it is the Welcome's zone, which most events share.
 */
public record EventDelta(String id, long version, Instant lastModified, boolean deleted, EventChanges parts) {
    public EventDelta {
        if (deleted != (parts == null)) throw new IllegalArgumentException("A removal carries no parts; any other entry does.");
    }

    public static EventDelta removal(String id, long version, Instant lastModified) {
        return new EventDelta(id, version, lastModified, true, null);
    }

    /** Every part of {@code e}: what a replica that has never seen it needs. */
    public static EventDelta whole(CalendarEvent e, ZoneId sharedZone) {
        return of(e, Set.of(EventField.values()), sharedZone);
    }

    /** The parts of {@code e} named in {@code changed}; a removal when it is deleted. */
    public static EventDelta of(CalendarEvent e, Set<EventField> changed, ZoneId sharedZone) {
        if (e.deleted()) return removal(e.id(), e.version(), e.lastModified());
        boolean rule = changed.contains(EventField.RECURRENCE);
        EventChanges.Times times = changed.contains(EventField.TIMES) ? new EventChanges.Times(e.start().toEpochSecond(),
                e.end().toEpochSecond(), e.allDay(), e.zone().equals(sharedZone) ? "" : e.zone().getId()) : null;
        EventChanges parts = new EventChanges(changed.contains(EventField.CALENDAR) ? e.calendarId() : null,
                changed.contains(EventField.TITLE) ? e.title() : null, changed.contains(EventField.LOCATION) ? e.location() : null,
                changed.contains(EventField.NOTES) ? e.notes() : null, times, rule ? e.recurrenceRule() : null,
                rule && e.recurrenceRule() == null);
        return new EventDelta(e.id(), e.version(), e.lastModified(), false, parts);
    }

    /** Whether every part is here, so that the event can be made from this entry alone. */
    public boolean whole() {
        return !deleted && parts.calendarId() != null && parts.title() != null && parts.location() != null && parts.notes() != null
                && parts.times() != null && (parts.recurrenceRule() != null || parts.clearRecurrence());
    }

    /** The event of a {@link #whole()} entry. */
    public CalendarEvent toEvent(ZoneId sharedZone) {
        if (!whole()) throw new IllegalStateException("Entry " + id + " does not carry every part of its event.");
        ZoneId zone = zoneOf(sharedZone);
        EventChanges.Times t = parts.times();
        return new CalendarEvent(id, parts.calendarId(), parts.title(), parts.location(), parts.notes(), Wire.at(t.startEpochSecond(), zone),
                Wire.at(t.endEpochSecond(), zone), t.allDay(), parts.recurrenceRule(), version, lastModified, false);
    }

    /** {@code copy} (the replica's copy of the server's event) with this entry's parts and version. */
    public CalendarEvent applyTo(CalendarEvent copy, ZoneId sharedZone) {
        if (deleted) return copy.asTombstone(version, lastModified);
        EventChanges.Times t = parts.times();
        EventChanges resolved = t == null ? parts : new EventChanges(parts.calendarId(), parts.title(), parts.location(), parts.notes(),
                new EventChanges.Times(t.startEpochSecond(), t.endEpochSecond(), t.allDay(), zoneOf(sharedZone).getId()),
                parts.recurrenceRule(), parts.clearRecurrence());
        return resolved.toPatch(copy.zone()).applyTo(copy).stored(version, lastModified);
    }

    private ZoneId zoneOf(ZoneId sharedZone) {
        String zone = parts.times() == null ? null : parts.times().zone();
        return zone == null || zone.isEmpty() ? sharedZone : ZoneId.of(zone);
    }
}
