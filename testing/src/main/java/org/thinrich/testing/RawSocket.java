package org.thinrich.testing;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A bare WebSocket to a server's endpoint, for tests that send what no well-behaved client would:
 * what it heard, and how it was closed.
 */
public final class RawSocket extends WebSocketClient {
    public final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
    public final LinkedBlockingQueue<ByteBuffer> heard = new LinkedBlockingQueue<>();
    public volatile long closedAt;
    public volatile String closeReason;

    private RawSocket(URI uri) {
        super(uri);
    }

    /** Opens {@code path} (e.g. /sync) on the server at {@code server} (its http:// address), or fails the test. */
    public static RawSocket open(URI server, String path) throws InterruptedException {
        RawSocket socket = new RawSocket(URI.create(server.toString().replaceFirst("^http", "ws") + path));
        if (!socket.connectBlocking(10, TimeUnit.SECONDS)) throw new AssertionError("cannot open " + path);
        return socket;
    }

    /** The close code, or an AssertionError when the server does not close within 10 s. */
    public int awaitClose() throws InterruptedException {
        try {
            return closedWith.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the server did not close the connection within 10 s");
        }
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
        closeReason = reason;
        closedWith.complete(code);
    }

    @Override
    public void onError(Exception ex) {
    }
}
