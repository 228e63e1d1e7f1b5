package org.thinrich.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.display.protocol.ClientCodec;
import org.thinrich.display.protocol.CloseCode;
import org.thinrich.display.protocol.Limits;
import org.thinrich.display.protocol.Messages.ClientHello;
import org.thinrich.sync.protocol.SyncCloseCode;
import org.thinrich.testing.RawSocket;

/**
 * The hostile-client suite: ten kinds of abuse against a real server (sockets that never log in,
 * oversized, truncated and garbage messages, text where binary belongs, stolen-looking tokens, a
 * flood of messages, password guessing, poisoned events, oversized bodies). Each gets its answer,
 * and afterwards another user's data is exactly as it was and that user still works. Run twice:
 * with thin sessions in the server's process, and in one shared session host (another JVM, whose
 * relay checks each client's bytes before they reach the host).
 */
@ParameterizedClass(name = "thin sessions {0}")
@ValueSource(strings = {"in-process", "pool:1:8"})
class HostileClientTest {
    /** Where thin sessions run: in the server's process, or in a session host. */
    @org.junit.jupiter.params.Parameter
    String hosting;
    @TempDir
    static Path directory;
    static AppServer server;

    /** Bob, the bystander: his events before the abuse, compared after it. */
    static java.util.List<org.thinrich.calendar.core.CalendarEvent> bobsEvents;

    @BeforeParameterizedClassInvocation
    static void start(String hosting) {
        server = AppServer.start(ServerConfig.defaults(directory.resolve(hosting.replace(':', '-'))).withPort(0).withDemo(true)
                .withPasswordIterations(1_000).withThinSessions(org.thinrich.server.display.dispatch.HostingMode.parse(hosting)));
        bobsEvents = server.store().changesSince("bob", 0, 100_000);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        try {
            assertThat(server.store().changesSince("bob", 0, 100_000)).as("nothing of bob's changed").isEqualTo(bobsEvents);
            ApiClient bob = new ApiClient(server.uri()).login("bob", "bob-demo");
            assertThat(bob.get("/api/calendars").status()).as("bob still works").isEqualTo(200);
        } finally {
            server.close();
        }
    }

    private static RawSocket open(String path) throws Exception {
        return RawSocket.open(server.uri(), path);
    }

