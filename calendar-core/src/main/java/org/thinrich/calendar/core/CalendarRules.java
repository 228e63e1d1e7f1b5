package org.thinrich.calendar.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The rules every stored calendar obeys, whichever path it comes by (the HTTP API, a sync
 * operation, a thin session's UI, the rich client's replica). One sentence per broken rule.
 */
public final class CalendarRules {
    public static final int MAX_NAME = 100;
    /** Calendars one user may keep: the sync protocol's Welcome lists at most 256. */
    public static final int MAX_CALENDARS_PER_USER = 50;

    private CalendarRules() {
    }

    /** A calendar about to be added to {@code existing} (the owner's live calendars). */
    public static UserCalendar validateNew(UserCalendar calendar, Collection<UserCalendar> existing) {
        List<String> problems = new ArrayList<>();
        if (calendar.id().isBlank() || calendar.id().length() > EventValidator.MAX_ID || !EventValidator.safeId(calendar.id())) {
            problems.add("A calendar id must have 1 to " + EventValidator.MAX_ID
                    + " letters, digits or . _ ~ @ + = : - (and not only dots).");
        }
        nameProblems(calendar.name(), problems);
        if (existing.stream().anyMatch(c -> c.id().equals(calendar.id()))) {
            problems.add("A calendar with id " + calendar.id() + " already exists.");
        }
        if (existing.size() >= MAX_CALENDARS_PER_USER) {
            problems.add("You have " + existing.size() + " calendars, the most allowed; delete one before adding another.");
        }
        if (!problems.isEmpty()) throw new ValidationException(problems);
        return calendar;
    }

    /** A new name for a calendar. */
    public static String validateName(String name) {
        List<String> problems = new ArrayList<>();
        nameProblems(name, problems);
        if (!problems.isEmpty()) throw new ValidationException(problems);
        return name;
    }

    /** A calendar about to be deleted, with all its events, from the owner's {@code existing} live calendars. */
    public static void checkDeletable(String calendarId, Collection<UserCalendar> existing) {
        if (existing.stream().noneMatch(c -> c.id().equals(calendarId))) throw unknown(calendarId);
        if (existing.size() <= 1) {
            throw new ValidationException("This is your only calendar; add another before deleting it.");
        }
    }

    public static ValidationException unknown(String calendarId) {
        return new ValidationException("Unknown calendar '" + calendarId + "': it may have been deleted elsewhere.");
    }

    private static void nameProblems(String name, List<String> problems) {
        if (name.isBlank()) problems.add("A calendar needs a name.");
        if (name.length() > MAX_NAME) problems.add("A calendar name has at most " + MAX_NAME + " characters; this one has " + name.length() + ".");
        if (name.chars().anyMatch(Character::isISOControl) || name.indexOf(EventValidator.RESERVED_CHAR) >= 0) {
            problems.add("A calendar name cannot hold control characters.");
        }
        if (!EventValidator.wellFormed(name)) problems.add("The calendar name contains a broken character (half of a UTF-16 surrogate pair).");
    }
}
