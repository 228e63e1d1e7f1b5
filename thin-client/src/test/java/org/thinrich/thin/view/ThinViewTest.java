package org.thinrich.thin.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.thinrich.display.protocol.Limits;
import org.thinrich.display.protocol.Messages;
import org.thinrich.display.protocol.Messages.ClientHello;
import org.thinrich.display.protocol.Messages.ClientMessage;
import org.thinrich.display.protocol.Messages.EncodedRect;
import org.thinrich.display.protocol.Messages.FramebufferUpdate;
import org.thinrich.display.protocol.Messages.KeyInput;
import org.thinrich.display.protocol.Messages.PointerInput;
import org.thinrich.display.protocol.Messages.ServerInit;
import org.thinrich.display.protocol.Messages.TextInput;
import org.thinrich.display.protocol.ServerCodec;
import org.thinrich.display.protocol.encoding.SolidEncoding;
import org.thinrich.thin.engine.ThinEngine;

/**
 * The viewer against a small scripted display server on loopback: it paints what the server
 * sends and turns a person's mouse and keyboard into the protocol's input messages.
 */
@ExtendWith(ApplicationExtension.class)
class ThinViewTest {
    private final List<ClientMessage> received = new CopyOnWriteArrayList<>();
    private FakeDisplayServer server;
    private ThinView view;
    private ThinEngine engine;

    /** Answers a hello with a 64x48 screen: red left half, blue right half. */
    private final class FakeDisplayServer extends WebSocketServer {
        FakeDisplayServer() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
        }

        @Override public void onOpen(WebSocket conn, ClientHandshake handshake) { }
        @Override public void onClose(WebSocket conn, int code, String reason, boolean remote) { }
        @Override public void onMessage(WebSocket conn, String message) { }
        @Override public void onError(WebSocket conn, Exception ex) { }
        @Override public void onStart() { }

        @Override
        public void onMessage(WebSocket conn, ByteBuffer message) {
            ClientMessage m = ServerCodec.decode(message);
            received.add(m);
            if (m instanceof ClientHello hello) {
                conn.send(ServerCodec.encode(new ServerInit(Limits.VERSION, 64, 48, "fake-1", Limits.MAX_CLIENT_MESSAGE, false)));
                conn.send(ServerCodec.encode(new FramebufferUpdate(1, 0, List.of(
                        new EncodedRect(0, 0, 32, 48, SolidEncoding.ID, new byte[] {(byte) 255, 0, 0}),
                        new EncodedRect(32, 0, 32, 48, SolidEncoding.ID, new byte[] {0, 0, (byte) 255})))));
            } else if (m instanceof Messages.InputEvent input) {
                conn.send(ServerCodec.encode(new FramebufferUpdate(2 + input.input(), input.input(), List.of())));
            }
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        server = new FakeDisplayServer();
        server.start();
        for (int i = 0; i < 100 && server.getPort() == 0; i++) Thread.sleep(20);
        view = new ThinView();
        engine = new ThinEngine(URI.create("http://127.0.0.1:" + server.getPort()), view);
        view.attach(engine);
        stage.setScene(new Scene(view, 400, 300));
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
        server.stop(1000);
    }

    @Test
    void paintsTheFramebufferAndForwardsPointerAndKeys(FxRobot robot) throws Exception {
        engine.connectWithToken("token-1", 64, 48);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.screen().getImage() != null
                && view.screen().getImage().getPixelReader().getColor(50, 10).equals(Color.rgb(0, 0, 255)));
        assertThat(view.screen().getImage().getPixelReader().getColor(10, 40)).isEqualTo(Color.rgb(255, 0, 0));
        assertThat(received.get(0)).isInstanceOfSatisfying(ClientHello.class, h -> assertThat(h.token()).isEqualTo("token-1"));

        robot.moveTo(view.screen()).moveBy(-32 + 20, -24 + 30).clickOn(MouseButton.PRIMARY);
        robot.write("Hi").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> received.stream().anyMatch(m -> m instanceof KeyInput k && k.keyCode() == 10 && !k.pressed()));

        List<PointerInput> pointer = received.stream().filter(PointerInput.class::isInstance).map(PointerInput.class::cast).toList();
        assertThat(pointer).anySatisfy(p -> {
            assertThat(p.buttons()).isEqualTo(Messages.PRIMARY);
            assertThat(p.x()).isEqualTo(20);
            assertThat(p.y()).isEqualTo(30);
        });
        assertThat(pointer.get(pointer.size() - 1).buttons()).as("released").isZero();
        assertThat(received.stream().filter(TextInput.class::isInstance).map(m -> ((TextInput) m).text()).reduce("", String::concat))
                .isEqualTo("Hi");
        assertThat(received).noneMatch(m -> m instanceof KeyInput k && (k.keyCode() == 'H' || k.keyCode() == 'I'));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> view.statusText().startsWith("connected"));
        assertThat(engine.metrics().inputToDisplay().getTotalCount()).isPositive();
    }
}
