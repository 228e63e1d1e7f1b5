package org.thinrich.sync.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Any bytes at either end of the sync protocol: a message or a SyncProtocolException (that one
 * connection closes with its code), nothing else. `mvn test` runs the kept inputs (the PROTOCOL.md
 * vectors and every crash found); .ci/run fuzzes each target for a bounded time.
 */
class SyncDecoderFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void serverDecodesAnyClientBytes(byte[] bytes) {
        try {
            ServerSyncCodec.decode(ByteBuffer.wrap(bytes));
        } catch (SyncProtocolException refused) {
            // closes the connection with refused.closeCode()
        }
    }

    @FuzzTest(maxDuration = "30s")
    void clientDecodesAnyServerBytes(byte[] bytes) {
        try {
            ClientSyncCodec.decode(ByteBuffer.wrap(bytes));
        } catch (SyncProtocolException refused) {
            // as above, on the client's side
        }
    }
}
