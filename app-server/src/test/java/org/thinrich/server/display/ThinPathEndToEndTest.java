package org.thinrich.server.display;

import static org.assertj.core.api.Assertions.assertThat;

import com.calendarfx.view.DayEntryView;
import java.awt.event.KeyEvent;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.ui.CalendarControls;
import org.thinrich.calendar.ui.FxThread;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;
import org.thinrich.thin.engine.ConnectionState;
import org.thinrich.thin.engine.ThinEngine;
import org.thinrich.thin.engine.ThinListener;

/**
 * The thin path end to end: a real server with demo data, the headless thin engine over a real
 * WebSocket, input at the on-screen positions of the controls, pixels compared with the server's
 * own render of the session.
 */
public class ThinPathEndToEndTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 26, 9, 0, 0, 0, ZONE);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path directory;
    static AppServer server;

    @BeforeAll
    static void start() {
        server = AppServer.start(ServerConfig.defaults(directory).withPort(0).withDemo(true).withPasswordIterations(1_000)
                .withZone(ZONE).withClock(Clock.fixed(NOW.toInstant(), ZONE)).withDisplayGrace(Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The last pointer shape each engine was told, by engine. */
    private static final java.util.Map<Object, Integer> cursors = new java.util.concurrent.ConcurrentHashMap<>();

    private static ThinEngine connect(String user) throws Exception {
        Object key = new Object();
        ThinEngine engine = new ThinEngine(server.uri(), new ThinListener() {
            @Override
            public void cursorChanged(int shape) {
                cursors.put(key, shape);
            }
        });
        cursorKeys.put(engine, key);
        engine.connect(user, user + "-demo", 1280, 800);
        assertThat(engine.awaitQuiet(Duration.ofMillis(400), WAIT)).isTrue();
        return engine;
    }

    private static final java.util.Map<ThinEngine, Object> cursorKeys = new java.util.concurrent.ConcurrentHashMap<>();

    private static int cursorOf(ThinEngine engine) {
        return cursors.getOrDefault(cursorKeys.get(engine), -1);
    }

    private static DisplaySession sessionOf(ThinEngine engine) {
        return server.displays().of(engine.sessionId().isEmpty() ? "?" : userOf(engine)).stream()
                .filter(s -> s.id.equals(engine.sessionId())).findFirst().orElseThrow();
    }

    private static String userOf(ThinEngine engine) {
        return server.displays().sessionsById().get(engine.sessionId()).user;
    }

    /** The scene position of a node's centre: where a person would click it. */
    private static Point2D centreOf(Node node) {
        return FxThread.call(() -> CalendarControls.centre(node));
    }

    private static Node find(DisplaySession session, java.util.function.Predicate<Node> test) {
        return FxThread.call(() -> session.app().root().lookupAll("*").stream().filter(test).findFirst().orElseThrow());
    }

    private static void assertShowsWhatTheServerRendered(ThinEngine engine, DisplaySession session) throws Exception {
        engine.awaitQuiet(Duration.ofMillis(400), WAIT);
        Framebuffer server = new Framebuffer(session.width(), session.height(), FxThread.call(session::renderNow));
        assertThat(engine.snapshot().samePixels(server)).as("client framebuffer equals the server's render").isTrue();
    }

    @Test
    void nextWeekClickedThroughTheThinClientChangesItsPixels() throws Exception {
        try (ThinEngine alice = connect("alice")) {
            DisplaySession session = sessionOf(alice);
            assertThat(WindowPixels.active()).as("frames come from Prism's uploads, not from snapshots").isTrue();
            // With Nagle's algorithm on, a click's press and release waited for the ACK of its move.
            assertThat(alice.sendsAtOnce()).as("inputs wait for no ACK").isTrue();
            assertShowsWhatTheServerRendered(alice, session);
            Framebuffer before = alice.snapshot();
            LocalDate shown = FxThread.call(() -> session.app().view().getDate());

            Point2D next = centreOf(find(session, n -> n instanceof ButtonBase b && ">".equals(b.getText()) && CalendarControls.isShown(b)));
            // The page's white is the scene's fill (CalendarApp.PAGE_WHITE): the session's own root must not cover it.
            assertThat(before.pixels()[(int) next.getY() * before.width() + (int) next.getX() + 100] & 0xFFFFFF)
                    .as("the page beside its navigation buttons").isEqualTo(0xFFFFFF);
            int input = alice.click((int) next.getX(), (int) next.getY());
            assertThat(alice.awaitReflected(input, WAIT)).isTrue();

            assertThat(FxThread.call(() -> session.app().view().getDate()))
                    .isEqualTo(shown.with(java.time.DayOfWeek.MONDAY).plusWeeks(1));
            assertShowsWhatTheServerRendered(alice, session);
            assertThat(alice.snapshot().samePixels(before)).isFalse();
            assertThat(alice.metrics().inputToDisplay().getTotalCount()).isPositive();
            assertThat(tooltipsIn(session)).as("nodes with tooltips in a thin session").isEmpty();
        }
    }

    /** A tooltip would open a window the client never sees, and its closing repaints every session. */
    private static List<String> tooltipsIn(DisplaySession session) {
        return FxThread.call(() -> session.app().root().lookupAll("*").stream()
                .filter(n -> n instanceof javafx.scene.control.Control c && c.getTooltip() != null
                        || n.hasProperties() && n.getProperties().get("javafx.scene.control.Tooltip") != null)
                .map(n -> n.getClass().getSimpleName() + " " + n.getStyleClass()).toList());
    }

    @Test
    void aPageShownLaterBringsNoTooltipsEither() throws Exception {
        try (ThinEngine alice = connect("alice")) {
            DisplaySession session = sessionOf(alice);
            // The day page's toolbar buttons come with tooltips and enter the scene with the page.
            Point2D day = centreOf(find(session, n -> n instanceof ButtonBase b && "Day".equals(b.getText()) && CalendarControls.isShown(b)));
            assertThat(alice.awaitReflected(alice.click((int) day.getX(), (int) day.getY()), WAIT)).isTrue();
            assertThat(FxThread.call(() -> session.app().view().getSelectedPage())).isEqualTo(com.calendarfx.view.CalendarView.Page.DAY);
            assertThat(tooltipsIn(session)).as("nodes with tooltips once the day page is shown").isEmpty();
        }
    }

    @Test
    void framesAreCapturedIntoArraysUsedAgainAndStillArriveExactly() throws Exception {
        try (ThinEngine alice = connect("alice")) {
            DisplaySession session = sessionOf(alice);
            long madeBefore = server.displays().metrics().frameArraysMade.sum();
            long capturedBefore = server.displays().metrics().captureNanos.getTotalCount();
            Point2D next = centreOf(find(session, n -> n instanceof ButtonBase b && ">".equals(b.getText()) && CalendarControls.isShown(b)));
            Point2D previous = centreOf(find(session, n -> n instanceof ButtonBase b && "<".equals(b.getText()) && CalendarControls.isShown(b)));
            for (int i = 0; i < 8; i++) {
                Point2D at = i % 2 == 0 ? next : previous;
                assertThat(alice.awaitReflected(alice.click((int) at.getX(), (int) at.getY()), WAIT)).isTrue();
                assertShowsWhatTheServerRendered(alice, session); // a frame written while the client's was still read would differ
            }
            long captured = server.displays().metrics().captureNanos.getTotalCount() - capturedBefore;
            long made = server.displays().metrics().frameArraysMade.sum() - madeBefore;
            assertThat(captured).as("frames captured").isGreaterThanOrEqualTo(8);
            // The latest, the client's, the one being encoded and one being captured: never more at once.
            assertThat(made).as("frame arrays made for %d captures", captured).isLessThanOrEqualTo(DisplaySession.SPARE_FRAMES + 2);
        }
    }

    @Test
    void photoLikeContentGoesAsJpegToAClientThatAsksAndIsThenRefreshedLosslessly() throws Exception {
        try (ThinEngine engine = new ThinEngine(server.uri(), new ThinListener() { }).offerEncodings(List.of(0, 2, 4, 5))) {
            engine.connect("bob", "bob-demo", 1280, 800);
            assertThat(engine.awaitQuiet(Duration.ofMillis(400), WAIT)).isTrue();
            DisplaySession session = sessionOf(engine);
            // Nothing in the calendar is photo-like, so the test puts a noisy gradient on its screen.
            javafx.scene.image.ImageView photo = FxThread.call(() -> {
                javafx.scene.image.WritableImage image = new javafx.scene.image.WritableImage(320, 200);
                java.util.Random random = new java.util.Random(5);
                for (int y = 0; y < 200; y++) {
                    for (int x = 0; x < 320; x++) {
                        image.getPixelWriter().setArgb(x, y, 0xFF000000 | (x * 255 / 320) << 16 | (y * 255 / 200) << 8 | random.nextInt(256));
                    }
                }
                javafx.scene.image.ImageView view = new javafx.scene.image.ImageView(image);
                view.setManaged(false);
                view.relocate(400, 300);
                ((javafx.scene.layout.Pane) session.app().root()).getChildren().add(view);
                return view;
            });
            try {
                long until = System.nanoTime() + WAIT.toNanos();
                while (!engine.encodings().lines().containsKey("jpeg") && System.nanoTime() < until) Thread.sleep(20);
                assertThat(engine.encodings().lines()).as("encodings the client decoded").containsKey("jpeg");
                // Once the picture is still, the jpeg region comes again losslessly: then client and server agree exactly.
                boolean exact = false;
                while (!exact && System.nanoTime() < until) {
                    Thread.sleep(50);
                    Framebuffer rendered = new Framebuffer(session.width(), session.height(), FxThread.call(session::renderNow));
                    exact = engine.snapshot().samePixels(rendered);
                }
                assertThat(exact).as("client framebuffer equals the server's render after the lossless refresh").isTrue();
            } finally {
                FxThread.call(() -> ((javafx.scene.layout.Pane) session.app().root()).getChildren().remove(photo));
            }
        }
    }

    @Test
    void titleTypedThroughTheThinClientLandsInTheStore() throws Exception {
        try (ThinEngine alice = connect("alice")) {
            DisplaySession session = sessionOf(alice);
            DayEntryView entry = (DayEntryView) find(session, n -> n instanceof DayEntryView v && CalendarControls.isShown(v)
                    && v.getEntry() != null && v.getEntry().getUserObject() instanceof CalendarEvent e && !e.recurring());
            CalendarEvent event = (CalendarEvent) entry.getEntry().getUserObject();
            Point2D at = centreOf(entry);

            alice.doubleClick((int) at.getX(), (int) at.getY());
            int opened = alice.text("Board meeting");
            assertThat(alice.awaitReflected(opened, WAIT)).isTrue();
            assertThat(FxThread.call(() -> session.app().editor().isOpen())).as("the edit dialog opened").isTrue();
            Point2D titleField = centreOf(find(session, n -> "editor-title".equals(n.getId())));
            assertThat(alice.awaitReflected(alice.pointer((int) titleField.getX(), (int) titleField.getY(), 0, 0), WAIT)).isTrue();
            long until = System.nanoTime() + WAIT.toNanos();
            while (cursorOf(alice) != org.thinrich.display.protocol.Messages.CursorShape.TEXT && System.nanoTime() < until) Thread.sleep(20);
            assertThat(cursorOf(alice)).as("a text cursor over the title field").isEqualTo(org.thinrich.display.protocol.Messages.CursorShape.TEXT);
            int saved = alice.typeKey(KeyEvent.VK_ENTER, 0);
            assertThat(alice.awaitReflected(saved, WAIT)).isTrue();

            // Shown at once, stored just after, off the JavaFX thread.
            long stored = System.nanoTime() + WAIT.toNanos();
            while (!server.store().event("alice", event.id()).orElseThrow().title().equals("Board meeting") && System.nanoTime() < stored) Thread.sleep(5);
            assertThat(server.store().event("alice", event.id()).orElseThrow().title()).isEqualTo("Board meeting");
            assertShowsWhatTheServerRendered(alice, session);
        }
    }

    @Test
    void sessionsOfTwoUsersAreIsolated() throws Exception {
        try (ThinEngine alice = connect("alice"); ThinEngine bob = connect("bob")) {
            DisplaySession bobs = sessionOf(bob);
            Framebuffer bobBefore = bob.snapshot();
            long bobFrames = bob.metrics().frames();
            LocalDate bobDate = FxThread.call(() -> bobs.app().view().getDate());
            assertThat(alice.snapshot().samePixels(bobBefore)).as("different agendas, different pictures").isFalse();

            DisplaySession alices = sessionOf(alice);
            Point2D next = centreOf(find(alices, n -> n instanceof ButtonBase b && ">".equals(b.getText()) && CalendarControls.isShown(b)));
            int input = alice.click((int) next.getX(), (int) next.getY());
            assertThat(alice.awaitReflected(input, WAIT)).isTrue();
            alice.awaitQuiet(Duration.ofMillis(400), WAIT);

            assertThat(FxThread.call(() -> bobs.app().view().getDate())).isEqualTo(bobDate);
            assertThat(bob.metrics().frames()).isEqualTo(bobFrames);
            assertThat(bob.snapshot().samePixels(bobBefore)).isTrue();

            // Each session's own latencies: alice's click (move, press, release), none of bob's.
            org.HdrHistogram.Histogram times = new org.HdrHistogram.Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            server.displays().inputToUpdateOf(alices.id, times);
            assertThat(times.getTotalCount()).as("alice's inputs answered").isEqualTo(input);
            server.displays().inputToUpdateOf(bobs.id, times);
            assertThat(times.getTotalCount()).as("bob's").isZero();
        }
    }

    @Test
    void malformedMessageClosesOnlyThatConnection() throws Exception {
        try (ThinEngine alice = connect("alice")) {
            AtomicInteger closeCode = new AtomicInteger();
            AtomicReference<String> closeReason = new AtomicReference<>();
            CountDownLatch closed = new CountDownLatch(1);
            WebSocketClient rogue = new WebSocketClient(URI.create(server.uri().toString().replace("http", "ws") + "/display")) {
                @Override public void onOpen(ServerHandshake h) { }
                @Override public void onMessage(String m) { }
                @Override public void onMessage(ByteBuffer m) { }
                @Override public void onClose(int code, String reason, boolean remote) {
                    closeCode.set(code);
                    closeReason.set(reason);
                    closed.countDown();
                }
                @Override public void onError(Exception e) { }
            };
            assertThat(rogue.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
            rogue.send(new byte[] {0x01, 0x54, 0x52, 0x44, 0x50, 0x00, 0x01, 0x7F}); // a hello cut short
            assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(closeCode.get()).isEqualTo(4000);
            assertThat(closeReason.get()).startsWith("Truncated message");

            DisplaySession session = sessionOf(alice);
            Point2D next = centreOf(find(session, n -> n instanceof ButtonBase b && ">".equals(b.getText()) && CalendarControls.isShown(b)));
            assertThat(alice.awaitReflected(alice.click((int) next.getX(), (int) next.getY()), WAIT)).as("alice carries on").isTrue();
        }
    }

    @Test
    void droppedConnectionResumesTheSameSession() throws Exception {
        try (ThinEngine alice = connect("alice")) {
            DisplaySession session = sessionOf(alice);
            String id = alice.sessionId();
            Point2D next = centreOf(find(session, n -> n instanceof ButtonBase b && ">".equals(b.getText()) && CalendarControls.isShown(b)));
            assertThat(alice.awaitReflected(alice.click((int) next.getX(), (int) next.getY()), WAIT)).isTrue();
            LocalDate shown = FxThread.call(() -> session.app().view().getDate());

            alice.dropConnection();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (alice.state() != ConnectionState.CONNECTED || !session.attached()) {
                assertThat(System.nanoTime()).as("reconnected in time").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(alice.sessionId()).isEqualTo(id);
            assertThat(FxThread.call(() -> session.app().view().getDate())).isEqualTo(shown);
            assertShowsWhatTheServerRendered(alice, session);
        }
    }

    @Test
    void resizeRequestGivesAFramebufferOfTheNewSize() throws Exception {
        try (ThinEngine alice = connect("alice")) {
            DisplaySession session = sessionOf(alice);
            alice.requestResize(1000, 700);
            long until = System.nanoTime() + WAIT.toNanos();
            while (alice.framebuffer().width() != 1000 && System.nanoTime() < until) Thread.sleep(20);
            assertThat(alice.framebuffer().width()).isEqualTo(1000);
            assertThat(alice.framebuffer().height()).isEqualTo(700);
            assertThat(session.width()).isEqualTo(1000);
            assertShowsWhatTheServerRendered(alice, session);
            Point2D next = centreOf(find(session, n -> n instanceof ButtonBase b && ">".equals(b.getText()) && CalendarControls.isShown(b)));
            assertThat(alice.awaitReflected(alice.click((int) next.getX(), (int) next.getY()), WAIT)).isTrue();
            assertShowsWhatTheServerRendered(alice, session);
        }
    }

    @Test
    void idleSessionSendsNothing() throws Exception {
        try (ThinEngine alice = connect("alice")) {
            long frames = alice.metrics().frames();
            Thread.sleep(2_000);
            assertThat(alice.metrics().frames()).as("no updates while nothing changes").isEqualTo(frames);
        }
    }

    @Test
    void aSessionShowsTheZoneItsClientAsksFor() throws Exception {
        // The server runs in Berlin; a user in Tokyo sees the same events eight hours later on the clock.
        try (ThinEngine engine = new ThinEngine(server.uri(), new ThinListener() { }).zone(ZoneId.of("Asia/Tokyo"))) {
            engine.connect("alice", "alice-demo", 1280, 800);
            assertThat(engine.awaitQuiet(Duration.ofMillis(400), WAIT)).isTrue();
            var map = org.thinrich.server.http.Json.MAPPER.readTree(server.displays().screenMap(engine.sessionId(), "alice").orElseThrow());
            assertThat(shownAtTheirHour(map, ZoneId.of("Asia/Tokyo"))).isPositive();
        }
        try (ThinEngine engine = connect("alice")) {
            var map = org.thinrich.server.http.Json.MAPPER.readTree(server.displays().screenMap(engine.sessionId(), "alice").orElseThrow());
            assertThat(shownAtTheirHour(map, ZONE)).as("no zone asked: the server's").isPositive();
        }
    }

    /**
     * Checks that each event of a screen map is drawn in the hour row its start has in {@code zone};
     * returns how many were checked.
     */
    public static int shownAtTheirHour(com.fasterxml.jackson.databind.JsonNode map, ZoneId zone) {
        int checked = 0;
        for (var event : map.get("events")) {
            java.time.ZonedDateTime start = java.time.ZonedDateTime.parse(event.get("start").asText());
            double top = event.get("y").asDouble() - event.get("height").asDouble() / 2;
            com.fasterxml.jackson.databind.JsonNode day = null;
            for (var d : map.get("days")) {
                double dx = Math.abs(d.get("x").asDouble() - event.get("x").asDouble());
                if (day == null || dx < Math.abs(day.get("x").asDouble() - event.get("x").asDouble())) day = d;
            }
            if (day == null) continue;
            int row = -1;
            for (int h = 0; h < day.get("hours").size(); h++) if (day.get("hours").get(h).asDouble() <= top + 1) row = h;
            assertThat(row).as(event.get("title").asText() + " at " + start + " drawn in the row of hour " + row)
                    .isEqualTo(start.withZoneSameInstant(zone).getHour());
            checked++;
        }
        return checked;
    }

    @Test
    void aZoneThatIsNoneClosesWithAReason() throws Exception {
        java.util.concurrent.CompletableFuture<String> closed = new java.util.concurrent.CompletableFuture<>();
        java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(server.uri().toString().replaceFirst("^http", "ws") + "/display?zone=Mars%2FOlympus"),
                        new java.net.http.WebSocket.Listener() {
                            @Override
                            public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket socket, int code, String reason) {
                                closed.complete(code + " " + reason);
                                return null;
                            }
                        }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(closed.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .isEqualTo("4000 Unknown time zone 'Mars/Olympus'; send an IANA zone name such as Europe/Berlin, or none.");
    }
}
