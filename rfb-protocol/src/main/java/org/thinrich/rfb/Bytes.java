package org.thinrich.rfb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A growing byte buffer with RFB's big-endian writers. */
public final class Bytes extends ByteArrayOutputStream {
    public Bytes() {
        super(256);
    }

    public Bytes(int size) {
        super(size);
    }

    public Bytes u8(int v) {
        write(v);
        return this;
    }

    public Bytes u16(int v) {
        write(v >>> 8);
        write(v);
        return this;
    }

    public Bytes u32(int v) {
        write(v >>> 24);
        write(v >>> 16);
        write(v >>> 8);
        write(v);
        return this;
    }

    public Bytes s32(int v) {
        return u32(v);
    }

    public Bytes bytes(byte[] b) {
        write(b, 0, b.length);
        return this;
    }

    /** u32 length, then the UTF-8 bytes (RFB's reason and name strings). */
    public Bytes string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return u32(b.length).bytes(b);
    }

    /** Tight's compact length: 7 bits a byte, low bits first, up to 3 bytes. */
    public Bytes compactLength(int n) {
        if (n < 0 || n > 0x3FFFFF) throw new IllegalArgumentException("Tight data of " + n + " bytes");
        if (n < 0x80) return u8(n);
        u8(0x80 | (n & 0x7F));
        if (n < 0x4000) return u8(n >>> 7);
        u8(0x80 | ((n >>> 7) & 0x7F));
        return u8(n >>> 14);
    }

    public byte[] array() {
        return buf;
    }
}
