package org.thinrich.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.server.ApiClient;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;

/** The HTTP API of a real server on a loopback port, with the demo users. */
class ApiHandlerTest {
    @TempDir
    static Path directory;
    static AppServer server;

    @BeforeAll
    static void start() {
        server = AppServer.start(ServerConfig.defaults(directory).withPort(0).withDemo(true).withPasswordIterations(1_000));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ApiClient alice() {
        return new ApiClient(server.uri()).login("alice", "alice-demo");
    }

    @Test
    void healthNeedsNoLoginAndMetricsAreForThisMachineOnly() throws Exception {
        ApiClient anonymous = new ApiClient(server.uri());
        var health = anonymous.get("/health").json();
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.has("store_version")).as("nothing of other users' activity").isFalse();
        var metrics = anonymous.get("/metrics").json();
        assertThat(metrics.get("store_version").asLong()).isPositive();
        assertThat(metrics.get("http_requests").asLong()).isPositive();
        var http = java.net.http.HttpClient.newHttpClient();
        var throughAProxy = http.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/metrics")).header("X-Forwarded-For", "203.0.113.7")
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(throughAProxy.statusCode()).isEqualTo(403);
    }

    @Test
    void demoUsersHaveBusyCalendars() {
        var calendars = alice().get("/api/calendars").json();
        assertThat(calendars).hasSizeGreaterThanOrEqualTo(3);
        var events = alice().get("/api/calendars/alice-work/events").json();
        assertThat(events.size()).isGreaterThan(10);
        assertThat(events.findValuesAsText("recurrenceRule")).anyMatch(r -> r.startsWith("FREQ=WEEKLY"));
    }

