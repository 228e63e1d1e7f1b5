package org.thinrich.server.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.calendar.core.UserCalendar;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;
import org.thinrich.server.http.Json;

/**
 * Real CalDAV clients from Debian against a real server: vdirsyncer (a two-way sync program) and
 * python3-caldav (a library calendar scripts use). Skipped where they are not installed, except in
 * CI, where .ci/run installs them and sets THINRICH_REQUIRE_CALDAV_CLIENTS=1.
 */
class CalDavInteropTest {
    private static final Path VDIRSYNCER = Path.of("/usr/bin/vdirsyncer");
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    static Path directory;
    static AppServer server;

    @BeforeAll
    static void start() {
        server = AppServer.start(ServerConfig.defaults(directory.resolve("data")).withPort(0).withDemo(true).withPasswordIterations(1_000));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void require(boolean present, String what) {
        if ("1".equals(System.getenv("THINRICH_REQUIRE_CALDAV_CLIENTS"))) {
            assertThat(present).as(what + " is needed here (THINRICH_REQUIRE_CALDAV_CLIENTS=1)").isTrue();
        }
        Assumptions.assumeTrue(present, what + " is not installed");
    }

    @Test
    void python3CaldavFindsReadsWritesConflictsAndDeletes() throws Exception {
        require(Files.isExecutable(PYTHON) && run(List.of(PYTHON.toString(), "-c", "import caldav"), directory).exit() == 0,
                "python3-caldav");
        server.store().create("alice", new CalendarEvent("server-made", "alice-work", "Made on the server", "", "",
                ZonedDateTime.parse("2026-12-15T09:00:00Z"), ZonedDateTime.parse("2026-12-15T10:00:00Z"), false, null, 0,
                java.time.Instant.EPOCH, false));
        Path script = directory.resolve("caldav_checks.py");
        try (var in = getClass().getResourceAsStream("/caldav/caldav_checks.py")) {
            Files.copy(in, script);
        }
        Result result = run(List.of(PYTHON.toString(), script.toString(), server.uri().toString(), "alice", "alice-demo", "Work"), directory);
        assertThat(result.exit()).as(result.output()).isZero();
        JsonNode out = Json.MAPPER.readTree(result.lastLine());
        assertThat(out.get("calendars")).extracting(JsonNode::asText).containsExactly("Family", "Personal", "Work");
        assertThat(out.get("events").asInt()).isEqualTo(server.store().eventsInCalendar("alice", "alice-work").size() + 0);
        assertThat(out.get("server_made").asBoolean()).as("a change made on the server reaches the client").isTrue();
        assertThat(out.get("first_writer").asInt()).isEqualTo(204);
        assertThat(out.get("second_writer").asInt()).as("a write over a version not read").isEqualTo(412);
        assertThat(out.get("second_writer_after_reading_again").asInt()).isEqualTo(204);
        assertThat(out.get("found_by_uid").asBoolean()).isTrue();
        assertThat(out.get("in_its_day").asBoolean()).isTrue();
        assertThat(out.get("deleted").asBoolean()).isTrue();
        assertThat(out.get("wrong_password").asText()).isEqualTo("refused");
        assertThat(server.store().eventIncludingDeleted("alice", "client-made").orElseThrow().deleted())
                .as("the client's event was stored, then deleted").isTrue();
    }

    @Test
    void vdirsyncerSyncsAThousandEventsBothWaysAndThenOnlyLists() throws Exception {
        require(Files.isExecutable(VDIRSYNCER), "vdirsyncer");
        server.accounts().create("carol", "carol-secret".toCharArray());
        server.store().addCalendar(new UserCalendar("carol-main", "carol", "Main", CalendarColour.GREEN));
        ZonedDateTime monday = ZonedDateTime.parse("2026-12-07T09:00:00+01:00[Europe/Berlin]");
        for (int i = 0; i < 500; i++) {
            ZonedDateTime start = monday.plusDays(i % 60).plusMinutes(15L * (i % 30));
            server.store().create("carol", new CalendarEvent("server-" + i, "carol-main", "Server event " + i, "Room " + (i % 7),
                    "Notes of event " + i, start, start.plusMinutes(45), false, null, 0, java.time.Instant.EPOCH, false));
        }
        Path local = directory.resolve("vdir");
        Files.createDirectories(local);
        for (int i = 0; i < 500; i++) {
            String day = String.format("202701%02dT%02d0000Z", 1 + i % 28, 8 + i % 10);
            String end = String.format("202701%02dT%02d3000Z", 1 + i % 28, 8 + i % 10);
            Files.writeString(local.resolve("local-" + i + ".ics"), DavClient.event("local-" + i, "Local event " + i, day, end));
        }
        Path config = directory.resolve("vdirsyncer.conf");
        Files.writeString(config, String.join("\n",
                "[general]", "status_path = \"" + directory.resolve("status") + "/\"", "",
                "[pair carol]", "a = \"carol_local\"", "b = \"carol_remote\"", "collections = null", "conflict_resolution = \"b wins\"", "",
                "[storage carol_local]", "type = \"filesystem\"", "path = \"" + local + "/\"", "fileext = \".ics\"", "",
                "[storage carol_remote]", "type = \"caldav\"", "url = \"" + server.uri() + "/dav/calendars/carol/carol-main/\"",
                "username = \"carol\"", "password = \"carol-secret\"", ""));
        assertThat(vdirsyncer(config, "discover").exit()).isZero();

        Result first = vdirsyncer(config, "sync");
        assertThat(first.exit()).as(first.output()).isZero();
        List<CalendarEvent> stored = server.store().eventsInCalendar("carol", "carol-main");
        assertThat(stored).hasSize(1_000);
        assertThat(stored.stream().map(CalendarEvent::id).distinct()).hasSize(1_000);
        try (Stream<Path> files = Files.list(local)) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".ics")).toList();
            assertThat(all).hasSize(1_000);
            Set<String> uids = new HashSet<>();
            for (Path p : all) uids.add(Files.readAllLines(p).stream().filter(l -> l.startsWith("UID:")).findFirst().orElseThrow());
            assertThat(uids).as("no event twice").hasSize(1_000);
        }
        assertThat(server.store().event("carol", "local-7").orElseThrow().title()).isEqualTo("Local event 7");

        Result second = vdirsyncer(config, "sync");
        assertThat(second.exit()).isZero();
        assertThat(requests(second)).as("a second run only lists what the server has").allMatch(r -> r.startsWith("PROPFIND"))
                .isNotEmpty();

        // A change each way.
        server.store().update("carol", "server-3", EventPatch.title("Renamed on the server"));
        Path mine = local.resolve("local-9.ics");
        Files.writeString(mine, Files.readString(mine).replace("SUMMARY:Local event 9", "SUMMARY:Renamed locally"));
        Result third = vdirsyncer(config, "sync");
        assertThat(third.exit()).as(third.output()).isZero();
        assertThat(server.store().event("carol", "local-9").orElseThrow().title()).isEqualTo("Renamed locally");
        try (Stream<Path> files = Files.list(local)) {
            assertThat(files.filter(p -> hasUid(p, "server-3")).findFirst().map(CalDavInteropTest::readQuietly).orElseThrow())
                    .contains("SUMMARY:Renamed on the server");
        }
        // A delete on the server removes the local copy.
        server.store().delete("carol", "server-4");
        assertThat(vdirsyncer(config, "sync").exit()).isZero();
        try (Stream<Path> files = Files.list(local)) {
            assertThat(files.filter(p -> hasUid(p, "server-4"))).isEmpty();
        }
    }

    private static boolean hasUid(Path file, String uid) {
        return java.util.regex.Pattern.compile("(?m)^UID:" + java.util.regex.Pattern.quote(uid) + "\r?$").matcher(readQuietly(file)).find();
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    /** The HTTP requests a verbose vdirsyncer run made ("PROPFIND url"), from its debug lines. */
    private static List<String> requests(Result run) {
        List<String> requests = new ArrayList<>();
        for (String line : run.output().split("\n")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^debug: (GET|PUT|DELETE|PROPFIND|REPORT|POST) (\\S+)").matcher(line);
            if (m.find()) requests.add(m.group(1) + " " + m.group(2));
        }
        return requests;
    }

    private Result vdirsyncer(Path config, String command) throws Exception {
        return run(List.of(VDIRSYNCER.toString(), "-c", config.toString(), "-v", "debug", command), directory);
    }

    record Result(int exit, String output) {
        String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    /** Runs a program for at most two minutes with "y" answers on its input; stopped with the test if it runs longer. */
    static Result run(List<String> command, Path workingDirectory) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
        builder.environment().put("HOME", workingDirectory.toString());
        builder.environment().put("LC_ALL", "C.UTF-8");
        Process process = builder.start();
        try {
            process.getOutputStream().write("y\ny\ny\n".getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            var output = new java.io.ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try {
                    process.getInputStream().transferTo(output);
                } catch (IOException ignored) {
                    // the process went away
                }
            });
            reader.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) throw new IllegalStateException(command.get(0) + " ran over two minutes");
            reader.join(5_000);
            return new Result(process.exitValue(), output.toString(StandardCharsets.UTF_8));
        } finally {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }
}
