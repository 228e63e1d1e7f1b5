package org.thinrich.display.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes big-endian fields of one message. */
public final class WireWriter {
    private final ByteArrayOutputStream out;

    public WireWriter(int expectedSize) {
        out = new ByteArrayOutputStream(expectedSize);
    }

    public WireWriter u8(int value) {
        out.write(value);
        return this;
    }

    public WireWriter u16(int value) {
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    public WireWriter u32(int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    public WireWriter u64(long value) {
        u32((int) (value >>> 32));
        return u32((int) value);
    }

    public WireWriter string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0xFFFF) throw new IllegalArgumentException("string of " + utf8.length + " bytes");
        u16(utf8.length);
        out.write(utf8, 0, utf8.length);
        return this;
    }

    public WireWriter bytes(byte[] value, int offset, int length) {
        out.write(value, offset, length);
        return this;
    }

    public WireWriter bytes(byte[] value) {
        return bytes(value, 0, value.length);
    }

    public int size() {
        return out.size();
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
