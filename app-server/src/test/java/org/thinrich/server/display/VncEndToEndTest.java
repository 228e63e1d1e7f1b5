package org.thinrich.server.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.calendar.ui.CalendarControls;
import org.thinrich.calendar.ui.FxThread;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.rfb.Rfb;
import org.thinrich.rfb.RfbClient;
import org.thinrich.rfb.RfbException;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;

/**
 * VNC on the thin sessions end to end: a real server's loopback VNC port, the project's headless
 * viewer logging in with a calendar account, its framebuffer compared with the session's own
 * render before and after a click, for each encoding a viewer may choose; and the WebSocket
 * endpoint noVNC uses.
 */
class VncEndToEndTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 26, 9, 0, 0, 0, ZONE);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path directory;
    static AppServer server;

    @BeforeAll
    static void start() {
        server = AppServer.start(ServerConfig.defaults(directory).withPort(0).withDemo(true).withPasswordIterations(1_000)
                .withZone(ZONE).withClock(Clock.fixed(NOW.toInstant(), ZONE)).withDisplayGrace(Duration.ofSeconds(5)).withVncPort(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The session the last {@link #connect} opened. */
    private static DisplaySession opened;

    private static RfbClient connect(int encoding) throws Exception {
        List<DisplaySession> before = server.displays().of("alice");
        RfbClient viewer = RfbClient.connect("127.0.0.1", server.vncPort(), "alice", "alice-demo", List.of(encoding, Rfb.COPY_RECT));
        assertThat(viewer.awaitUpdates(0, WAIT)).as("the first update").isTrue();
        assertThat(viewer.desktopName()).isEqualTo("alice's calendar");
        List<DisplaySession> now = new java.util.ArrayList<>(server.displays().of("alice"));
        now.removeAll(before);
        assertThat(now).as("a session of its own for each viewer").hasSize(1);
        opened = now.get(0);
        return viewer;
    }

    /** Waits until the viewer's pixels equal the session's own render (updates may come in several parts). */
    private static boolean showsWhatTheSessionShows(RfbClient viewer, DisplaySession session) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            Framebuffer rendered = new Framebuffer(session.width(), session.height(), FxThread.call(session::renderNow));
            if (viewer.framebuffer().samePixels(rendered)) return true;
            viewer.awaitUpdates(viewer.updates(), Duration.ofMillis(300));
        }
        return false;
    }

    @Test
    void eachEncodingShowsTheSessionAndANextWeekClick() throws Exception {
        for (int encoding : new int[] {Rfb.TIGHT, Rfb.ZRLE, Rfb.RAW}) {
            try (RfbClient viewer = connect(encoding)) {
                DisplaySession session = opened;
                assertThat(showsWhatTheSessionShows(viewer, session)).as("first frame, %s", Rfb.encodingName(encoding)).isTrue();
                Framebuffer before = viewer.framebuffer();
                LocalDate shown = FxThread.call(() -> session.app().view().getDate());
                Point2D next = FxThread.call(() -> {
                    Node button = session.app().root().lookupAll("*").stream()
                            .filter(n -> n instanceof ButtonBase b && ">".equals(b.getText()) && CalendarControls.isShown(b)).findFirst().orElseThrow();
                    return CalendarControls.centre(button);
                });
                long updates = viewer.updates();
                viewer.click((int) next.getX(), (int) next.getY());
                assertThat(viewer.awaitUpdates(updates, WAIT)).isTrue();
                assertThat(showsWhatTheSessionShows(viewer, session)).as("after next week, %s", Rfb.encodingName(encoding)).isTrue();
                assertThat(FxThread.call(() -> session.app().view().getDate())).isEqualTo(shown.with(DayOfWeek.MONDAY).plusWeeks(1));
                assertThat(viewer.framebuffer().samePixels(before)).isFalse();
                assertThat(viewer.failure()).isNull();
            }
        }
    }

    @Test
    void aViewerAsksForAnotherSizeAndTheSessionFollows() throws Exception {
        List<DisplaySession> before = server.displays().of("alice");
        try (RfbClient viewer = RfbClient.connect("127.0.0.1", server.vncPort(), "alice", "alice-demo",
                List.of(Rfb.TIGHT, Rfb.EXTENDED_DESKTOP_SIZE, Rfb.FENCE_PSEUDO, Rfb.CONTINUOUS_UPDATES_PSEUDO))) {
            assertThat(viewer.awaitUpdates(0, WAIT)).isTrue();
            List<DisplaySession> now = new java.util.ArrayList<>(server.displays().of("alice"));
            now.removeAll(before);
            DisplaySession session = now.get(0);
            viewer.setDesktopSize(1024, 700);
            long end = System.nanoTime() + WAIT.toNanos();
            while (viewer.lastSizeAnswer() < 0 && System.nanoTime() < end) viewer.awaitUpdates(viewer.updates(), Duration.ofMillis(200));
            assertThat(viewer.lastSizeAnswer()).as("the size was granted").isZero();
            assertThat(session.width()).isEqualTo(1024);
            assertThat(session.height()).isEqualTo(700);
            assertThat(showsWhatTheSessionShows(viewer, session)).as("the whole picture at the new size").isTrue();
            viewer.setDesktopSize(4000, 700);
            end = System.nanoTime() + WAIT.toNanos();
            while (viewer.lastSizeAnswer() == 0 && System.nanoTime() < end) viewer.awaitUpdates(viewer.updates(), Duration.ofMillis(200));
            assertThat(viewer.lastSizeAnswer()).as("a size the session does not take is refused").isEqualTo(Rfb.SIZE_INVALID_LAYOUT);
            assertThat(session.width()).isEqualTo(1024);
            assertThat(viewer.failure()).isNull();
        }
    }

    @Test
    void typedTextReachesTheSessionsEditor() throws Exception {
        try (RfbClient viewer = connect(Rfb.TIGHT)) {
            DisplaySession session = opened;
            assertThat(showsWhatTheSessionShows(viewer, session)).isTrue();
            Point2D search = FxThread.call(() -> CalendarControls.centre(session.app().root().lookupAll(".text-field").stream()
                    .filter(CalendarControls::isShown).findFirst().orElseThrow()));
            viewer.click((int) search.getX(), (int) search.getY());
            viewer.type("Stand");
            long end = System.nanoTime() + WAIT.toNanos();
            String text = "";
            while (System.nanoTime() < end && !text.equals("Stand")) {
                Thread.sleep(50);
                text = FxThread.call(() -> session.app().root().lookupAll(".text-field").stream().filter(CalendarControls::isShown)
                        .map(n -> ((javafx.scene.control.TextField) n).getText()).findFirst().orElse(""));
            }
            assertThat(text).isEqualTo("Stand");
        }
    }

    @Test
    void anEventOpenedRetitledAndSavedWithEnterIsStored() throws Exception {
        try (RfbClient viewer = connect(Rfb.ZRLE)) {
            assertThat(showsWhatTheSessionShows(viewer, opened)).isTrue();
            org.thinrich.calendar.ui.ScreenMap.Event event = FxThread.call(() -> org.thinrich.calendar.ui.ScreenMap.of(opened.app())).events()
                    .stream().filter(e -> !e.recurring()).findFirst().orElseThrow();
            viewer.click((int) event.x(), (int) event.y());
            viewer.click((int) event.x(), (int) event.y());
            long updates = viewer.updates();
            assertThat(viewer.awaitUpdates(updates, WAIT)).as("the editor opened").isTrue();
            Thread.sleep(300);
            viewer.key(true, 0xffe3); // Control-A selects the title, as a person would before retyping it
            viewer.key(true, 'a');
            viewer.key(false, 'a');
            viewer.key(false, 0xffe3);
            viewer.type("Coffee with Ana");
            viewer.key(true, 0xff0d);
            viewer.key(false, 0xff0d);
            long end = System.nanoTime() + WAIT.toNanos();
            String title = "";
            while (System.nanoTime() < end && !title.equals("Coffee with Ana")) {
                Thread.sleep(50);
                title = server.store().event("alice", event.id()).map(e -> e.title()).orElse("");
            }
            assertThat(title).isEqualTo("Coffee with Ana");
            assertThat(viewer.failure()).isNull();
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithTheReason() {
        assertThatThrownBy(() -> RfbClient.connect("127.0.0.1", server.vncPort(), "alice", "not-hers", List.of(Rfb.TIGHT)))
                .isInstanceOf(RfbException.class).hasMessage("Wrong user name or password.");
    }

    @Test
    void noVncsWebSocketSpeaksRfbInBinaryFrames() throws Exception {
        LinkedBlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
        URI uri = URI.create(server.uri().toString().replace("http", "ws") + "/vnc/websockify");
        WebSocketClient socket = new WebSocketClient(uri, new org.java_websocket.drafts.Draft_6455(List.of(),
                List.of(new org.java_websocket.protocols.Protocol("binary")))) {
            @Override
            public void onOpen(ServerHandshake handshake) {
            }

            @Override
            public void onMessage(String message) {
            }

            @Override
            public void onMessage(ByteBuffer bytes) {
                byte[] b = new byte[bytes.remaining()];
                bytes.get(b);
                frames.add(b);
            }

            @Override
            public void onClose(int code, String reason, boolean remote) {
            }

            @Override
            public void onError(Exception ex) {
            }
        };
        try {
            assertThat(socket.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
            assertThat(socket.getProtocol().getProvidedProtocol()).isEqualTo("binary");
            assertThat(new String(frames.poll(10, TimeUnit.SECONDS), StandardCharsets.US_ASCII)).isEqualTo(Rfb.VERSION_3_8);
            // The version split over two frames, as a stream may be.
            socket.send("RFB 003".getBytes(StandardCharsets.US_ASCII));
            socket.send(".008\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(frames.poll(10, TimeUnit.SECONDS)).containsExactly(1, Rfb.SECURITY_VENCRYPT);
        } finally {
            socket.closeBlocking();
        }
    }
}
