package org.thinrich.sync.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.sync.protocol.Messages.ChangesPage;
import org.thinrich.sync.protocol.Messages.ClientMessage;
import org.thinrich.sync.protocol.Messages.ServerMessage;

/** The hex vectors of PROTOCOL.md decode to what the spec says and encode back to the same bytes. */
class ProtocolSpecTest {
    record Vector(String side, String expected, byte[] bytes) {
    }

    @TestFactory
    List<DynamicTest> vectorsOfTheSpecHold() throws IOException {
        List<Vector> vectors = readVectors(Path.of(System.getProperty("basedir", "."), "PROTOCOL.md"));
        assertThat(vectors).hasSizeGreaterThanOrEqualTo(SpecVectors.messages().size());
        return vectors.stream().map(v -> DynamicTest.dynamicTest(v.side() + " " + v.expected(), () -> {
            if (v.side().equals("client")) {
                ClientMessage message = ServerSyncCodec.decode(ByteBuffer.wrap(v.bytes()));
                assertThat(describe(message)).isEqualTo(v.expected());
                assertThat(ClientSyncCodec.encode(message)).isEqualTo(v.bytes());
            } else {
                ServerMessage message = ClientSyncCodec.decode(ByteBuffer.wrap(v.bytes()));
                assertThat(describe(message)).isEqualTo(v.expected());
                byte[] again = ServerSyncCodec.encode(message);
                // Deflate's output may differ between zlib builds; what must hold is that it decodes the same.
                if (v.bytes()[0] == SyncEnvelope.DEFLATED) assertThat(ClientSyncCodec.decode(ByteBuffer.wrap(again))).isEqualTo(message);
                else assertThat(again).isEqualTo(v.bytes());
            }
        })).toList();
    }

    @Test
    void theSpecShowsAMoveInFewerThan80BytesWithWebSocketFraming() throws IOException {
        Vector move = readVectors(Path.of(System.getProperty("basedir", "."), "PROTOCOL.md")).stream()
                .filter(v -> v.expected().contains("ChangeEvent") && v.expected().contains("Times[")).findFirst().orElseThrow();
        // A client frame of up to 125 bytes has a 2-byte header and a 4-byte mask (RFC 6455 5.2).
        assertThat(move.bytes().length + 6).isLessThanOrEqualTo(80);
    }

    static List<Vector> readVectors(Path spec) throws IOException {
        List<String> lines = Files.readAllLines(spec);
        List<Vector> vectors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("vector: ")) continue;
            String[] head = line.substring(8).split(" ", 2);
            StringBuilder hex = new StringBuilder();
            int j = i + 2; // skip the opening fence
            while (!lines.get(j).startsWith("```")) hex.append(lines.get(j++).replace(" ", ""));
            vectors.add(new Vector(head[0], head[1], HexFormat.of().parseHex(hex)));
        }
        return vectors;
    }

    /** A message as the spec names it; a long page by its titles and days, to keep the spec readable. */
    static String describe(Object message) {
        if (message instanceof ChangesPage page && page.changes().size() > 2) {
            return "ChangesPage[since=" + page.since() + ", " + page.changes().size() + " events: " + page.changes().stream()
                    .map(e -> e.parts().title() + " " + e.toEvent(SpecVectors.BERLIN).start().toLocalDate() + " v" + e.version())
                    .collect(Collectors.joining(", ")) + "; next=" + page.next() + ", hasMore=" + page.hasMore() + "]";
        }
        return message.toString();
    }

}
