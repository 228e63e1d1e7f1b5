package org.thinrich.calendar.core;

/**
 * The colours a calendar can have. Seven, in the order of CalendarFX's calendar styles, so the UI
 * can map them one to one; the hex value is what iCalendar export writes.
 */
public enum CalendarColour {
    GREEN("#77c04b"),
    BLUE("#418fcb"),
    YELLOW("#f7d15b"),
    PURPLE("#9d5b9f"),
    RED("#d0525f"),
    ORANGE("#f9844b"),
    BROWN("#ae663e");

    private final String hex;

    CalendarColour(String hex) {
        this.hex = hex;
    }

    public String hex() {
        return hex;
    }
}
