package org.thinrich.server.display.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.rfb.Rfb;
import org.thinrich.rfb.RfbClient;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;
import org.thinrich.server.http.Json;

/**
 * A VNC viewer's session in a session host (the server's default): the server logs the viewer in,
 * opens the session in a host like a thin client's, and translates between the relayed display
 * protocol and RFB; a click on the screen map's "next week" changes the viewer's picture.
 */
class HostedVncTest {
    @TempDir
    Path directory;

    @Test
    void aViewersSessionRunsInAHostAndItsClickArrives() throws Exception {
        try (AppServer server = AppServer.start(ServerConfig.defaults(directory).withPort(0).withDemo(true).withPasswordIterations(1_000)
                .withZone(ZoneId.of("Europe/Berlin")).withThinSessions(HostingMode.pool(1, 4)).withDisplayGrace(Duration.ofSeconds(5))
                .withVncPort(0));
                RfbClient viewer = RfbClient.connect("127.0.0.1", server.vncPort(), "bob", "bob-demo", List.of(Rfb.TIGHT))) {
            assertThat(viewer.awaitUpdates(0, Duration.ofSeconds(60))).as("the first picture, from the host").isTrue();
            assertThat(server.hosts().hostPids()).as("a session host runs").isNotEmpty();
            // The host names the session on its channel beside the first picture, not necessarily before it.
            List<String> sessions = server.hosts().sessionIdsOf("bob");
            for (long end = System.nanoTime() + 10_000_000_000L; sessions.isEmpty() && System.nanoTime() < end; ) {
                Thread.sleep(20);
                sessions = server.hosts().sessionIdsOf("bob");
            }
            assertThat(sessions).hasSize(1);
            JsonNode screen = Json.MAPPER.readTree(server.hosts().screenMap(sessions.get(0), "bob").orElseThrow());
            JsonNode next = null;
            for (JsonNode b : screen.get("buttons")) if (">".equals(b.get("text").asText())) next = b;
            assertThat(next).as("the next-week button on the host's screen map").isNotNull();
            Thread.sleep(500);
            Framebuffer before = viewer.framebuffer();
            long updates = viewer.updates();
            viewer.click(next.get("x").asInt(), next.get("y").asInt());
            assertThat(viewer.awaitUpdates(updates, Duration.ofSeconds(30))).isTrue();
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (viewer.framebuffer().samePixels(before) && System.nanoTime() < end) Thread.sleep(50);
            assertThat(viewer.framebuffer().samePixels(before)).as("the next week shows").isFalse();
            JsonNode after = Json.MAPPER.readTree(server.hosts().screenMap(sessions.get(0), "bob").orElseThrow());
            assertThat(after.get("date").asText()).isNotEqualTo(screen.get("date").asText());
            assertThat(viewer.failure()).isNull();
        }
    }
}
