package org.thinrich.calendar.core;

/** An operation named an event that does not exist for this user (or was deleted). */
public class UnknownEventException extends IllegalArgumentException {
    public UnknownEventException(String eventId) {
        super("There is no event with id " + eventId + "; it may have been deleted.");
    }
}
