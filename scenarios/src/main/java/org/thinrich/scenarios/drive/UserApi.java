package org.thinrich.scenarios.drive;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.calendar.core.UserCalendar;
import org.thinrich.calendar.ui.ScreenMap;
import org.thinrich.server.http.Json;

/**
 * What a harness asks a server over HTTP as one of its users, the way anything outside the project
 * could: where the controls of the user's thin session are ({@code GET /api/display/sessions/ID/screen}),
 * so a thin session can be driven on any server given by URL, and the user's stored events
 * ({@code /api/events/ID}). The requests go to the server directly, not through the emulated link,
 * and are not counted as a client's traffic or wait.
 */
public final class UserApi {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A patch's fields as the API reads them: its record components, not its isEmpty(). */
    private static final ObjectMapper PATCHES = Json.MAPPER.copy().setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI server;
    private final String token;

    private UserApi(URI server, String token) {
        this.server = server;
        this.token = token;
    }

    /** Logs in as {@code user} on {@code server}. */
    public static UserApi login(URI server, String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> reply = new UserApi(server, null).send(HttpRequest.newBuilder(server.resolve("/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("user", user, "password", password)))));
        if (reply.statusCode() != 200) throw new IOException("Logging in to " + server + " as " + user + " failed: " + reply.body());
        return new UserApi(server, JSON.readTree(reply.body()).get("token").asText());
    }

    /** The current page of session {@code sessionId}. */
    public ScreenMap screen(String sessionId) throws IOException, InterruptedException {
        return screen(sessionId, "");
    }

    /**
     * The current page of session {@code sessionId}, asked with its client's affinity key: behind
     * a load balancer the question then reaches the node that holds the session, as the display
     * connection does.
     */
    public ScreenMap screen(String sessionId, String affinity) throws IOException, InterruptedException {
        String query = affinity.isEmpty() ? "" : "?affinity=" + affinity;
        HttpResponse<String> reply = send(HttpRequest.newBuilder(server.resolve("/api/display/sessions/" + sessionId + "/screen" + query))
                .header("Authorization", "Bearer " + token).GET());
        if (reply.statusCode() != 200) throw new IOException("No screen map of session " + sessionId + ": " + reply.body());
        return JSON.readValue(reply.body(), ScreenMap.class);
    }

    /** The ids of the user's thin sessions on the server (VNC viewers' included). */
    public List<String> sessionIds() throws IOException, InterruptedException {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(server.resolve("/api/display/sessions")).header("Authorization", "Bearer " + token).GET());
        if (reply.statusCode() != 200) throw new IOException("No list of sessions: " + reply.body());
        List<String> ids = new java.util.ArrayList<>();
        JSON.readTree(reply.body()).get("sessions").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    /** The stored event {@code id}. */
    public CalendarEvent event(String id) throws IOException, InterruptedException {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(server.resolve("/api/events/" + id))
                .header("Authorization", "Bearer " + token).GET());
        if (reply.statusCode() != 200) throw new IOException("No event " + id + ": " + reply.body());
        return Json.MAPPER.readValue(reply.body(), CalendarEvent.class);
    }

    /** Changes the stored event {@code id} as another client of the user would; returns it as stored. */
    public CalendarEvent update(String id, EventPatch patch) throws IOException, InterruptedException {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(server.resolve("/api/events/" + id))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(PATCHES.writeValueAsString(patch))));
        if (reply.statusCode() != 200) throw new IOException("Event " + id + " was not changed: " + reply.body());
        return Json.MAPPER.readValue(reply.body(), CalendarEvent.class);
    }

    /** The live events of one calendar overlapping {@code [from, to)}, as the HTTP API lists them. */
    public List<CalendarEvent> events(String calendarId, java.time.Instant from, java.time.Instant to) throws IOException, InterruptedException {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(server.resolve("/api/calendars/" + calendarId + "/events?from=" + from + "&to=" + to))
                .header("Authorization", "Bearer " + token).GET());
        if (reply.statusCode() != 200) throw new IOException("No events of " + calendarId + ": " + reply.body());
        return Json.MAPPER.readValue(reply.body(), Json.MAPPER.getTypeFactory().constructCollectionType(List.class, CalendarEvent.class));
    }

    /** The user's calendars. */
    public List<UserCalendar> calendars() throws IOException, InterruptedException {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(server.resolve("/api/calendars")).header("Authorization", "Bearer " + token).GET());
        if (reply.statusCode() != 200) throw new IOException("No calendars: " + reply.body());
        return Json.MAPPER.readValue(reply.body(), Json.MAPPER.getTypeFactory().constructCollectionType(List.class, UserCalendar.class));
    }

    /** Imports an iCalendar file into one of the user's calendars, as a user uploading a file would. */
    public void importIcs(String calendarId, String ics) throws IOException, InterruptedException {
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(server.resolve("/api/calendars/" + calendarId + "/import"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/calendar")
                .POST(HttpRequest.BodyPublishers.ofString(ics)).timeout(Duration.ofMinutes(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 200) throw new IOException("The import was refused: " + reply.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
