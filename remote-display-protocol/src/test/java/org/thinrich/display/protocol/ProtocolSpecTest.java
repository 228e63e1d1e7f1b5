package org.thinrich.display.protocol;

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
import org.junit.jupiter.api.TestFactory;
import org.thinrich.display.protocol.Messages.FramebufferUpdate;
import org.thinrich.display.protocol.encoding.Encodings;

/** The hex vectors of PROTOCOL.md decode to what the spec says, and encode back to the same bytes. */
class ProtocolSpecTest {
    record Vector(String side, String expected, byte[] bytes) {
    }

    @TestFactory
    List<DynamicTest> vectorsOfTheSpecHold() throws IOException {
        List<Vector> vectors = readVectors(Path.of(System.getProperty("basedir", "."), "PROTOCOL.md"));
        assertThat(vectors).hasSizeGreaterThanOrEqualTo(10);
        return vectors.stream().map(v -> DynamicTest.dynamicTest(v.side() + " " + v.expected(), () -> {
            if (v.side().equals("client")) {
                Messages.ClientMessage message = ServerCodec.decode(ByteBuffer.wrap(v.bytes()));
                assertThat(describe(message)).isEqualTo(v.expected());
                assertThat(ClientCodec.encode(message)).isEqualTo(v.bytes());
            } else {
                Messages.ServerMessage message = ClientCodec.decode(ByteBuffer.wrap(v.bytes()), Limits.DEFAULT_MAX_SERVER_MESSAGE);
                assertThat(describe(message)).isEqualTo(v.expected());
                assertThat(ServerCodec.encode(message)).isEqualTo(v.bytes());
            }
        })).toList();
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

    static String describe(Object message) {
        if (message instanceof FramebufferUpdate update) {
            return "FramebufferUpdate[frame=" + update.frame() + ", inputReflected=" + update.inputReflected() + ", rects=["
                    + update.rects().stream().map(r -> "(" + r.x() + "," + r.y() + "," + r.width() + "," + r.height() + " "
                            + Encodings.nameOf(r.encoding()) + " " + HexFormat.of().formatHex(r.payload()) + ")")
                    .collect(Collectors.joining(", ")) + "]]";
        }
        return message.toString();
    }
}
