package org.thinrich.scenarios.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.rich.engine.RichEngine;
import org.thinrich.rich.engine.SyncState;
import org.thinrich.server.AppServer;
import org.thinrich.server.DemoData;
import org.thinrich.server.ServerConfig;

/**
 * The rich client's keep-alive on a real server through the in-process link: what an idle
 * connection costs per ping on the wire, and that a path which stops answering (a stall, not a
 * reset) is noticed within the interval plus the wait for the Pong, then left and reconnected.
 * The interval is a client option; a short one keeps the test short.
 */
class KeepAliveTest {
    private static final Duration EVERY = Duration.ofMillis(400);

    @TempDir
    Path directory;

    @Test
    void anIdleClientCostsAFewBytesPerPingAndAStalledPathIsNoticedAndLeft() throws Exception {
        try (AppServer server = AppServer.start(ServerConfig.defaults(directory).withPort(0).withDemo(true).withPasswordIterations(1_000));
                WanLink link = WanLink.start(new InetSocketAddress("127.0.0.1", server.uri().getPort()), LinkProfiles.named("lan"), 1);
                RichEngine engine = RichEngine.open(link.uri(), "alice", DemoData.passwordOf("alice"), directory.resolve("replica"), Clock.systemUTC())) {
            engine.pingEvery(EVERY);
            engine.goOnline();
            assertThat(engine.awaitSynced(Duration.ofSeconds(30))).isTrue();

            Thread.sleep(300);
            LinkCounters before = link.counters();
            long pings = engine.metrics().rtt().getTotalCount();
            Thread.sleep(EVERY.toMillis() * 8);
            LinkCounters idle = link.counters().minus(before);
            long answered = engine.metrics().rtt().getTotalCount() - pings;
            assertThat(answered).as("pings answered while idle").isBetween(5L, 10L);
            // Ping: 6 bytes of WebSocket header and mask, envelope flags, tag, varint; Pong: 2 + 3.
            assertThat((idle.bytesUp() + idle.bytesDown()) / (double) answered).as("bytes on the wire per ping").isLessThanOrEqualTo(16);

            // The path stalls: nothing comes back within the interval, so the connection is left.
            link.setProfile(new LinkProfile("stalled", 10_000, 1_000_000, 1_000_000, 0, 0, "a path that stopped answering"));
            long stalledAt = System.nanoTime();
            while (engine.state() == SyncState.ONLINE) {
                assertThat(System.nanoTime() - stalledAt).as("noticed within two intervals and a margin").isLessThan(EVERY.multipliedBy(2).toNanos() + 1_500_000_000L);
                Thread.sleep(20);
            }
            assertThat(engine.stateDetail()).contains("no answer to a ping");

            link.setProfile(LinkProfiles.named("lan"));
            assertThat(engine.awaitSynced(Duration.ofSeconds(30))).as("back in sync once the path answers again").isTrue();
        }
    }
}
