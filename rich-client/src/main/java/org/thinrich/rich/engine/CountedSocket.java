package org.thinrich.rich.engine;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;

/**
 * A socket that counts every byte it sends and receives: the sync connection's whole wire (the
 * HTTP upgrade, every WebSocket frame header, close frames), not only the messages' payloads.
 */
final class CountedSocket extends Socket {
    private final AtomicLong sent;
    private final AtomicLong received;
    private InputStream in;
    private OutputStream out;

    private CountedSocket(AtomicLong sent, AtomicLong received) {
        this.sent = sent;
        this.received = received;
    }

    /** Makes sockets that add what they send to {@code sent} and what they receive to {@code received}. */
    static SocketFactory factory(AtomicLong sent, AtomicLong received) {
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                return new CountedSocket(sent, received);
            }

            @Override
            public Socket createSocket(String host, int port) {
                throw new UnsupportedOperationException("unconnected sockets only");
            }

            @Override
            public Socket createSocket(String host, int port, java.net.InetAddress local, int localPort) {
                throw new UnsupportedOperationException("unconnected sockets only");
            }

            @Override
            public Socket createSocket(java.net.InetAddress host, int port) {
                throw new UnsupportedOperationException("unconnected sockets only");
            }

            @Override
            public Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress local, int localPort) {
                throw new UnsupportedOperationException("unconnected sockets only");
            }
        };
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (in == null) {
            in = new FilterInputStream(super.getInputStream()) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) received.incrementAndGet();
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) received.addAndGet(n);
                    return n;
                }
            };
        }
        return in;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
        if (out == null) {
            out = new FilterOutputStream(super.getOutputStream()) {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    sent.incrementAndGet();
                }

                @Override
                public void write(byte[] buffer, int offset, int length) throws IOException {
                    out.write(buffer, offset, length); // whole, not byte by byte as FilterOutputStream would
                    sent.addAndGet(length);
                }
            };
        }
        return out;
    }
}
