package org.thinrich.rfb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.Rect;
import org.thinrich.rfb.encoding.RawDecoder;
import org.thinrich.rfb.encoding.RawEncoder;
import org.thinrich.rfb.encoding.RectDecoder;
import org.thinrich.rfb.encoding.RectEncoder;
import org.thinrich.rfb.encoding.TightDecoder;
import org.thinrich.rfb.encoding.TightEncoder;
import org.thinrich.rfb.encoding.ZrleDecoder;

/** The hex vectors of PROTOCOL.md: the handshake transcript, the viewer's messages, and one rectangle per encoding. */
class ProtocolSpecTest {
    record Vector(String kind, String name, byte[] bytes, String paints) {
    }

    static List<Vector> vectors() throws IOException {
        List<String> lines = Files.readAllLines(Path.of(System.getProperty("basedir", "."), "PROTOCOL.md"));
        List<Vector> vectors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("vector: ")) continue;
            String[] head = lines.get(i).substring(8).split(" ", 2);
            StringBuilder hex = new StringBuilder();
            int j = i + 2;
            while (!lines.get(j).startsWith("```")) hex.append(lines.get(j++).replace(" ", ""));
            String paints = j + 1 < lines.size() && lines.get(j + 1).startsWith("paints ") ? lines.get(j + 1).substring(7) : null;
            vectors.add(new Vector(head[0], head[1], HexFormat.of().parseHex(hex), paints));
        }
        return vectors;
    }

    @Test
    void theHandshakeTranscriptIsWhatTheServerSaysAndTakes() throws IOException {
        List<Vector> transcript = vectors().stream().filter(v -> v.kind().equals("server") || v.kind().equals("viewer")).toList();
        assertThat(transcript).hasSizeGreaterThanOrEqualTo(9);
        ByteBuffer said = ByteBuffer.allocate(4096);
        List<String> closed = new ArrayList<>();
        RfbServerConnection server = new RfbServerConnection(new RfbServerConnection.Carrier() {
            @Override
            public void send(byte[] bytes) {
                said.put(bytes);
            }

            @Override
            public void close(String reason) {
                closed.add(reason);
            }
        }, true, (user, password) -> user.equals("alice") && password.equals("alice-demo") ? null : "Wrong user name or password.",
                (user, viewer) -> {
                    throw new AssertionError("the transcript ends before ClientInit");
                });
        server.start();
        for (Vector v : transcript) {
            if (v.kind().equals("viewer")) {
                server.receive(ByteBuffer.wrap(v.bytes()));
            } else {
                said.flip();
                byte[] next = new byte[Math.min(said.remaining(), v.bytes().length)];
                said.get(next);
                said.compact();
                assertThat(HexFormat.ofDelimiter(" ").formatHex(next)).as("server %s", v.name())
                        .isEqualTo(HexFormat.ofDelimiter(" ").formatHex(v.bytes()));
            }
        }
        assertThat(closed).isEmpty();
        assertThat(server.user()).isEqualTo("alice");
    }

    @TestFactory
    List<DynamicTest> theViewersMessagesReadAndWriteAsTheSpecSays() throws IOException {
        List<Vector> messages = vectors().stream().filter(v -> v.kind().equals("client")).toList();
        assertThat(messages).hasSize(9);
        return messages.stream().map(v -> DynamicTest.dynamicTest(v.name(), () -> {
            ByteBuffer in = ByteBuffer.wrap(v.bytes());
            ClientMessages.ClientMessage message = ClientMessages.read(in);
            assertThat(message).hasToString(v.name());
            assertThat(in.hasRemaining()).isFalse();
            assertThat(ClientMessages.write(message)).isEqualTo(v.bytes());
            // One byte short is not yet a message, and nothing is consumed.
            ByteBuffer part = ByteBuffer.wrap(v.bytes(), 0, v.bytes().length - 1);
            assertThat(ClientMessages.read(part)).isNull();
            assertThat(part.position()).isZero();
        })).toList();
    }

    @TestFactory
    List<DynamicTest> eachRectangleVectorPaintsWhatTheSpecSays() throws IOException {
        List<Vector> rects = vectors().stream().filter(v -> v.kind().equals("rect")).toList();
        assertThat(rects).hasSize(4);
        Map<Integer, java.util.function.Supplier<RectDecoder>> decoders = Map.of(Rfb.RAW, RawDecoder::new, Rfb.TIGHT, TightDecoder::new,
                Rfb.ZRLE, ZrleDecoder::new);
        return rects.stream().map(v -> DynamicTest.dynamicTest(v.name(), () -> {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(v.bytes()));
            Rect r = new Rect(in.readUnsignedShort(), in.readUnsignedShort(), in.readUnsignedShort(), in.readUnsignedShort());
            int encoding = in.readInt();
            String[] sizeAndRows = v.paints().split(": ", 2);
            String[] size = sizeAndRows[0].split("x");
            Framebuffer frame = new Framebuffer(Integer.parseInt(size[0]), Integer.parseInt(size[1]));
            decoders.get(encoding).get().decode(in, r, frame, PixelFormat.DEFAULT);
            assertThat(in.available()).isZero();
            String[] rows = sizeAndRows[1].split(" / ");
            for (int y = 0; y < frame.height(); y++) {
                String[] pixels = rows[y].trim().split(" ");
                for (int x = 0; x < frame.width(); x++) {
                    assertThat(String.format("%06x", frame.get(x, y) & 0xFFFFFF)).as("pixel (%d, %d)", x, y).isEqualTo(pixels[x]);
                }
            }
            // What needs no zlib is also what the server writes for those pixels.
            RectEncoder encoder = encoding == Rfb.RAW ? new RawEncoder() : encoding == Rfb.TIGHT ? new TightEncoder(2) : null;
            if (encoder != null) {
                Bytes out = new Bytes();
                encoder.encode(frame, r, PixelFormat.DEFAULT, out);
                assertThat(out.toByteArray()).isEqualTo(v.bytes());
            }
        })).toList();
    }
}