    @Test
    void socketsThatNeverLogInAreClosedWithinSeconds() throws Exception {
        long opened = System.nanoTime();
        List<RawSocket> silent = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) silent.add(open(i % 2 == 0 ? "/display" : "/sync"));
        for (RawSocket s : silent) {
            int code = s.closedWith.get(20, TimeUnit.SECONDS);
            assertThat(code).isIn(CloseCode.AUTHENTICATION_FAILED, SyncCloseCode.AUTHENTICATION_FAILED);
            double afterSeconds = (s.closedAt - opened) / 1e9;
            assertThat(afterSeconds).as("closed after %.1f s", afterSeconds).isBetween(4.0, 10.0);
        }
        assertThat(new ApiClient(server.uri()).login("alice", "alice-demo").get("/api/calendars").status()).isEqualTo(200);
    }

    @Test
    void aDisplayMessageAboveTheLimitIsRefusedWithTheProtocolsCode() throws Exception {
        RawSocket socket = open("/display");
        socket.send(new byte[5_000]);
        assertThat(socket.closedWith.get(10, TimeUnit.SECONDS)).isEqualTo(CloseCode.MESSAGE_TOO_LARGE);
    }

    @Test
    void aHelloThatAcceptsNoPictureIsRefused() throws Exception {
        String token = new ApiClient(server.uri()).login("bob", "bob-demo").token();
        RawSocket socket = open("/display");
        socket.send(ClientCodec.encode(new ClientHello(Limits.VERSION, 0, List.of(0), token, "", 800, 600)));
        assertThat(socket.closedWith.get(10, TimeUnit.SECONDS)).isEqualTo(CloseCode.PROTOCOL_ERROR);
    }

    @Test
    void aTruncatedHelloIsAProtocolError() throws Exception {
        String token = new ApiClient(server.uri()).login("alice", "alice-demo").token();
        byte[] hello = ClientCodec.encode(new ClientHello(Limits.VERSION, Limits.DEFAULT_MAX_SERVER_MESSAGE, List.of(0), token, "", 800, 600));
        RawSocket socket = open("/display");
        socket.send(java.util.Arrays.copyOf(hello, hello.length / 2));
        assertThat(socket.closedWith.get(10, TimeUnit.SECONDS)).isEqualTo(CloseCode.PROTOCOL_ERROR);
    }

    /**
     * Garbage from one user's display connection, after a valid hello, closes that connection only:
     * another user's session (in the same session host, when hosted) keeps answering its input.
     */
    @Test
    void garbageAfterAValidHelloClosesOnlyThatDisplayConnection() throws Exception {
        org.thinrich.thin.engine.ThinEngine bob = new org.thinrich.thin.engine.ThinEngine(server.uri(), new org.thinrich.thin.engine.ThinListener() { });
        try {
            bob.connect("bob", "bob-demo", 800, 600);
            assertThat(bob.awaitQuiet(java.time.Duration.ofMillis(300), java.time.Duration.ofSeconds(60))).as("bob's first picture").isTrue();
            String token = new ApiClient(server.uri()).login("alice", "alice-demo").token();
            RawSocket alice = open("/display");
            alice.send(ClientCodec.encode(new ClientHello(Limits.VERSION, Limits.DEFAULT_MAX_SERVER_MESSAGE, List.of(0), token, "", 800, 600)));
            assertThat(alice.next()).as("alice's ServerInit").isNotNull();
            byte[] garbage = new byte[300];
            new java.util.Random(5).nextBytes(garbage);
            garbage[0] = (byte) 0xEE; // no message type
            alice.send(garbage);
            assertThat(alice.closedWith.get(20, TimeUnit.SECONDS)).isEqualTo(CloseCode.PROTOCOL_ERROR);
            int input = bob.pointer(400, 300, 0, 0);
            assertThat(bob.awaitReflected(input, java.time.Duration.ofSeconds(20))).as("bob's input still answered").isTrue();
        } finally {
            bob.close();
        }
    }

    @Test
    void garbageOnTheSyncSocketClosesOnlyThatConnection() throws Exception {
        RawSocket socket = open("/sync");
        byte[] garbage = new byte[300];
        new java.util.Random(3).nextBytes(garbage);
        socket.send(garbage);
        assertThat(socket.closedWith.get(10, TimeUnit.SECONDS)).isEqualTo(SyncCloseCode.PROTOCOL_ERROR);
    }

    @Test
    void textWhereBinaryBelongsIsRefused() throws Exception {
        RawSocket socket = open("/display");
        socket.send("GET /etc/passwd");
        assertThat(socket.closedWith.get(10, TimeUnit.SECONDS)).isEqualTo(CloseCode.PROTOCOL_ERROR);
    }

    @Test
    void aMadeUpTokenIsRefusedAtOnce() throws Exception {
        RawSocket display = open("/display");
        display.send(ClientCodec.encode(new ClientHello(Limits.VERSION, Limits.DEFAULT_MAX_SERVER_MESSAGE, List.of(0), "x".repeat(43), "", 800, 600)));
        assertThat(display.closedWith.get(3, TimeUnit.SECONDS)).isEqualTo(CloseCode.AUTHENTICATION_FAILED);
        RawSocket sync = open("/sync");
        sync.send(org.thinrich.sync.protocol.ClientSyncCodec.encode(new org.thinrich.sync.protocol.Messages.Hello(
                org.thinrich.sync.protocol.SyncLimits.PROTOCOL_VERSION, "x".repeat(43), java.util.UUID.randomUUID(), null)));
        assertThat(sync.closedWith.get(3, TimeUnit.SECONDS)).isEqualTo(SyncCloseCode.AUTHENTICATION_FAILED);
    }

    @Test
    void aFloodOfMessagesDoesNotStopOtherUsers() throws Exception {
        String token = new ApiClient(server.uri()).login("alice", "alice-demo").token();
        RawSocket sync = open("/sync");
        sync.send(org.thinrich.sync.protocol.ClientSyncCodec.encode(new org.thinrich.sync.protocol.Messages.Hello(
                org.thinrich.sync.protocol.SyncLimits.PROTOCOL_VERSION, token, java.util.UUID.randomUUID(), null)));
        byte[] ping = org.thinrich.sync.protocol.ClientSyncCodec.encode(new org.thinrich.sync.protocol.Messages.Ping(7));
        long started = System.nanoTime();
        for (int i = 0; i < 5_000 && sync.isOpen(); i++) sync.send(ping);
        ApiClient bob = new ApiClient(server.uri()).login("bob", "bob-demo");
        assertThat(bob.get("/api/calendars").status()).as("bob during alice's flood").isEqualTo(200);
        assertThat((System.nanoTime() - started) / 1e9).as("seconds for the flood and bob's request").isLessThan(30);
        sync.close();
    }

    @Test
    void guessingAndPoisonAndOversizedBodiesGetTheirAnswers() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        int throttled = 0;
        for (int i = 0; i < 12; i++) { // from a guesser's address (as a proxy on this machine would say), not this test's own
            var reply = http.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/api/login")).header("X-Forwarded-For", "203.0.113.66")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"user\":\"alice\",\"password\":\"guess-" + i + "\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() == 429) throttled++;
            else assertThat(reply.statusCode()).isEqualTo(401);
        }
        assertThat(throttled).as("guesses past ten a minute").isEqualTo(2);
        ApiClient alice = new ApiClient(server.uri()).login("alice", "alice-demo");
        assertThat(alice.send("POST", "/api/calendars/alice-work/events",
                "{\"title\":\"Ancient\",\"start\":\"0000-06-01T10:00:00Z\",\"end\":\"0000-06-01T11:00:00Z\"}").status()).isEqualTo(400);
        assertThat(alice.send("POST", "/api/calendars/alice-work/events", "{\"title\":\"" + "x".repeat(70_000) + "\"}").status()).isEqualTo(413);
        assertThat(alice.send("POST", "/api/calendars/bob-work/events",
                "{\"title\":\"In bob's\",\"start\":\"2026-12-01T10:00:00Z\",\"end\":\"2026-12-01T11:00:00Z\"}").status())
                .as("into another user's calendar").isEqualTo(404);
        assertThat(new ApiClient(server.uri()).get("/api/calendars").status()).as("no token").isEqualTo(401);
    }
}
