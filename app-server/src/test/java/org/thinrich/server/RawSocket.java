package org.thinrich.server;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** A bare WebSocket to a server's endpoint, for tests that speak a protocol by hand: what it heard, and how it was closed. */
public final class RawSocket extends WebSocketClient {
    public final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
    public final LinkedBlockingQueue<ByteBuffer> heard = new LinkedBlockingQueue<>();
    public volatile long closedAt;

    private RawSocket(URI uri) {
        super(uri);
    }

    /** Opens {@code path} (e.g. /sync) on {@code server}, or fails the test. */
    public static RawSocket open(AppServer server, String path) throws InterruptedException {
        RawSocket socket = new RawSocket(URI.create(server.uri().toString().replaceFirst("^http", "ws") + path));
        if (!socket.connectBlocking(10, TimeUnit.SECONDS)) throw new AssertionError("cannot open " + path);
        return socket;
    }

    /** The next binary message, or an AssertionError after 10 s. */
    public ByteBuffer next() throws InterruptedException {
        ByteBuffer message = heard.poll(10, TimeUnit.SECONDS);
        if (message == null) throw new AssertionError("no message within 10 s");
        return message;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
    }

    @Override
    public void onMessage(String message) {
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
        heard.add(bytes);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closedAt = System.nanoTime();
        closedWith.complete(code);
    }

    @Override
    public void onError(Exception ex) {
    }
}
