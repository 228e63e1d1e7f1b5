package org.thinrich.calendar.core.ical;

/** An .ics file that cannot be read; the message names the line where known and what was wrong. */
public class ICalendarFormatException extends Exception {
    public ICalendarFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    public ICalendarFormatException(String message) {
        super(message);
    }
}
