package org.thinrich.thin.engine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** A user's mistakes when connecting get one sentence that says what to do. */
class ThinEngineTest {
    @Test
    void unreachableServerIsSaidPlainly() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort(); // free once closed: nobody listens there
        }
        try (ThinEngine engine = new ThinEngine(URI.create("http://127.0.0.1:" + closedPort), new ThinListener() { })) {
            assertThatThrownBy(() -> engine.connect("alice", "alice-demo", 1280, 800))
                    .isInstanceOf(ThinClientException.class)
                    .hasMessage("Cannot reach the server at http://127.0.0.1:" + closedPort + "; check the address and that the server runs.");
        }
    }
}
