package org.thinrich.server.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.server.ApiClient;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;
import org.thinrich.sync.protocol.ClientSyncCodec;
import org.thinrich.sync.protocol.Messages;
import org.thinrich.sync.protocol.SyncLimits;

/** Pages of changes: one that ends exactly at the last change says it is the last (no empty page, no extra round trip). */
class SyncPagingTest {
    @TempDir
    Path directory;

    @Test
    void aPageThatHoldsExactlyTheRestIsTheLast() throws Exception {
        try (AppServer server = AppServer.start(ServerConfig.defaults(directory).withPort(0).withDemo(true).withPasswordIterations(1_000))) {
            int held = (int) server.store().changesSince("alice", 0, 100_000).size();
            String token = new ApiClient(server.uri()).login("alice", "alice-demo").token();
            LinkedBlockingQueue<Messages.ServerMessage> heard = new LinkedBlockingQueue<>();
            WebSocketClient socket = new WebSocketClient(URI.create(server.uri().toString().replaceFirst("^http", "ws") + "/sync")) {
                @Override
                public void onOpen(ServerHandshake handshake) {
                }

                @Override
                public void onMessage(String message) {
                }

                @Override
                public void onMessage(ByteBuffer bytes) {
                    heard.add(ClientSyncCodec.decode(bytes));
                }

                @Override
                public void onClose(int code, String reason, boolean remote) {
                }

                @Override
                public void onError(Exception ex) {
                }
            };
            assertThat(socket.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
            try {
                socket.send(org.thinrich.sync.protocol.ClientSyncCodec.encode(
                        new Messages.Hello(SyncLimits.PROTOCOL_VERSION, token, UUID.randomUUID(), null)));
                Messages.Welcome welcome = (Messages.Welcome) heard.poll(10, TimeUnit.SECONDS);
                var start = new org.thinrich.sync.protocol.SyncToken(welcome.current().storeId(), 0);

                socket.send(ClientSyncCodec.encode(new Messages.PullChanges(start, held)));
                Messages.ChangesPage exact = (Messages.ChangesPage) heard.poll(10, TimeUnit.SECONDS);
                assertThat(exact.events()).hasSize(held);
                assertThat(exact.hasMore()).as("all %d changes fit: nothing more to ask for", held).isFalse();

                socket.send(ClientSyncCodec.encode(new Messages.PullChanges(start, held - 1)));
                Messages.ChangesPage oneShort = (Messages.ChangesPage) heard.poll(10, TimeUnit.SECONDS);
                assertThat(oneShort.events()).hasSize(held - 1);
                assertThat(oneShort.hasMore()).isTrue();
            } finally {
                socket.close();
            }
        }
    }
}
