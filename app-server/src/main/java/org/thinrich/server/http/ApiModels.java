package org.thinrich.server.http;

import java.time.ZonedDateTime;
import java.util.List;

/** Bodies of the HTTP API that are not domain types themselves. */
public final class ApiModels {
    private ApiModels() {
    }

    public record LoginRequest(String user, String password) {
    }

    public record LoginReply(String user, String token) {
    }

    /** A new event; the server gives it an id when none is sent, and its version. */
    public record NewEvent(String id, String title, String location, String notes, ZonedDateTime start,
                           ZonedDateTime end, Boolean allDay, String recurrenceRule) {
    }

    public record ImportReply(int imported, List<String> warnings) {
    }

    /** A new calendar, or a calendar's new name and colour. */
    public record CalendarBody(String name, org.thinrich.calendar.core.CalendarColour colour) {
    }

    public record ErrorReply(String error) {
    }
}
