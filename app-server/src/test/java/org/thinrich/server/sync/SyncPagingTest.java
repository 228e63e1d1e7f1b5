package org.thinrich.server.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.server.ApiClient;
import org.thinrich.server.AppServer;
import org.thinrich.testing.RawSocket;
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
            RawSocket socket = RawSocket.open(server.uri(), "/sync");
            try {
                socket.send(org.thinrich.sync.protocol.ClientSyncCodec.encode(
                        new Messages.Hello(SyncLimits.PROTOCOL_VERSION, token, UUID.randomUUID(), null)));
                Messages.Welcome welcome = (Messages.Welcome) ClientSyncCodec.decode(socket.next());
                long start = 0;

                socket.send(ClientSyncCodec.encode(new Messages.PullChanges(start, held)));
                Messages.ChangesPage exact = (Messages.ChangesPage) ClientSyncCodec.decode(socket.next());
                assertThat(exact.changes()).hasSize(held);
                assertThat(exact.hasMore()).as("all %d changes fit: nothing more to ask for", held).isFalse();

                socket.send(ClientSyncCodec.encode(new Messages.PullChanges(start, held - 1)));
                Messages.ChangesPage oneShort = (Messages.ChangesPage) ClientSyncCodec.decode(socket.next());
                assertThat(oneShort.changes()).hasSize(held - 1);
                assertThat(oneShort.hasMore()).isTrue();
            } finally {
                socket.close();
            }
        }
    }
}