    @Test
    void wrongPasswordAndMissingTokenGetPlainSentences() {
        ApiClient anonymous = new ApiClient(server.uri());
        var wrong = anonymous.send("POST", "/api/login", "{\"user\":\"alice\",\"password\":\"guess\"}");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").asText()).isEqualTo("Wrong user name or password.");
        var unknown = anonymous.send("POST", "/api/login", "{\"user\":\"mallory\",\"password\":\"guess-guess\"}");
        assertThat(unknown.json().get("error").asText()).isEqualTo("Wrong user name or password.");
        var noToken = anonymous.get("/api/calendars");
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.json().get("error").asText()).startsWith("Log in first");
    }

    @Test
    void createReadPatchDeleteAnEvent() {
        ApiClient alice = alice();
        var created = alice.send("POST", "/api/calendars/alice-personal/events",
                "{\"title\":\"Dentist\",\"start\":\"2026-12-01T08:30:00+01:00[Europe/Berlin]\",\"end\":\"2026-12-01T09:00:00+01:00[Europe/Berlin]\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        long version = created.json().get("version").asLong();

        var read = alice.get("/api/events/" + id).json();
        assertThat(read.get("start").asText()).isEqualTo("2026-12-01T08:30:00+01:00[Europe/Berlin]");

        // Versions count alice's own changes: bob's writes in between do not show in them.
        ApiClient bob = new ApiClient(server.uri()).login("bob", "bob-demo");
        for (int i = 0; i < 3; i++) {
            assertThat(bob.send("POST", "/api/calendars/bob-work/events", "{\"title\":\"Bob " + i
                    + "\",\"start\":\"2026-12-01T08:00:00Z\",\"end\":\"2026-12-01T09:00:00Z\"}").status()).isEqualTo(201);
        }
        var moved = alice.send("PATCH", "/api/events/" + id,
                "{\"start\":\"2026-12-01T10:00:00+01:00[Europe/Berlin]\",\"end\":\"2026-12-01T10:30:00+01:00[Europe/Berlin]\"}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(moved.json().get("version").asLong()).as("alice's next change").isEqualTo(version + 1);
        assertThat(moved.json().get("title").asText()).isEqualTo("Dentist");

        assertThat(alice.send("DELETE", "/api/events/" + id, null).json().get("deleted").asBoolean()).isTrue();
        assertThat(alice.get("/api/events/" + id).status()).isEqualTo(404);
    }

    /** Calendars over the API: added, renamed and recoloured, deleted with their events; another user's untouchable. */
    @Test
    void calendarsAreAddedChangedAndDeletedWithTheirEvents() {
        ApiClient alice = alice();
        var added = alice.send("POST", "/api/calendars", "{\"name\":\"Choir\",\"colour\":\"PURPLE\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String id = added.json().get("id").asText();
        var rehearsal = alice.send("POST", "/api/calendars/" + id + "/events",
                "{\"title\":\"Rehearsal\",\"start\":\"2026-12-02T19:00:00+01:00[Europe/Berlin]\",\"end\":\"2026-12-02T21:00:00+01:00[Europe/Berlin]\"}");
        assertThat(rehearsal.status()).as(rehearsal.body()).isEqualTo(201);

        var renamed = alice.send("PUT", "/api/calendars/" + id, "{\"name\":\"Choir 2027\",\"colour\":\"ORANGE\"}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(alice.get("/api/calendars/" + id).json().get("colour").asText()).isEqualTo("ORANGE");
        assertThat(alice.send("PUT", "/api/calendars/" + id, "{\"name\":\"\",\"colour\":\"RED\"}").status()).isEqualTo(400);
        assertThat(alice.send("PUT", "/api/calendars/" + id, "{\"name\":\"x\",\"colour\":\"PINK\"}").status()).isEqualTo(400);
        assertThat(alice.send("POST", "/api/calendars", "{\"name\":\"No colour\"}").json().get("error").asText()).contains("'colour'");

        ApiClient bob = new ApiClient(server.uri()).login("bob", "bob-demo");
        assertThat(bob.send("PUT", "/api/calendars/" + id, "{\"name\":\"Mine\",\"colour\":\"RED\"}").status()).isEqualTo(404);
        assertThat(bob.send("DELETE", "/api/calendars/" + id, null).status()).isEqualTo(404);

        assertThat(alice.send("DELETE", "/api/calendars/" + id, null).status()).isEqualTo(204);
        assertThat(alice.get("/api/calendars/" + id).status()).isEqualTo(404);
        assertThat(alice.get("/api/events/" + rehearsal.json().get("id").asText()).status()).isEqualTo(404);
        assertThat(alice.get("/api/calendars").json()).noneMatch(c -> c.get("id").asText().equals(id));
    }

    @Test
    void invalidEventIsRefusedWithTheReason() {
        var reply = alice().send("POST", "/api/calendars/alice-work/events",
                "{\"title\":\"Backwards\",\"start\":\"2026-12-01T10:00:00Z\",\"end\":\"2026-12-01T09:00:00Z\"}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).contains("before it starts");
        assertThat(alice().get("/api/search?q=Backwards").json()).isEmpty();
    }

    @Test
    void malformedAndOversizedBodiesAreRefused() {
        ApiClient alice = alice();
        var notJson = alice.send("POST", "/api/calendars/alice-work/events", "{title: oops");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("error").asText()).startsWith("The request body is not the expected JSON");
        var unknownField = alice.send("PATCH", "/api/events/whatever", "{\"colour\":\"red\"}");
        assertThat(unknownField.json().get("error").asText()).isEqualTo("Unknown field 'colour' in the request body.");
        var huge = alice.send("POST", "/api/calendars/alice-work/events", "{\"title\":\"" + "x".repeat(100_000) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(alice.get("/health").status()).as("the server carries on").isEqualTo(200);
    }

    @Test
    void guessingPasswordsIsSlowedToTenAMinuteWithRetryAfter() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        java.util.function.BiFunction<String, String, java.net.http.HttpResponse<String>> login = (from, password) -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/api/login")).header("X-Forwarded-For", from)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"user\":\"bob\",\"password\":\"" + password + "\"}")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        int refused = 0;
        int guessed = 0;
        for (int i = 0; i < 15; i++) {
            var reply = login.apply("203.0.113.9", "guess-" + i);
            if (reply.statusCode() == 429) {
                refused++;
                assertThat(reply.headers().firstValue("Retry-After")).get().satisfies(v -> assertThat(Integer.parseInt(v)).isBetween(1, 60));
                assertThat(reply.body()).contains("Too many failed logins; try again in");
            } else {
                assertThat(reply.statusCode()).isEqualTo(401);
                guessed++;
            }
        }
        assertThat(guessed).as("guesses let through in a minute").isEqualTo(10);
        assertThat(refused).isEqualTo(5);
        assertThat(login.apply("198.51.100.4", "bob-demo").statusCode()).as("bob from his own address").isEqualTo(200);
    }

    @Test
    void poisonedEventsAreRefusedWithA400() {
        ApiClient alice = alice();
        String path = "/api/calendars/alice-work/events";
        var yearZero = alice.send("POST", path, "{\"title\":\"Ancient\",\"start\":\"0000-06-01T10:00:00Z\",\"end\":\"0000-06-01T11:00:00Z\"}");
        assertThat(yearZero.status()).isEqualTo(400);
        assertThat(yearZero.json().get("error").asText()).contains("outside the years 1 to 9999");
        var hugeYear = alice.send("POST", path, "{\"title\":\"Far\",\"start\":\"+999999999-06-01T10:00:00Z\",\"end\":\"+999999999-06-01T11:00:00Z\"}");
        assertThat(hugeYear.status()).isEqualTo(400);
        var nullBody = alice.send("POST", path, "null");
        assertThat(nullBody.status()).isEqualTo(400);
        assertThat(nullBody.json().get("error").asText()).isEqualTo("The request body is null; send a JSON object.");
        var traversal = alice.send("POST", path, "{\"id\":\"../../etc/passwd\",\"title\":\"x\",\"start\":\"2026-12-01T10:00:00Z\",\"end\":\"2026-12-01T11:00:00Z\"}");
        assertThat(traversal.status()).isEqualTo(400);
        assertThat(traversal.json().get("error").asText()).contains("may only have letters, digits");
        var loneSurrogate = alice.send("POST", path, "{\"title\":\"bad \\ud800 title\",\"start\":\"2026-12-01T10:00:00Z\",\"end\":\"2026-12-01T11:00:00Z\"}");
        assertThat(loneSurrogate.status()).isEqualTo(400);
        var year = alice.send("POST", path, "{\"title\":\"ok\",\"start\":\"2026-12-01T10:00:00Z\",\"end\":\"2026-12-01T11:00:00Z\"}");
        assertThat(year.status()).as("a sound event after all that").isEqualTo(201);
        var moveToYearZero = alice.send("PATCH", "/api/events/" + year.json().get("id").asText(),
                "{\"start\":\"0000-06-01T10:00:00Z\",\"end\":\"0000-06-01T11:00:00Z\"}");
        assertThat(moveToYearZero.status()).isEqualTo(400);
    }

    @Test
    void oneUserCannotReadOrChangeAnothersCalendars() {
        ApiClient bob = new ApiClient(server.uri()).login("bob", "bob-demo");
        String alicesEvent = alice().get("/api/calendars/alice-work/events").json().get(0).get("id").asText();
        assertThat(bob.get("/api/calendars/alice-work.ics").status()).isEqualTo(404);
        assertThat(bob.get("/api/calendars/alice-work/events").status()).isEqualTo(404);
        assertThat(bob.get("/api/events/" + alicesEvent).status()).isEqualTo(404);
        assertThat(bob.send("PATCH", "/api/events/" + alicesEvent, "{\"title\":\"Hijacked\"}").status()).isEqualTo(404);
        assertThat(bob.send("DELETE", "/api/events/" + alicesEvent, null).status()).isEqualTo(404);
        assertThat(alice().get("/api/events/" + alicesEvent).json().get("title").asText()).isNotEqualTo("Hijacked");
    }

    @Test
    void exportedCalendarImportsBackUnchanged() {
        ApiClient alice = alice();
        String ics = alice.get("/api/calendars/alice-family.ics").body();
        assertThat(ics).startsWith("BEGIN:VCALENDAR").contains("X-WR-CALNAME:Family").contains("RRULE:FREQ=");
        int before = alice.get("/api/calendars/alice-family/events?from=2020-01-01&to=2030-01-01").json().size();
        var imported = alice.send("POST", "/api/calendars/alice-family/import", ics);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("imported").asInt()).isEqualTo(before);
        assertThat(alice.get("/api/calendars/alice-family/events?from=2020-01-01&to=2030-01-01").json().size()).isEqualTo(before);
        assertThat(alice.get("/api/calendars/alice-family.ics").body().lines().filter(l -> l.startsWith("UID:")).sorted().toList())
                .isEqualTo(ics.lines().filter(l -> l.startsWith("UID:")).sorted().toList());
    }

    @Test
    void malformedICalendarIsRefusedAndStoresNothing() {
        ApiClient alice = alice();
        long version = server.store().currentVersion();
        var reply = alice.send("POST", "/api/calendars/alice-work/import",
                "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\nDTSTART:20261126T100000Z\nSUMMARY:Half\n");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).startsWith("This is not a valid iCalendar file");
        assertThat(server.store().currentVersion()).isEqualTo(version);
    }

    @Test
    void unknownPathsAndMethodsSaySo() {
        assertThat(alice().get("/api/nothing").json().get("error").asText()).isEqualTo("There is nothing at /api/nothing.");
        assertThat(alice().send("PUT", "/api/calendars", "{}").status()).isEqualTo(405);
    }
}
