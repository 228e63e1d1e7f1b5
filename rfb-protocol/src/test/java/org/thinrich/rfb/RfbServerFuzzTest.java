package org.thinrich.rfb;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.thinrich.display.protocol.encoding.Rect;

/**
 * Any bytes a VNC viewer sends the server: the connection answers, or closes with a reason about
 * the viewer's bytes, never with the server failing (an exception the connection caught). Half of
 * the inputs start after a valid VeNCrypt Plain login, so the fuzzer works on the messages of a
 * running session (pixel formats, encodings, update requests), whose updates are encoded at once.
 * `mvn test` replays the kept inputs; .ci/run fuzzes for a bounded time with JAZZER_FUZZ=1.
 */
class RfbServerFuzzTest {
    /** "RFB 003.008\n", VeNCrypt, version 0.2, Plain, alice / pw, shared. */
    static final byte[] LOGIN = new Bytes().bytes("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII)).u8(Rfb.SECURITY_VENCRYPT).u8(0).u8(2)
            .u32(Rfb.VENCRYPT_PLAIN).u32(5).u32(2).bytes("alicepw".getBytes(StandardCharsets.US_ASCII)).u8(1).toByteArray();

    @FuzzTest(maxDuration = "30s")
    void serverAnswersAnyViewerBytes(byte[] bytes) {
        String[] closed = new String[1];
        RfbServerConnection.Carrier carrier = new RfbServerConnection.Carrier() {
            @Override
            public void send(byte[] out) {
                // what the viewer would read
            }

            @Override
            public void close(String reason) {
                closed[0] = reason;
            }
        };
        RfbServerConnection connection = new RfbServerConnection(carrier, true,
                (user, password) -> user.equals("alice") && password.equals("pw") ? null : "Wrong user name or password.",
                (user, viewer) -> {
                    viewer.ready(64, 48, "fuzz");
                    viewer.paint(frame -> frame.set(3, 4, 0xFF336699), List.of(new Rect(0, 0, 64, 48)), 0);
                    return new RfbServerConnection.Screen() {
                        @Override
                        public void pointer(int buttons, int x, int y) {
                        }

                        @Override
                        public void key(boolean down, int keysym) {
                        }

                        @Override
                        public void close() {
                        }
                    };
                }, new AtOnce());
        connection.start();
        boolean loggedIn = bytes.length > 0 && (bytes[0] & 1) == 1;
        ByteBuffer input = ByteBuffer.allocate((loggedIn ? LOGIN.length : 0) + bytes.length);
        if (loggedIn) input.put(LOGIN).put(bytes, 1, bytes.length - 1);
        else input.put(bytes);
        input.flip();
        // In two pieces, split where the input says: a viewer's bytes arrive split anywhere.
        int cut = bytes.length > 1 ? (bytes[bytes.length - 1] & 0xFF) % input.remaining() : 0;
        connection.receive(input.slice(0, cut));
        connection.receive(input.slice(cut, input.remaining() - cut));
        connection.close("done");
        if (closed[0] != null && closed[0].startsWith("The server failed")) throw new AssertionError(closed[0]);
    }
}
