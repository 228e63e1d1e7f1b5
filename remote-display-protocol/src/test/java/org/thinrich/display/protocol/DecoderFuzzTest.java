package org.thinrich.display.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

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

    @FuzzTest(maxDuration = "30s")
    void clientDecodesAnyServerBytes(byte[] bytes) {
        try {
            ClientCodec.decode(ByteBuffer.wrap(bytes), Limits.DEFAULT_MAX_SERVER_MESSAGE);
        } catch (ProtocolException refused) {
            // as above, on the client's side
        }
    }
}
