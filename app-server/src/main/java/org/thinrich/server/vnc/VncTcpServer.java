package org.thinrich.server.vnc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.rfb.RfbServerConnection;

/**
 * VNC's own port (5900 by convention), on loopback only: VeNCrypt Plain sends the password as it
 * is, so viewers on other machines come through an SSH tunnel, or over WebSocket behind TLS.
 * A thread per connection reads; updates are written from the connection's own sender thread.
 */
public final class VncTcpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VncTcpServer.class);
    /** Connections at most, logged in or not: each holds a thread and, once logged in, a session. */
    static final int MAX_CONNECTIONS = 64;

    private final ServerSocket listener;
    private final VncService service;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    public VncTcpServer(int port, VncService service) throws IOException {
        this.service = service;
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        acceptor = new Thread(this::accept, "vnc-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                if (open.size() >= MAX_CONNECTIONS) {
                    socket.close();
                    continue;
                }
                open.add(socket);
                Thread reader = new Thread(() -> serve(socket), "vnc-" + socket.getPort());
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                if (!listener.isClosed()) log.warn("Accepting a VNC connection failed: {}", e.getMessage());
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            RfbServerConnection connection = service.connection(new RfbServerConnection.Carrier() {
                @Override
                public void send(byte[] bytes) {
                    try {
                        synchronized (out) {
                            out.write(bytes);
                            out.flush();
                        }
                    } catch (IOException e) {
                        close(e.getMessage());
                    }
                }

                @Override
                public void close(String reason) {
                    log.debug("Closing a VNC connection: {}", reason);
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // closed already
                    }
                }
            }, socket.getInetAddress().getHostAddress(), socket.getInetAddress().isLoopbackAddress());
            connection.start();
            byte[] buffer = new byte[16 * 1024];
            int n;
            try {
                while ((n = in.read(buffer)) > 0) connection.receive(ByteBuffer.wrap(buffer, 0, n));
            } finally {
                connection.close("The viewer closed the connection.");
            }
        } catch (IOException e) {
            log.debug("VNC connection ended: {}", e.getMessage());
        } finally {
            open.remove(socket);
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
