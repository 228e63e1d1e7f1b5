package org.thinrich.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.display.protocol.ClientCodec;
import org.thinrich.display.protocol.CloseCode;
import org.thinrich.display.protocol.Limits;
import org.thinrich.display.protocol.Messages.ClientHello;
import org.thinrich.sync.protocol.SyncCloseCode;

/**
 * What a careless or hostile client does to the WebSocket endpoints: sockets that never log in are
 * closed within seconds, messages above the protocol's limit get the protocol's close code, a hello
 * that cannot be answered is refused; and the server goes on serving everyone else.
 */
class HostileClientTest {
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

    /** A raw WebSocket: what it heard when it was closed, and when. */
    static final class RawSocket extends WebSocketClient {
        final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
        volatile long closedAt;

        RawSocket(URI uri) {
            super(uri);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
        }

        @Override
        public void onMessage(String message) {
        }

        @Override
        public void onMessage(ByteBuffer bytes) {
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            closedAt = System.nanoTime();
            closedWith.complete(code);
        }

        @Override
        public void onError(Exception ex) {
        }
    }

    private static RawSocket open(String path) throws Exception {
        RawSocket socket = new RawSocket(URI.create(server.uri().toString().replaceFirst("^http", "ws") + path));
        assertThat(socket.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
        return socket;
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
}
