package org.thinrich.scenarios.link;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pcapng file (the format Wireshark and tshark open) of what crossed an emulated link. The link
 * relays a TCP stream, not packets, so the capture is made of the stream as TCP/IPv4 packets would
 * carry it: per connection a three-way handshake, the bytes each way in segments of at most one MSS
 * with their sequence and acknowledgement numbers, timed when the link delivered them, and a FIN
 * each way. The addresses are the real ones on loopback (the client's port, the server's port), so
 * Wireshark follows each connection, dissects its HTTP upgrade and WebSocket frames, and the
 * project's dissectors (docs/wireshark/) the messages inside.
 *
 * <p>Link type 101 (raw IP: no Ethernet header), timestamps in microseconds.
 */
public final class PacketCapture implements AutoCloseable {
    private static final int LINKTYPE_RAW = 101;
    private static final int MSS = 1448;
    private static final int WINDOW = 65535;
    private final OutputStream out;
    private final long startMicros;
    private final long startNanos;
    private final AtomicInteger ipId = new AtomicInteger();
    private boolean closed;

    private PacketCapture(OutputStream out) {
        this.out = out;
        this.startMicros = System.currentTimeMillis() * 1000;
        this.startNanos = System.nanoTime();
    }

    /** Creates {@code file} (and its folder) and writes the section and interface headers. */
    public static PacketCapture create(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        PacketCapture capture = new PacketCapture(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        capture.header();
        return capture;
    }

    private void header() throws IOException {
        // Section Header Block: byte-order magic, version 1.0, section length unknown.
        ByteBuffer shb = block(0x0A0D0D0A, 16);
        shb.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1);
        write(shb);
        // Interface Description Block: raw IP, no snapshot limit, one option: the interface's name.
        byte[] name = "thinrich-wan-link".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int optionLength = 4 + pad(name.length) + 4;
        ByteBuffer idb = block(0x00000001, 8 + optionLength);
        idb.putShort((short) LINKTYPE_RAW).putShort((short) 0).putInt(0);
        idb.putShort((short) 2).putShort((short) name.length).put(name).put(new byte[pad(name.length) - name.length]);
        idb.putShort((short) 0).putShort((short) 0); // opt_endofopt
        write(idb);
    }

    private static int pad(int length) {
        return (length + 3) & ~3;
    }

    /** A block of {@code type} with {@code bodyLength} bytes of body to be put; its lengths are filled in. */
    private static ByteBuffer block(int type, int bodyLength) {
        int total = 12 + bodyLength;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(type).putInt(total);
        return b;
    }

    private void write(ByteBuffer block) throws IOException {
        block.putInt(block.capacity());
        out.write(block.array());
    }

    /** One TCP connection in the capture; its sequence numbers each way. */
    public final class Connection {
        private final byte[] client;
        private final byte[] server;
        private final int clientPort;
        private final int serverPort;
        private long clientSeq = 1_000;
        private long serverSeq = 5_000;
        private boolean clientFin;
        private boolean serverFin;

        Connection(byte[] client, int clientPort, byte[] server, int serverPort) {
            this.client = client;
            this.clientPort = clientPort;
            this.server = server;
            this.serverPort = serverPort;
        }

        /** SYN, SYN-ACK, ACK. */
        void open() {
            synchronized (PacketCapture.this) {
                packet(true, 0x02, new byte[0], 0, 0);
                clientSeq++;
                packet(false, 0x12, new byte[0], 0, 0);
                serverSeq++;
                packet(true, 0x10, new byte[0], 0, 0);
            }
        }

        /** Bytes the link delivered ({@code up}: client to server), as segments of at most one MSS. */
        public void data(boolean up, byte[] bytes, int offset, int length) {
            synchronized (PacketCapture.this) {
                for (int at = 0; at < length; at += MSS) {
                    int n = Math.min(MSS, length - at);
                    packet(up, 0x18, bytes, offset + at, n); // PSH, ACK
                    if (up) clientSeq += n;
                    else serverSeq += n;
                }
            }
        }

