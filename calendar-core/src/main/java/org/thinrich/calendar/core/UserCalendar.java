package org.thinrich.calendar.core;

import java.util.Objects;

/** A named, coloured calendar that belongs to one user. */
public record UserCalendar(String id, String owner, String name, CalendarColour colour) {
    public UserCalendar {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(colour, "colour");
    }
}
