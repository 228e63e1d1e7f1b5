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
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.UpdateDecoder;

/** The hex vectors of PROTOCOL.md decode to what the spec says, and encode back to the same bytes. */
class ProtocolSpecTest {
    /** {@code paints}: what an update vector leaves on a black framebuffer, "WxH: rgb rgb / rgb rgb", or null. */
    record Vector(String side, String expected, byte[] bytes, String paints) {
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
                if (v.paints() != null) assertPaints((FramebufferUpdate) message, v.paints());
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
            String paints = j + 1 < lines.size() && lines.get(j + 1).startsWith("paints ") ? lines.get(j + 1).substring(7) : null;
            vectors.add(new Vector(head[0], head[1], HexFormat.of().parseHex(hex), paints));
        }
        return vectors;
    }

    private static void assertPaints(FramebufferUpdate update, String paints) {
        String[] sizeAndRows = paints.split(": ", 2);
        String[] size = sizeAndRows[0].split("x");
        Framebuffer frame = new Framebuffer(Integer.parseInt(size[0]), Integer.parseInt(size[1]));
        try (UpdateDecoder decoder = new UpdateDecoder()) {
            decoder.apply(update, frame);
        }
        String[] rows = sizeAndRows[1].split(" / ");
        for (int y = 0; y < frame.height(); y++) {
            String[] pixels = rows[y].trim().split(" ");
            for (int x = 0; x < frame.width(); x++) {
                assertThat(String.format("%06x", frame.get(x, y) & 0xFFFFFF)).as("pixel (%d, %d)", x, y).isEqualTo(pixels[x]);
            }
        }
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
