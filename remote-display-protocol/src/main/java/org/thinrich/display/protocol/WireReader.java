package org.thinrich.display.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads big-endian fields from one message, checking every length against what is left. */
public final class WireReader {
    private final ByteBuffer buffer;

    public WireReader(ByteBuffer buffer) {
        this.buffer = buffer.slice();
    }

    public WireReader(byte[] bytes) {
        this(ByteBuffer.wrap(bytes));
    }

    public int remaining() {
        return buffer.remaining();
    }

    public int u8(String field) {
        need(1, field);
        return buffer.get() & 0xFF;
    }

    public int u16(String field) {
        need(2, field);
        return buffer.getShort() & 0xFFFF;
    }

    public int i16(String field) {
        need(2, field);
        return buffer.getShort();
    }

    /** An unsigned 32-bit value that must fit an int (below 2^31). */
    public int u32(String field) {
        need(4, field);
        int value = buffer.getInt();
        if (value < 0) throw new ProtocolException(field + " is " + Integer.toUnsignedString(value) + ", above 2^31-1");
        return value;
    }

    public int rawInt(String field) {
        need(4, field);
        return buffer.getInt();
    }

    /** A width or height: a u16 from 1 to {@code max}. */
    public int dimension(String field, int max) {
        int value = u16(field);
        if (value < 1 || value > max) throw new ProtocolException(field + " " + value + " is outside 1.." + max);
        return value;
    }

    public long u64(String field) {
        need(8, field);
        return buffer.getLong();
    }

    /** A u16-length-prefixed UTF-8 string of at most {@code maxBytes} bytes. */
    public String string(String field, int maxBytes) {
        int length = u16(field + " length");
        if (length > maxBytes) throw new ProtocolException(field + " is " + length + " bytes, above the limit of " + maxBytes);
        need(length, field);
        ByteBuffer slice = buffer.slice().limit(length);
        buffer.position(buffer.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(field + " is not valid UTF-8");
        }
    }

    /** The next {@code length} bytes as a view, without copying. */
    public ByteBuffer bytes(int length, String field) {
        need(length, field);
        ByteBuffer slice = buffer.slice().limit(length);
        buffer.position(buffer.position() + length);
        return slice;
    }

    public void end(String message) {
        if (buffer.hasRemaining()) throw new ProtocolException(message + " has " + buffer.remaining() + " bytes too many");
    }

    private void need(int bytes, String field) {
        if (bytes < 0 || buffer.remaining() < bytes) {
            throw new ProtocolException("Truncated message: " + field + " needs " + bytes + " bytes, " + buffer.remaining() + " left");
        }
    }
}
