package org.thinrich.server.display.host;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The private channel between the server and one of its session hosts: the host's standard input
 * and output, so no port is opened and nobody else can speak on it, and the host sees its server
 * die as the end of its input. Each frame is {@code u8 type, u32 connection, u32 length, payload}.
 * Display bytes travel as they are: the host speaks the display protocol with the client, the
 * server only relays (see docs/session-hosts.md).
 */
public final class HostChannel {
    // Server to host.
    /** conn 0; payload: the host's settings, {@link HostSettings}. */
    public static final int START = 1;
    /** A client connection; payload: the user the server authenticated, the zone the client asked for ("" for the server's), then the client's hello as sent. */
    public static final int OPEN = 2;
    /** A client message (server to host) or a server message (host to server), as on the wire. */
    public static final int DATA = 3;
    /** The client's connection closed. */
    public static final int DETACH = 4;
    /** conn 0; payload: a user whose data another process changed (either direction). */
    public static final int CHANGED = 5;
    /** conn 0; payload: 8 bytes the other side echoes in {@link #PONG}. */
    public static final int PING = 6;
    /** A screen-map request numbered by the connection field; payload: session id, user. The answer comes as {@link #SCREEN_MAP}. */
    public static final int SCREEN = 7;
    // Host to server.
    /** conn 0: the host's toolkit and database are up. */
    public static final int READY = 10;
    /** conn 0; echo of a PING. */
    public static final int PONG = 11;
    /** Close the client's connection; payload: u16 code, UTF-8 reason. */
    public static final int CLOSE = 12;
    /** The connection shows a session (new or resumed); payload: the session id. */
    public static final int SESSION = 13;
    /** Answer to {@link #SCREEN}, same number; payload: 1 and the JSON, or 0 when the user has no such session here. */
    public static final int SCREEN_MAP = 15;
    /** conn 0; payload: the id of a session the host closed (abandoned past its grace period). */
    public static final int ENDED = 14;

    /** A frame bigger than any display message plus headroom is a broken channel. */
    static final int MAX_PAYLOAD = 64 * 1024 * 1024;

    public record Frame(int type, int connection, byte[] payload) {
    }

    private final DataInputStream in;
    private final DataOutputStream out;

    public HostChannel(InputStream in, OutputStream out) {
        this.in = new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
        this.out = new DataOutputStream(new java.io.BufferedOutputStream(out, 1 << 16));
    }

    /** The next frame; null at the end of the stream (the other side is gone). */
    public Frame read() throws IOException {
        int type;
        try {
            type = in.readUnsignedByte();
        } catch (EOFException end) {
            return null;
        }
        int connection = in.readInt();
        int length = in.readInt();
        if (length < 0 || length > MAX_PAYLOAD) throw new IOException("A host channel frame of " + length + " bytes");
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(type, connection, payload);
    }

    /** Writes and flushes one frame; throws UncheckedIOException once the other side is gone. */
    public void write(int type, int connection, byte[] payload) {
        synchronized (out) {
            try {
                out.writeByte(type);
                out.writeInt(connection);
                out.writeInt(payload.length);
                out.write(payload);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // gone already
        }
    }

    /** Payloads of strings and numbers, written in order and read back in the same order. */
    public static byte[] payload(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(bytes)) {
            writer.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static DataInputStream reader(byte[] payload) {
        return new DataInputStream(new java.io.ByteArrayInputStream(payload));
    }

    public interface Writer {
        void write(DataOutputStream out) throws IOException;
    }
}
