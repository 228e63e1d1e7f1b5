package org.thinrich.scenarios.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.rich.engine.RichEngine;
import org.thinrich.server.AppServer;
import org.thinrich.server.DemoData;
import org.thinrich.server.ServerConfig;

/**
 * The rich client's own traffic figures (its status bar, the demo's dashboard) are what crossed
 * the wire: the relay between client and server counts the same bytes, login, WebSocket upgrade
 * and framing included, after the first sync and after a calendar and an event are made.
 */
class RichWireCountersTest {
    @TempDir
    Path directory;

    @Test
    void theEnginesCountersAgreeWithTheRelay() throws Exception {
        try (AppServer server = AppServer.start(ServerConfig.defaults(directory).withPort(0).withDemo(true).withPasswordIterations(1_000));
                WanLink link = WanLink.start(new InetSocketAddress("127.0.0.1", server.uri().getPort()), LinkProfiles.named("lan"), 1);
                RichEngine engine = RichEngine.open(link.uri(), "alice", DemoData.passwordOf("alice"), directory.resolve("replica"), Clock.systemUTC())) {
            engine.pingEvery(Duration.ZERO);
            engine.goOnline();
            assertThat(engine.awaitSynced(Duration.ofSeconds(30))).isTrue();
            Thread.sleep(200);
            assertAgree(engine, link);

            var book = engine.calendar().addCalendar("Book club", CalendarColour.PURPLE);
            java.time.ZonedDateTime at = java.time.ZonedDateTime.of(2027, 1, 12, 19, 0, 0, 0, java.time.ZoneId.of("Europe/Berlin"));
            engine.calendar().create(org.thinrich.calendar.core.CalendarEvent.timed(book.id(), "Reading", at, at.plusHours(2)));
            assertThat(engine.awaitSynced(Duration.ofSeconds(30))).isTrue();
            Thread.sleep(200);
            assertAgree(engine, link);
            assertThat(engine.metrics().wireBytesDown()).as("more than the messages' payload").isGreaterThan(engine.metrics().bytesDown() + 300);
        }
    }

    private static void assertAgree(RichEngine engine, WanLink link) {
        LinkCounters relay = link.counters();
        // The login's headers are summed from what the JDK's client sends, not read off its socket: a few bytes' leeway.
        assertThat(engine.metrics().wireBytesUp()).as("sent, as the relay counted %d", relay.bytesUp()).isBetween(relay.bytesUp() - 8, relay.bytesUp() + 8);
        assertThat(engine.metrics().wireBytesDown()).as("received, as the relay counted %d", relay.bytesDown()).isBetween(relay.bytesDown() - 8, relay.bytesDown() + 8);
    }
}
