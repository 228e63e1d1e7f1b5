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

    /**
     * Version 2's goals, on the spec's own vectors, WebSocket framing included (RFC 6455: 2 bytes
     * a frame from the server, 6 from a client): another client picks up a move, a retitle, a
     * create or a delete in at most 100 bytes; the writer's whole exchange for a move is at most
     * 100, for a delete at most 80 (its push and the results that put it in step: nothing pulled back).
     */
    @Test
    void pickUpsAndAWritersExchangeFitTheirBudgets() throws IOException {
        List<Vector> vectors = readVectors(Path.of(System.getProperty("basedir", "."), "PROTOCOL.md"));
        byte[] movedPage = find(vectors, "ChangesPage[since=57").bytes();
        byte[] retitledPage = find(vectors, "ChangesPage[since=58").bytes();
        byte[] removalPage = find(vectors, "ChangesPage[since=59").bytes();
        assertThat(movedPage.length + 2).as("a move picked up").isLessThanOrEqualTo(100);
        assertThat(retitledPage.length + 2).as("a retitle picked up").isLessThanOrEqualTo(100);
        assertThat(removalPage.length + 2).as("a delete picked up: an id and a version, no title, no notes").isLessThanOrEqualTo(40);
        byte[] created = ServerSyncCodec.encode(new ChangesPage(60, List.of(EventDelta.whole(SpecVectors.standUp().stored(61,
                SpecVectors.standUp().lastModified()), SpecVectors.BERLIN)), 61, false));
        assertThat(created.length + 2).as("a create picked up").isLessThanOrEqualTo(100);

        byte[] push = find(vectors, "client PushOperations[operations=[ChangeEvent[opSeq=7").bytes();
        byte[] inStep = find(vectors, "upTo=61]").bytes();
        assertThat(push.length + 6 + inStep.length + 2).as("the writer's move").isLessThanOrEqualTo(100);
        byte[] delete = ClientSyncCodec.encode(new org.thinrich.sync.protocol.Messages.PushOperations(List.of(
                new org.thinrich.sync.protocol.Messages.DeleteEvent(12, SpecVectors.EVENT_ID, 61))));
        assertThat(delete.length + 6 + inStep.length + 2).as("the writer's delete").isLessThanOrEqualTo(80);

        // Version 3: a calendar renamed elsewhere is its id, a version and the new name and colour.
        byte[] renamed = ServerSyncCodec.encode(new ChangesPage(61, List.of(), 62, false,
                List.of(new CalendarDelta("alice-work", 62, "Office", org.thinrich.calendar.core.CalendarColour.RED))));
        assertThat(renamed.length + 2).as("a calendar rename picked up").isLessThanOrEqualTo(30);
        assertThat(ServerSyncCodec.encode(new ChangesPage(57, List.of(), 58, false)))
                .as("a page without calendar changes pays nothing for them (envelope, tag, since, next, flags, count)").hasSize(6);
    }

    private static Vector find(List<Vector> vectors, String text) {
        return vectors.stream().filter(v -> (v.side() + " " + v.expected()).contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("No vector with " + text + " in PROTOCOL.md"));
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
