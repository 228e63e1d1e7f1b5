package org.thinrich.sync.protocol;

import org.thinrich.calendar.core.CalendarColour;

/**
 * A calendar as a changes page carries it: its id and version, and its name and colour, or, for a
 * deleted calendar, nothing more (a removal; its events come as removals of their own).
 */
public record CalendarDelta(String id, long version, String name, CalendarColour colour) {
    public CalendarDelta {
        if ((name == null) != (colour == null)) throw new IllegalArgumentException("A removal carries neither name nor colour; any other entry both.");
    }

    public static CalendarDelta removal(String id, long version) {
        return new CalendarDelta(id, version, null, null);
    }

    public boolean removed() {
        return name == null;
    }
}
