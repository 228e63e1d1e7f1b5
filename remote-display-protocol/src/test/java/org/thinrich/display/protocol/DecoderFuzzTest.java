package org.thinrich.display.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.UpdateDecoder;

/**
 * Any bytes at either end of the display protocol: the decoder answers with a message or a
 * ProtocolException (which closes that one connection with its code), never with another
 * exception, a hang or an allocation beyond the limits. `mvn test` runs the kept inputs
 * (src/test/resources/.../DecoderFuzzTestInputs, the PROTOCOL.md vectors and every crash found);
 * .ci/run fuzzes each target for a bounded time with JAZZER_FUZZ=1.
 */
class DecoderFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void serverDecodesAnyClientBytes(byte[] bytes) {
        try {
            ServerCodec.decode(ByteBuffer.wrap(bytes));
        } catch (ProtocolException refused) {
            // the connection is closed with refused.closeCode(): the expected answer to garbage
        }
    }

    /**
     * Beyond the message codec: an update's rectangles painted into a client's framebuffer, with
     * each encoding's own decoder (zstd and deflate streams, palettes, JPEG, copies), as a thin
     * client does. A broken payload is a ProtocolException, never another exception or a write
     * outside the framebuffer. The first two bytes say the framebuffer's size.
     */
    @FuzzTest(maxDuration = "30s")
    void clientPaintsAnyUpdate(byte[] bytes) {
        if (bytes.length < 2) return;
        Framebuffer target = new Framebuffer(1 + (bytes[0] & 0x7F), 1 + (bytes[1] & 0x7F));
        java.nio.ByteBuffer rest = ByteBuffer.wrap(bytes, 2, bytes.length - 2);
        try (UpdateDecoder decoder = new UpdateDecoder()) {
            // Two updates through one decoder: the second reads the streams and the copy the first left.
            for (int i = 0; i < 2 && rest.hasRemaining(); i++) {
                int asked = i == 0 && rest.remaining() > 2 ? rest.getShort() & 0xFFFF : rest.remaining();
                int length = Math.min(rest.remaining(), asked);
                ByteBuffer message = rest.slice(rest.position(), length);
                rest.position(rest.position() + length);
                if (ClientCodec.decode(message, Limits.DEFAULT_MAX_SERVER_MESSAGE) instanceof Messages.FramebufferUpdate update) {
                    decoder.apply(update, target);
                }
            }
        } catch (ProtocolException refused) {
            // the client closes the connection with refused.closeCode() and reconnects
        }
    }

    @FuzzTest(maxDuration = "30s")
    void clientDecodesAnyServerBytes(byte[] bytes) {
        try {
            ClientCodec.decode(ByteBuffer.wrap(bytes), Limits.DEFAULT_MAX_SERVER_MESSAGE);
        } catch (ProtocolException refused) {
            // as above, on the client's side
        }
    }
}