        /** The sender of {@code up}'s direction closed its side. */
        public void fin(boolean up) {
            synchronized (PacketCapture.this) {
                if (up ? clientFin : serverFin) return;
                packet(up, 0x11, new byte[0], 0, 0); // FIN, ACK
                if (up) {
                    clientSeq++;
                    clientFin = true;
                } else {
                    serverSeq++;
                    serverFin = true;
                }
            }
        }

        /** The connection ended (reset by an outage, or closed): a FIN each way not yet sent. */
        public void close() {
            fin(true);
            fin(false);
        }

        private void packet(boolean up, int flags, byte[] payload, int offset, int length) {
            byte[] source = up ? client : server;
            byte[] destination = up ? server : client;
            int sourcePort = up ? clientPort : serverPort;
            int destinationPort = up ? serverPort : clientPort;
            long seq = up ? clientSeq : serverSeq;
            long ack = flags == 0x02 ? 0 : up ? serverSeq : clientSeq;
            ByteBuffer tcp = ByteBuffer.allocate(20 + length).order(ByteOrder.BIG_ENDIAN);
            tcp.putShort((short) sourcePort).putShort((short) destinationPort).putInt((int) seq).putInt((int) ack);
            tcp.put((byte) 0x50).put((byte) flags).putShort((short) WINDOW).putShort((short) 0).putShort((short) 0);
            tcp.put(payload, offset, length);
            byte[] segment = tcp.array();
            int checksum = checksum(pseudoHeader(source, destination, segment.length), segment);
            segment[16] = (byte) (checksum >>> 8);
            segment[17] = (byte) checksum;
            ByteBuffer ip = ByteBuffer.allocate(20 + segment.length).order(ByteOrder.BIG_ENDIAN);
            ip.put((byte) 0x45).put((byte) 0).putShort((short) (20 + segment.length)).putShort((short) ipId.incrementAndGet())
                    .putShort((short) 0x4000).put((byte) 64).put((byte) 6).putShort((short) 0).put(source).put(destination);
            byte[] header = java.util.Arrays.copyOf(ip.array(), 20);
            int ipChecksum = checksum(new byte[0], header);
            ip.putShort(10, (short) ipChecksum);
            ip.position(20);
            ip.put(segment);
            enhancedPacket(ip.array());
        }
    }

    /** A connection from {@code client} to {@code server} (IPv4 addresses as on the sockets), its handshake written now. */
    public Connection open(java.net.InetSocketAddress client, java.net.InetSocketAddress server) {
        Connection c = new Connection(ipv4(client), client.getPort(), ipv4(server), server.getPort());
        c.open();
        return c;
    }

    private static byte[] ipv4(java.net.InetSocketAddress address) {
        byte[] raw = address.getAddress() == null ? null : address.getAddress().getAddress();
        return raw != null && raw.length == 4 ? raw : new byte[] {127, 0, 0, 1};
    }

    private static byte[] pseudoHeader(byte[] source, byte[] destination, int tcpLength) {
        ByteBuffer p = ByteBuffer.allocate(12);
        p.put(source).put(destination).put((byte) 0).put((byte) 6).putShort((short) tcpLength);
        return p.array();
    }

    /** The Internet checksum (RFC 1071) over {@code first} then {@code second}. */
    static int checksum(byte[] first, byte[] second) {
        long sum = 0;
        byte[] all = new byte[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        for (int i = 0; i < all.length; i += 2) {
            int word = (all[i] & 0xff) << 8 | (i + 1 < all.length ? all[i + 1] & 0xff : 0);
            sum += word;
        }
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return (int) (~sum & 0xffff);
    }

    /** Enhanced Packet Block on interface 0, stamped now. */
    private void enhancedPacket(byte[] packet) {
        if (closed) return;
        long micros = startMicros + (System.nanoTime() - startNanos) / 1000;
        ByteBuffer epb = block(0x00000006, 20 + pad(packet.length));
        epb.putInt(0).putInt((int) (micros >>> 32)).putInt((int) micros).putInt(packet.length).putInt(packet.length);
        epb.put(packet).put(new byte[pad(packet.length) - packet.length]);
        try {
            write(epb);
        } catch (IOException e) {
            closed = true; // a full disk ends the capture, not the link
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) return;
        closed = true;
        out.close();
    }
}
