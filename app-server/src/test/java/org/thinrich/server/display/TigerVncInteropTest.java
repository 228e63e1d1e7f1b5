package org.thinrich.server.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.geometry.Point2D;
import javafx.scene.control.ButtonBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.calendar.ui.CalendarControls;
import org.thinrich.calendar.ui.FxThread;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;

/**
 * TigerVNC's own viewer (Debian's tigervnc-viewer, in an Xvfb display) logs in to a real server's
 * VNC port with VeNCrypt Plain and a calendar account, shows the session, and a click in its
 * window (xdotool) moves the session to the next week and brings an update. Skipped where the
 * programs are missing, except in CI, where .ci/run installs them and sets
 * THINRICH_REQUIRE_VNC_VIEWER=1.
 */
class TigerVncInteropTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path directory;
    private final List<Process> started = new ArrayList<>();
    private AppServer server;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : started) p.destroy();
        for (Process p : started) if (!p.waitFor(3, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
        if (server != null) server.close();
    }

    private static boolean installed(String program) {
        return Files.isExecutable(Path.of("/usr/bin", program));
    }

    @Test
    void tigerVncsViewerLogsInShowsTheSessionAndItsClicksArrive() throws Exception {
        boolean present = installed("xtigervncviewer") && installed("Xvfb") && installed("xdotool");
        if ("1".equals(System.getenv("THINRICH_REQUIRE_VNC_VIEWER"))) {
            assertThat(present).as("xtigervncviewer, Xvfb and xdotool are needed here (THINRICH_REQUIRE_VNC_VIEWER=1)").isTrue();
        }
        Assumptions.assumeTrue(present, "tigervnc-viewer, xvfb or xdotool is not installed");
        server = AppServer.start(ServerConfig.defaults(directory.resolve("data")).withPort(0).withDemo(true).withPasswordIterations(1_000)
                .withZone(ZONE).withClock(Clock.fixed(ZonedDateTime.of(2026, 11, 26, 9, 0, 0, 0, ZONE).toInstant(), ZONE))
                .withDisplayGrace(Duration.ofSeconds(5)).withVncPort(0));

        // Xvfb picks a free display and prints its number when it is ready.
        Process xvfb = start(List.of("/usr/bin/Xvfb", "-displayfd", "1", "-screen", "0", "1400x900x24", "-nolisten", "tcp"), null);
        String display = ":" + new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.US_ASCII)).readLine().trim();
        Process viewer = start(List.of("/usr/bin/xtigervncviewer", "-SecurityTypes", "Plain", "-NoJPEG", "-PreferredEncoding", "Tight",
                "127.0.0.1::" + server.vncPort()), display);

        assertThat(waitFor(() -> !server.displays().of("alice").isEmpty())).as("alice's session opened for the viewer").isTrue();
        DisplaySession session = server.displays().of("alice").get(0);
        assertThat(waitFor(() -> server.metrics().get("vnc_bytes_sent") > 20_000)).as("the first full frame sent").isTrue();
        String window = waitForOutput(List.of("/usr/bin/xdotool", "search", "--name", "alice's calendar"), display);
        assertThat(window).as("the viewer's window, titled with the desktop's name").isNotBlank();
        String geometry = run(List.of("/usr/bin/xdotool", "getwindowgeometry", "--shell", window.lines().findFirst().orElseThrow()), display);
        int x = Integer.parseInt(geometry.lines().filter(l -> l.startsWith("X=")).findFirst().orElseThrow().substring(2));
        int y = Integer.parseInt(geometry.lines().filter(l -> l.startsWith("Y=")).findFirst().orElseThrow().substring(2));

        LocalDate shown = FxThread.call(() -> session.app().view().getDate());
        Point2D next = FxThread.call(() -> CalendarControls.centre(session.app().root().lookupAll("*").stream()
                .filter(n -> n instanceof ButtonBase b && ">".equals(b.getText()) && CalendarControls.isShown(b)).findFirst().orElseThrow()));
        long before = server.metrics().get("vnc_bytes_sent");
        run(List.of("/usr/bin/xdotool", "mousemove", Integer.toString(x + (int) next.getX()), Integer.toString(y + (int) next.getY()),
                "click", "1"), display);
        LocalDate expected = shown.with(DayOfWeek.MONDAY).plusWeeks(1);
        assertThat(waitFor(() -> expected.equals(FxThread.call(() -> session.app().view().getDate()))))
                .as("the click in TigerVNC's window moved the session to the next week").isTrue();
        assertThat(waitFor(() -> server.metrics().get("vnc_bytes_sent") > before + 5_000)).as("an update of the new week sent").isTrue();
        assertThat(viewer.isAlive()).as("the viewer still runs").isTrue();
        assertThat(server.metrics().get("vnc_updates_pushed")).as("TigerVNC took the continuous updates offered").isPositive();
    }

    private Process start(List<String> command, String display) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        if (display != null) {
            builder.environment().put("DISPLAY", display);
            builder.environment().put("VNC_USERNAME", "alice");
            builder.environment().put("VNC_PASSWORD", "alice-demo");
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private static String run(List<String> command, String display) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DISPLAY", display);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        return out;
    }

    private static String waitForOutput(List<String> command, String display) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        String out = "";
        while (System.nanoTime() < end && (out = run(command, display).strip()).isEmpty()) Thread.sleep(200);
        return out;
    }

    private static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }
}
