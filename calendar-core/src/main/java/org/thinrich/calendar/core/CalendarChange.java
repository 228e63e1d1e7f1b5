package org.thinrich.calendar.core;

/** What a calendar service tells its listeners after a change was stored. */
public record CalendarChange(Kind kind, CalendarEvent event) {
    public enum Kind { CREATED, UPDATED, DELETED }

    public long version() {
        return event.version();
    }
}
