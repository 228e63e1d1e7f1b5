package org.thinrich.display.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;
import static org.thinrich.testing.Theories.byteArrays;
import static org.thinrich.testing.Theories.listsOf;
import static org.thinrich.testing.Theories.qt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
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
import org.thinrich.testing.Theories;

/** Every message the codecs can write, they read back as the same message; and nothing else breaks them. */
class CodecProperties {

    @Test
    void clientMessagesRoundTrip() {
        qt(500).forAll(clientMessages()).checkAssert(message ->
                assertThat(ServerCodec.decode(ByteBuffer.wrap(ClientCodec.encode(message)))).isEqualTo(message));
    }

    @Test
    void serverMessagesRoundTrip() {
        qt(300).forAll(serverMessages()).checkAssert(message -> {
            byte[] bytes = ServerCodec.encode(message);
            ServerMessage back = ClientCodec.decode(ByteBuffer.wrap(bytes), Limits.DEFAULT_MAX_SERVER_MESSAGE);
            assertThat(ProtocolSpecTest.describe(back)).isEqualTo(ProtocolSpecTest.describe(message));
        });
    }

    @Test
    void randomBytesAreReadOrRefusedButNeverCrashTheReader() {
        qt(2000).forAll(byteArrays(255)).checkAssert(bytes -> {
            assertDecodesOrRefuses(() -> ServerCodec.decode(ByteBuffer.wrap(bytes)));
            assertDecodesOrRefuses(() -> ClientCodec.decode(ByteBuffer.wrap(bytes), 1 << 20));
        });
    }

    @Test
    void truncatedMessagesAreRefused() {
        qt(1000).forAll(serverMessages(), doubles().between(0, 1)).checkAssert((message, cut) -> {
            byte[] bytes = ServerCodec.encode(message);
            int length = (int) (bytes.length * cut);
            if (length == bytes.length) return;
            assertDecodesOrRefuses(() -> {
                ClientCodec.decode(ByteBuffer.wrap(bytes, 0, length), Limits.DEFAULT_MAX_SERVER_MESSAGE);
                throw new AssertionError("a message cut to " + length + " of " + bytes.length + " bytes was accepted");
            });
        });
    }

    @Test
    void hugeRectangleCountsAreRefusedBeforeAllocating() {
        qt(100).forAll(integers().between(1, 0xFFFF)).checkAssert(count -> {
            WireWriter out = new WireWriter(16).u8(0x82).u32(1).u32(0).u16(count);
            assertDecodesOrRefuses(() -> ClientCodec.decode(ByteBuffer.wrap(out.toByteArray()), 1 << 20));
        });
    }

    private static void assertDecodesOrRefuses(Runnable decode) {
        try {
            decode.run();
        } catch (ProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    /** Any text of Unicode's first plane but its surrogates (UTF-8 carries no lone ones), and emoji. */
    private static Gen<String> text(int maxLength) {
        return Generate.oneOf(strings().betweenCodePoints(0, 0xD7FF).ofLengthBetween(0, maxLength),
                strings().betweenCodePoints(0x1F600, 0x1F64F).ofLengthBetween(0, maxLength / 2));
    }

    static Gen<ClientMessage> clientMessages() {
        Gen<Integer> input = integers().between(0, Integer.MAX_VALUE);
        Gen<Integer> coordinate = integers().between(0, 0xFFFF);
        Gen<Integer> modifiers = integers().between(0, 15);
        Gen<Integer> size = integers().between(1, Limits.MAX_WIDTH);
        Gen<ClientMessage> hello = in -> new ClientHello(Limits.VERSION, integers().between(Limits.MIN_SERVER_MESSAGE, Integer.MAX_VALUE).generate(in),
                listsOf(integers().between(0, 255), Limits.MAX_ENCODINGS).generate(in), text(60).generate(in), text(60).generate(in),
                size.generate(in), size.generate(in));
        Gen<ClientMessage> wheel = in -> new WheelInput(input.generate(in), coordinate.generate(in), coordinate.generate(in),
                integers().between(-32768, 32767).generate(in), integers().between(-32768, 32767).generate(in), modifiers.generate(in));
        Gen<ClientMessage> pointer = in -> new PointerInput(input.generate(in), coordinate.generate(in), coordinate.generate(in),
                integers().between(0, 7).generate(in), modifiers.generate(in));
        return Theories.<ClientMessage>oneOf(hello,
                input.zip(input, UpdateAck::new),
                pointer,
                wheel,
                input.zip(booleans().all(), integers().between(0, 0xFFFF), modifiers, KeyInput::new),
                input.zip(text(80), TextInput::new)
                        .assuming(t -> t.text().getBytes(StandardCharsets.UTF_8).length <= Limits.MAX_TEXT_BYTES),
                longs().all().map(Ping::new),
                longs().all().map(Pong::new),
                integers().between(0, 0xFFFF).zip(text(60), Close::new),
                size.zip(integers().between(1, Limits.MAX_HEIGHT), ResizeRequest::new));
    }

    static Gen<ServerMessage> serverMessages() {
        Gen<Integer> number = integers().between(0, Integer.MAX_VALUE);
        Gen<Integer> side = integers().between(1, 4096);
        Gen<EncodedRect> rect = in -> new EncodedRect(integers().between(0, 0xFFFF).generate(in), integers().between(0, 0xFFFF).generate(in),
                side.generate(in), side.generate(in), integers().between(0, 255).generate(in), byteArrays(40).generate(in));
        Gen<ServerMessage> init = in -> new ServerInit(Limits.VERSION, side.generate(in), side.generate(in),
                strings().betweenCodePoints('a', 'z').ofLengthBetween(0, 40).generate(in), number.generate(in), booleans().all().generate(in));
        return Theories.<ServerMessage>oneOf(
                number.zip(listsOf(rect, 20).map(List::copyOf), number, (frame, rects, input) -> new FramebufferUpdate(frame, input, rects)),
                init,
                integers().between(0, 7).map(Messages.CursorShape::new),
                side.zip(side, Messages.DesktopSize::new),
                longs().all().map(Ping::new),
                longs().all().map(Pong::new),
                integers().between(0, 0xFFFF).zip(text(100), Close::new));
    }
}
