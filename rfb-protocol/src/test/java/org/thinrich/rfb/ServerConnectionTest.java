package org.thinrich.rfb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.thinrich.testing.Theories;

/** What the server's end does with viewers that are not where a password may be sent, or that send garbage. */
class ServerConnectionTest {
    static final class Recorder implements RfbServerConnection.Carrier {
        final java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        final List<String> closed = new ArrayList<>();

        @Override
        public synchronized void send(byte[] bytes) {
            said.writeBytes(bytes);
        }

        @Override
        public synchronized void close(String reason) {
            closed.add(reason);
        }
    }

    private static RfbServerConnection server(Recorder carrier, boolean passwordsAllowed) {
        return new RfbServerConnection(carrier, passwordsAllowed, (u, p) -> "Wrong user name or password.", (u, v) -> {
            throw new AssertionError("no login succeeds here");
        });
    }

    @Test
    void aViewerOnAnotherMachineWithoutTlsIsRefusedBeforeItSendsAPassword() {
        Recorder carrier = new Recorder();
        RfbServerConnection server = server(carrier, false);
        server.start();
        server.receive(ByteBuffer.wrap(Rfb.VERSION_3_8.getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer said = ByteBuffer.wrap(carrier.said.toByteArray());
        said.position(12);
        assertThat(said.get()).as("no security types").isZero();
        byte[] reason = new byte[said.getInt()];
        said.get(reason);
        assertThat(new String(reason, StandardCharsets.UTF_8)).contains("loopback or TLS");
        assertThat(carrier.closed).hasSize(1);
    }

    @Test
    void anOldViewerIsToldWhichVersionTheServerSpeaks() {
        Recorder carrier = new Recorder();
        RfbServerConnection server = server(carrier, true);
        server.start();
        server.receive(ByteBuffer.wrap("RFB 003.003\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(new String(carrier.said.toByteArray(), StandardCharsets.UTF_8)).contains("RFB 3.8");
        assertThat(carrier.closed).singleElement().asString().contains("003.003");
    }

    @Test
    void anyBytesEndInAnswersOrAClosingWithAReasonNeverAnException() {
        Theories.qt(500).forAll(Theories.byteArrays(200), org.quicktheories.generators.SourceDSL.integers().between(1, 50))
                .checkAssert((garbage, split) -> {
                    Recorder carrier = new Recorder();
                    RfbServerConnection server = server(carrier, true);
                    server.start();
                    byte[] stream = new byte[12 + garbage.length];
                    System.arraycopy(Rfb.VERSION_3_8.getBytes(StandardCharsets.US_ASCII), 0, stream, 0, 12);
                    System.arraycopy(garbage, 0, stream, 12, garbage.length);
                    for (int i = 0; i < stream.length; i += split) {
                        server.receive(ByteBuffer.wrap(stream, i, Math.min(split, stream.length - i)));
                    }
                    assertThat(server.user()).as("garbage never logs in").isNull();
                    for (String reason : carrier.closed) assertThat(reason).isNotBlank().doesNotContain("failed on this connection");
                });
    }
}
