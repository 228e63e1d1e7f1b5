package org.thinrich.display.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.thinrich.display.protocol.Messages.ClientHello;
import org.thinrich.display.protocol.Messages.ClientMessage;
import org.thinrich.display.protocol.Messages.Close;
import org.thinrich.display.protocol.Messages.EncodedRect;
import org.thinrich.display.protocol.Messages.FramebufferUpdate;
import org.thinrich.display.protocol.Messages.KeyInput;
import org.thinrich.display.protocol.Messages.Ping;
import org.thinrich.display.protocol.Messages.PointerInput;
import org.thinrich.display.protocol.Messages.Pong;
import org.thinrich.display.protocol.Messages.ResizeRequest;
import org.thinrich.display.protocol.Messages.ServerInit;
import org.thinrich.display.protocol.Messages.ServerMessage;
import org.thinrich.display.protocol.Messages.TextInput;
import org.thinrich.display.protocol.Messages.UpdateAck;
import org.thinrich.display.protocol.Messages.WheelInput;

/** Every message the codecs can write, they read back as the same message; and nothing else breaks them. */
class CodecProperties {

    @Property(tries = 500)
    void clientMessagesRoundTrip(@ForAll("clientMessages") ClientMessage message) {
        assertThat(ServerCodec.decode(ByteBuffer.wrap(ClientCodec.encode(message)))).isEqualTo(message);
    }

    @Property(tries = 300)
    void serverMessagesRoundTrip(@ForAll("serverMessages") ServerMessage message) {
        byte[] bytes = ServerCodec.encode(message);
        ServerMessage back = ClientCodec.decode(ByteBuffer.wrap(bytes), Limits.DEFAULT_MAX_SERVER_MESSAGE);
        assertThat(ProtocolSpecTest.describe(back)).isEqualTo(ProtocolSpecTest.describe(message));
    }

    @Property(tries = 2000)
    void randomBytesAreReadOrRefusedButNeverCrashTheReader(@ForAll byte[] bytes) {
        assertDecodesOrRefuses(() -> ServerCodec.decode(ByteBuffer.wrap(bytes)));
        assertDecodesOrRefuses(() -> ClientCodec.decode(ByteBuffer.wrap(bytes), 1 << 20));
    }

    @Property(tries = 1000)
    void truncatedMessagesAreRefused(@ForAll("serverMessages") ServerMessage message, @ForAll("cut") double cut) {
        byte[] bytes = ServerCodec.encode(message);
        int length = (int) (bytes.length * cut);
        if (length == bytes.length) return;
        assertDecodesOrRefuses(() -> {
            ClientCodec.decode(ByteBuffer.wrap(bytes, 0, length), Limits.DEFAULT_MAX_SERVER_MESSAGE);
            throw new AssertionError("a message cut to " + length + " of " + bytes.length + " bytes was accepted");
        });
    }

    @Property(tries = 100)
    void hugeRectangleCountsAreRefusedBeforeAllocating(@ForAll("counts") int count) {
        WireWriter out = new WireWriter(16).u8(0x82).u32(1).u32(0).u16(count);
        assertDecodesOrRefuses(() -> ClientCodec.decode(ByteBuffer.wrap(out.toByteArray()), 1 << 20));
    }

    private static void assertDecodesOrRefuses(Runnable decode) {
        try {
            decode.run();
        } catch (ProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<Double> cut() {
        return Arbitraries.doubles().between(0, 1);
    }

    @Provide
    Arbitrary<Integer> counts() {
        return Arbitraries.integers().between(1, 0xFFFF);
    }

    @Provide
    Arbitrary<ClientMessage> clientMessages() {
        Arbitrary<Integer> input = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Integer> coordinate = Arbitraries.integers().between(0, 0xFFFF);
        Arbitrary<Integer> modifiers = Arbitraries.integers().between(0, 15);
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(60);
        Arbitrary<Integer> size = Arbitraries.integers().between(1, Limits.MAX_WIDTH);
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE),
                        Arbitraries.integers().between(0, 255).list().ofMaxSize(Limits.MAX_ENCODINGS), text, text, size, size)
                        .as((max, encodings, token, resume, w, h) -> new ClientHello(Limits.VERSION, max, encodings, token, resume, w, h)),
                Combinators.combine(input, input).as(UpdateAck::new),
                Combinators.combine(input, coordinate, coordinate, Arbitraries.integers().between(0, 7), modifiers).as(PointerInput::new),
                Combinators.combine(input, coordinate, coordinate, Arbitraries.integers().between(-32768, 32767),
                        Arbitraries.integers().between(-32768, 32767), modifiers).as(WheelInput::new),
                Combinators.combine(input, Arbitraries.of(true, false), Arbitraries.integers().between(0, 0xFFFF), modifiers).as(KeyInput::new),
                Combinators.combine(input, Arbitraries.strings().ofMaxLength(80)).as(TextInput::new)
                        .filter(t -> t.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= Limits.MAX_TEXT_BYTES),
                Arbitraries.longs().map(Ping::new),
                Arbitraries.longs().map(Pong::new),
                Combinators.combine(Arbitraries.integers().between(0, 0xFFFF), text).as(Close::new),
                Combinators.combine(size, Arbitraries.integers().between(1, Limits.MAX_HEIGHT)).as(ResizeRequest::new));
    }

    @Provide
    Arbitrary<ServerMessage> serverMessages() {
        Arbitrary<Integer> number = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<EncodedRect> rect = Combinators.combine(Arbitraries.integers().between(0, 0xFFFF), Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.integers().between(1, 4096), Arbitraries.integers().between(1, 4096), Arbitraries.integers().between(0, 255),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40)).as(EncodedRect::new);
        return Arbitraries.oneOf(
                Combinators.combine(number, rect.list().ofMaxSize(20).map(List::copyOf), number)
                        .as((frame, rects, input) -> new FramebufferUpdate(frame, input, rects)),
                Combinators.combine(Arbitraries.integers().between(1, 4096), Arbitraries.integers().between(1, 4096),
                        Arbitraries.strings().alpha().ofMaxLength(40), number, Arbitraries.of(true, false))
                        .as((w, h, id, max, resumed) -> new ServerInit(Limits.VERSION, w, h, id, max, resumed)),
                Arbitraries.integers().between(0, 7).map(Messages.CursorShape::new),
                Combinators.combine(Arbitraries.integers().between(1, 4096), Arbitraries.integers().between(1, 4096)).as(Messages.DesktopSize::new),
                Arbitraries.longs().map(Ping::new),
                Arbitraries.longs().map(Pong::new),
                Combinators.combine(Arbitraries.integers().between(0, 0xFFFF), Arbitraries.strings().ofMaxLength(100)).as(Close::new));
    }
}
