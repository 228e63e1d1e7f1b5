package org.thinrich.server.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.calendar.core.CalendarChange;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;

/** CalDAV on a real server on a loopback port, over the demo users' store. */
class CalDavTest {
    @TempDir
    static Path directory;
    static AppServer server;
    static final String WORK = "/dav/calendars/alice/alice-work/";

    @BeforeAll
    static void start() {
        server = AppServer.start(ServerConfig.defaults(directory).withPort(0).withDemo(true).withPasswordIterations(1_000));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static DavClient alice() {
        return new DavClient(server.uri(), "alice", "alice-demo");
    }

    @Test
    void discoveryLeadsFromTheWellKnownNameToTheCalendars() {
        DavClient dav = alice();
        var wellKnown = dav.send("PROPFIND", "/.well-known/caldav", null, Map.of("Depth", "0"));
        assertThat(wellKnown.status()).isEqualTo(301);
        assertThat(wellKnown.header("Location")).isEqualTo("/dav/");
        var root = dav.propfind("/dav/", "0", "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:current-user-principal/></d:prop></d:propfind>");
        assertThat(root.status()).isEqualTo(207);
        assertThat(root.body()).contains("<d:href>/dav/principals/alice/</d:href>");
        var principal = dav.propfind("/dav/principals/alice/", "0",
                "<d:propfind xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\"><d:prop><c:calendar-home-set/><d:foo/></d:prop></d:propfind>");
        assertThat(principal.body()).contains("<c:calendar-home-set><d:href>/dav/calendars/alice/</d:href>")
                .as("an unknown property is listed under 404").containsPattern("<d:foo/></d:prop><d:status>HTTP/1.1 404");
        var home = dav.propfind("/dav/calendars/alice/", "1", null);
        assertThat(home.body()).contains(WORK, "<d:displayname>Work</d:displayname>", "<c:comp name=\"VEVENT\"/>", "calendar-color");
        assertThat(dav.send("OPTIONS", "/dav/", null, Map.of()).header("DAV")).contains("calendar-access");
    }

    @Test
    void aPutEventIsReadBackWithTheSameStrongEtagAndConditionsAreChecked() {
        DavClient dav = alice();
        String href = WORK + "caldav-put-1.ics";
        var created = dav.put(href, DavClient.event("caldav-put-1", "Planning", "20261207T090000Z", "20261207T100000Z"),
                Map.of("If-None-Match", "*"));
        assertThat(created.status()).isEqualTo(201);
        String etag = created.header("ETag");
        assertThat(etag).matches("\"\\d+\"");
        var read = dav.send("GET", href, null, Map.of());
        assertThat(read.header("ETag")).isEqualTo(etag);
        assertThat(read.body()).contains("UID:caldav-put-1", "SUMMARY:Planning");
        assertThat(dav.send("GET", href, null, Map.of()).body()).as("the same bytes for the same version").isEqualTo(read.body());

        assertThat(dav.put(href, DavClient.event("caldav-put-1", "Again", "20261207T090000Z", "20261207T100000Z"),
                Map.of("If-None-Match", "*")).status()).as("it exists").isEqualTo(412);
        var updated = dav.put(href, DavClient.event("caldav-put-1", "Planning, moved", "20261207T110000Z", "20261207T120000Z"),
                Map.of("If-Match", etag));
        assertThat(updated.status()).isEqualTo(204);
        assertThat(updated.header("ETag")).isNotEqualTo(etag);
        var stale = dav.put(href, DavClient.event("caldav-put-1", "Lost update", "20261207T090000Z", "20261207T100000Z"),
                Map.of("If-Match", etag));
        assertThat(stale.status()).as("written over a version it did not read").isEqualTo(412);
        assertThat(dav.send("DELETE", href, null, Map.of("If-Match", etag)).status()).isEqualTo(412);
        assertThat(server.store().event("alice", "caldav-put-1").orElseThrow().title()).isEqualTo("Planning, moved");
        assertThat(dav.send("DELETE", href, null, Map.of("If-Match", updated.header("ETag"))).status()).isEqualTo(204);
        assertThat(dav.send("GET", href, null, Map.of()).status()).isEqualTo(404);
        assertThat(dav.put(href, DavClient.event("caldav-put-1", "Back", "20261207T090000Z", "20261207T100000Z"),
                Map.of("If-None-Match", "*")).status()).as("a deleted event's name can be used again").isEqualTo(201);
    }

    @Test
    void syncCollectionListsChangesAndRemovalsSinceItsToken() {
        DavClient dav = alice();
        var initial = dav.report(WORK, DavClient.syncCollection(""));
        assertThat(initial.status()).isEqualTo(207);
        String token = DavClient.first(initial.body(), "sync-token");
        assertThat(initial.body()).contains("<d:getetag>");

        var nothing = dav.report(WORK, DavClient.syncCollection(token));
        assertThat(nothing.body()).doesNotContain("<d:response>");

        String made = WORK + "caldav-sync-1.ics";
        assertThat(dav.put(made, DavClient.event("caldav-sync-1", "New", "20261208T090000Z", "20261208T100000Z"), Map.of()).status()).isEqualTo(201);
        // An edit made elsewhere (the rich client's or a thin session's path) is listed too.
        var other = server.store().create("alice", new org.thinrich.calendar.core.CalendarEvent("caldav-sync-2", "alice-work", "Made elsewhere",
                "", "", java.time.ZonedDateTime.parse("2026-12-09T09:00:00Z"), java.time.ZonedDateTime.parse("2026-12-09T10:00:00Z"),
                false, null, 0, java.time.Instant.EPOCH, false));
        var changes = dav.report(WORK, DavClient.syncCollection(token));
        assertThat(changes.body()).contains("caldav-sync-1.ics", "caldav-sync-2.ics").doesNotContain("HTTP/1.1 404"); // (the sync token's digits may hold "404")
        String second = DavClient.first(changes.body(), "sync-token");

        server.store().update("alice", other.id(), new EventPatch("alice-personal", null, null, null, null, null, null, null, false));
        dav.send("DELETE", made, null, Map.of());
        var removals = dav.report(WORK, DavClient.syncCollection(second));
        assertThat(removals.body()).as("moved to another calendar, and deleted: both gone from this one")
                .containsPattern("caldav-sync-2.ics</d:href><d:status>HTTP/1.1 404")
                .containsPattern("caldav-sync-1.ics</d:href><d:status>HTTP/1.1 404");
        var personal = dav.report("/dav/calendars/alice/alice-personal/", DavClient.syncCollection(second));
        assertThat(personal.body()).contains("caldav-sync-2.ics</d:href><d:propstat>");

        var bad = dav.report(WORK, DavClient.syncCollection("urn:thinrich:sync:1:5"));
        assertThat(bad.status()).isEqualTo(403);
        assertThat(bad.body()).contains("valid-sync-token");

        // Tokens and ETags count alice's own changes: bob's writes do not move them (they would tell how busy bob is).
        String before = DavClient.first(dav.report(WORK, DavClient.syncCollection("")).body(), "sync-token");
        java.time.ZonedDateTime at = java.time.ZonedDateTime.parse("2026-12-10T09:00:00Z");
        for (int i = 0; i < 3; i++) server.store().create("bob", org.thinrich.calendar.core.CalendarEvent.timed("bob-work", "Bob's " + i, at, at.plusHours(1)));
        assertThat(DavClient.first(dav.report(WORK, DavClient.syncCollection("")).body(), "sync-token")).isEqualTo(before);
        String mine = WORK + "caldav-sync-3.ics";
        String etag = dav.put(mine, DavClient.event("caldav-sync-3", "Mine", "20261210T090000Z", "20261210T100000Z"), Map.of()).header("ETag");
        long seq = Long.parseLong(before.substring(before.lastIndexOf(':') + 1));
        assertThat(etag).as("alice's next change, whatever bob did").isEqualTo("\"" + (seq + 1) + "\"");
    }

    @Test
    void multigetAndQueryAnswerWhatWasAskedFor() {
        DavClient dav = alice();
        dav.put(WORK + "caldav-q-1.ics", DavClient.event("caldav-q-1", "Budget review", "20270105T090000Z", "20270105T100000Z"), Map.of());
        var multiget = dav.report(WORK, "<c:calendar-multiget xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">"
                + "<d:prop><d:getetag/><c:calendar-data/></d:prop><d:href>" + WORK + "caldav-q-1.ics</d:href>"
                + "<d:href>" + WORK + "no-such.ics</d:href></c:calendar-multiget>");
        assertThat(multiget.body()).contains("SUMMARY:Budget review").containsPattern("no-such.ics</d:href><d:status>HTTP/1.1 404");
        String query = "<c:calendar-query xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\"><d:prop><d:getetag/></d:prop>"
                + "<c:filter><c:comp-filter name=\"VCALENDAR\"><c:comp-filter name=\"VEVENT\">%s</c:comp-filter></c:comp-filter></c:filter></c:calendar-query>";
        var january = dav.report(WORK, String.format(query, "<c:time-range start=\"20270105T000000Z\" end=\"20270106T000000Z\"/>"));
        assertThat(january.body()).contains("caldav-q-1.ics");
        var february = dav.report(WORK, String.format(query, "<c:time-range start=\"20270201T000000Z\" end=\"20270202T000000Z\"/>"));
        assertThat(february.body()).doesNotContain("caldav-q-1.ics");
        var byUid = dav.report(WORK, String.format(query, "<c:prop-filter name=\"UID\"><c:text-match>caldav-q-1</c:text-match></c:prop-filter>"));
        assertThat(byUid.body()).contains("caldav-q-1.ics");
        assertThat(byUid.body().split("<d:response>")).hasSize(2);
        var unsupported = dav.report(WORK, String.format(query, "<c:prop-filter name=\"ATTENDEE\"/>"));
        assertThat(unsupported.status()).isEqualTo(403);
        assertThat(unsupported.body()).contains("supported-filter");
    }

    @Test
    void aCaldavEditReachesTheStoresListenersAtOnce() throws Exception {
        List<CalendarChange> heard = new CopyOnWriteArrayList<>();
        try (AutoCloseable subscription = server.store().subscribe("alice", heard::add)) {
            alice().put(WORK + "caldav-live-1.ics", DavClient.event("caldav-live-1", "Heard", "20261210T090000Z", "20261210T100000Z"), Map.of());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (heard.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
        }
        assertThat(heard).extracting(c -> c.event().id()).contains("caldav-live-1");
    }

    @Test
    void multistatusIsGzippedWhenAskedAndEtagsStayVersions() throws Exception {
        DavClient dav = alice();
        var http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        var zipped = http.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve(WORK))
                .method("PROPFIND", java.net.http.HttpRequest.BodyPublishers.noBody()).header("Depth", "1")
                .header("Accept-Encoding", "gzip").header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString("alice:alice-demo".getBytes(java.nio.charset.StandardCharsets.UTF_8))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zipped.statusCode()).isEqualTo(207);
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        var plain = dav.propfind(WORK, "1", null);
        assertThat(plain.header("Content-Encoding")).isNull();
        String unzipped = new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body())).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(unzipped).startsWith("<?xml").contains("<d:getetag>");
        assertThat(zipped.body().length).as("smaller").isLessThan(unzipped.length() / 3);
        String href = WORK + "caldav-gzip-1.ics";
        String etag = dav.put(href, DavClient.event("caldav-gzip-1", "Zipped", "20261211T090000Z", "20261211T100000Z"), Map.of())
                .header("ETag");
        var get = dav.send("GET", href, null, Map.of("Accept-Encoding", "gzip"));
        assertThat(get.header("ETag")).as("a GET is not gzipped, so its ETag is the PUT's").isEqualTo(etag);
    }

    @Test
    void othersCalendarsDoNotExistAndBadInputGetsAReason() {
        DavClient dav = alice();
        assertThat(dav.propfind("/dav/calendars/bob/", "1", null).status()).isEqualTo(404);
        assertThat(dav.send("GET", "/dav/calendars/bob/bob-work/x.ics", null, Map.of()).status()).isEqualTo(404);
        assertThat(dav.report(WORK, "<not xml").status()).isEqualTo(400);
        String entity = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:displayname>&x;</d:displayname></d:prop></d:propfind>";
        var xxe = dav.propfind(WORK, "0", entity);
        assertThat(xxe.status()).isEqualTo(400);
        assertThat(xxe.body()).doesNotContain("root:");
        var notIcs = dav.put(WORK + "broken.ics", "BEGIN:VCALENDAR\r\nnonsense\r\n", Map.of());
        assertThat(notIcs.status()).isEqualTo(403);
        assertThat(notIcs.body()).contains("valid-calendar-data");
        var year0 = dav.put(WORK + "year0.ics", DavClient.event("year0", "Too early", "00000101T090000Z", "00000101T100000Z"), Map.of());
        assertThat(year0.status()).isIn(403);
        assertThat(dav.send("DELETE", WORK, null, Map.of()).status()).isEqualTo(403);
        assertThat(server.store().event("alice", "year0")).isEmpty();
        // One id in two calendars would be one event in two places.
        dav.put(WORK + "caldav-twice.ics", DavClient.event("caldav-twice", "Once", "20261210T090000Z", "20261210T100000Z"), Map.of());
        var twice = dav.put("/dav/calendars/alice/alice-personal/caldav-twice.ics",
                DavClient.event("caldav-twice", "Twice", "20261210T090000Z", "20261210T100000Z"), Map.of());
        assertThat(twice.status()).isEqualTo(403);
        assertThat(twice.body()).contains("no-uid-conflict");
    }

    @Test
    void passwordsAreCheckedThrottledAndNotAcceptedInTheClearFromAnotherMachine() {
        var anonymous = new DavClient(server.uri(), null, null).propfind("/dav/", "0", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic realm=");
        // Through this machine's proxy (X-Forwarded-For), the client is on another machine: no password in the clear.
        var remote = alice().send("PROPFIND", "/dav/", null, Map.of("Depth", "0", "X-Forwarded-For", "198.51.100.4"));
        assertThat(remote.status()).isEqualTo(403);
        assertThat(remote.body()).contains("https");
        var behindTls = alice().send("PROPFIND", "/dav/", null,
                Map.of("Depth", "0", "X-Forwarded-For", "198.51.100.4", "X-Forwarded-Proto", "https"));
        assertThat(behindTls.status()).isEqualTo(207);
        DavClient guesser = new DavClient(server.uri(), "bob", "wrong-guess");
        int last = 0;
        for (int i = 0; i < 12; i++) {
            last = guesser.send("PROPFIND", "/dav/", null, Map.of("Depth", "0", "X-Forwarded-For", "198.51.100.9",
                    "X-Forwarded-Proto", "https")).status();
        }
        assertThat(last).isEqualTo(429);
    }
}
