package org.thinrich.calendar.core;

import java.util.Objects;

/** A named, coloured calendar that belongs to one user. */
public record UserCalendar(String id, String owner, String name, CalendarColour colour) {
    /**
     * The order every calendar service lists a user's calendars in, whatever stores them (the
     * databases' collations differ): by name, then id. The UI makes new events in the first.
     */
    public static final java.util.Comparator<UserCalendar> LISTED =
            java.util.Comparator.comparing(UserCalendar::name).thenComparing(UserCalendar::id);

    /** A new calendar's id: random, so that replicas can make calendars offline without asking. */
    public static String newId() {
        return java.util.UUID.randomUUID().toString();
    }

    public UserCalendar withName(String newName, CalendarColour newColour) {
        return new UserCalendar(id, owner, newName, newColour);
    }

    public UserCalendar {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(colour, "colour");
    }
}
