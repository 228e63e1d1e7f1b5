package org.thinrich.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.thinrich.server.http.Json;

/** A small HTTP client of the server's API for tests: real requests over loopback. */
public final class ApiClient {
    public record Reply(int status, String body) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private String token;

    public ApiClient(URI base) {
        this.base = base;
    }

    public ApiClient login(String user, String password) {
        Reply reply = send("POST", "/api/login", "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}");
        if (reply.status() != 200) throw new AssertionError("login failed: " + reply);
        token = reply.json().get("token").asText();
        return this;
    }

    /** The bearer token of the login. */
    public String token() {
        return token;
    }

    /** The same login, speaking to another server (e.g. another node of a cluster). */
    public ApiClient at(URI otherBase) {
        ApiClient other = new ApiClient(otherBase);
        other.token = token;
        return other;
    }

    public Reply get(String path) {
        return send("GET", path, null);
    }

    public Reply send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) request.header("Authorization", "Bearer " + token);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
