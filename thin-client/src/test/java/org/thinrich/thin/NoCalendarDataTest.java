package org.thinrich.thin;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The thin client holds no calendar data, so it must not even be able to load a calendar type:
 * none of the calendar modules, nor CalendarFX, nor the server may be on its class path, directly
 * or through another dependency.
 */
class NoCalendarDataTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "org.thinrich.calendar.core.CalendarEvent",
        "org.thinrich.calendar.core.CalendarService",
        "org.thinrich.calendar.ui.CalendarApp",
        "org.thinrich.server.AppServer",
        "com.calendarfx.model.Entry",
        "net.fortuna.ical4j.model.Calendar",
    })
    void calendarTypesAreNotOnTheClassPath(String calendarType) {
        assertThatThrownBy(() -> Class.forName(calendarType, false, getClass().getClassLoader()))
                .as("%s is reachable from thin-client", calendarType)
                .isInstanceOf(ClassNotFoundException.class);
    }
}
