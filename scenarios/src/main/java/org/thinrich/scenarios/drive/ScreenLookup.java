package org.thinrich.scenarios.drive;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.thinrich.calendar.ui.ScreenMap;

/**
 * A driver's eye on its thin session: asks the server, as the session's own user, where the
 * controls of the session's current page are ({@code GET /api/display/sessions/ID/screen}), so a
 * thin session can be driven on any server given by URL. The lookups go to the server directly,
 * not through the emulated link, and are not counted as the thin client's traffic or wait.
 */
final class ScreenLookup {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI server;
    private final String token;

    private ScreenLookup(URI server, String token) {
        this.server = server;
        this.token = token;
    }

    /** Logs in as {@code user} on {@code server}. */
    static ScreenLookup login(URI server, String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> reply = new ScreenLookup(server, null).send(HttpRequest.newBuilder(server.resolve("/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("user", user, "password", password)))));
        if (reply.statusCode() != 200) throw new IOException("Logging in to " + server + " as " + user + " failed: " + reply.body());
        return new ScreenLookup(server, JSON.readTree(reply.body()).get("token").asText());
    }

    /** The current page of session {@code sessionId}. */
    ScreenMap screen(String sessionId) throws IOException, InterruptedException {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(server.resolve("/api/display/sessions/" + sessionId + "/screen"))
                .header("Authorization", "Bearer " + token).GET());
        if (reply.statusCode() != 200) throw new IOException("No screen map of session " + sessionId + ": " + reply.body());
        return JSON.readValue(reply.body(), ScreenMap.class);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
