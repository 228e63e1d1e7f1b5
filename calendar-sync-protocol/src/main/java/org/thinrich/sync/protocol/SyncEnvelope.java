package org.thinrich.sync.protocol;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A message on the wire (PROTOCOL.md section 1): a flags byte, then the Kryo body, deflated when
 * that makes a large body smaller. One WebSocket binary message carries one envelope.
 */
final class SyncEnvelope {
    static final int PLAIN = 0x00;
    static final int DEFLATED = 0x01;

    private SyncEnvelope() {
    }

    static byte[] encode(Object message) {
        byte[] body = SyncKryo.withKryo(kryo -> {
            Output out = new Output(256, SyncLimits.MAX_MESSAGE_BYTES);
            out.writeByte(0); // room for the flags, so a plain message is one array
            try {
                kryo.writeClassAndObject(out, message);
            } catch (KryoException e) {
                throw new IllegalArgumentException("A " + message.getClass().getSimpleName() + " is larger than "
                        + SyncLimits.MAX_MESSAGE_BYTES + " bytes.", e);
            }
            return out.toBytes();
        });
        int bodyLength = body.length - 1;
        if (bodyLength > SyncLimits.COMPRESS_ABOVE_BYTES) {
            byte[] deflated = deflate(body, 1, bodyLength);
            Output header = new Output(8);
            header.writeByte(DEFLATED);
            header.writeVarInt(bodyLength, true);
            if (header.position() + deflated.length < body.length) {
                byte[] result = new byte[header.position() + deflated.length];
                System.arraycopy(header.getBuffer(), 0, result, 0, header.position());
                System.arraycopy(deflated, 0, result, header.position(), deflated.length);
                return result;
            }
        }
        body[0] = PLAIN;
        return body;
    }

    static <T> T decode(ByteBuffer wire, Class<T> expected, String side) {
        int length = wire.remaining();
        if (length > SyncLimits.MAX_MESSAGE_BYTES) {
            throw new SyncProtocolException(SyncCloseCode.TOO_BIG, "A message of " + length + " bytes is beyond the limit of "
                    + SyncLimits.MAX_MESSAGE_BYTES + ".");
        }
        if (length == 0) throw new SyncProtocolException("An empty message.");
        byte[] bytes = new byte[length];
        wire.get(bytes);
        try {
            Input in = new Input(bytes);
            int flags = in.readByte() & 0xFF;
            if (flags == DEFLATED) {
                int inflated = in.readVarInt(true);
                if (inflated <= 0 || inflated > SyncLimits.MAX_MESSAGE_BYTES) {
                    throw new SyncProtocolException(SyncCloseCode.TOO_BIG, "A compressed message claims " + inflated
                            + " bytes; the limit is " + SyncLimits.MAX_MESSAGE_BYTES + ".");
                }
                in = new Input(inflate(bytes, in.position(), inflated));
            } else if (flags != PLAIN) {
                throw new SyncProtocolException("Unknown envelope flags 0x" + Integer.toHexString(flags) + ".");
            }
            Input body = in;
            T message = SyncKryo.withKryo(kryo -> SyncKryo.readOne(kryo, body, expected, side + " message"));
            if (body.position() != body.limit()) {
                throw new SyncProtocolException((body.limit() - body.position()) + " bytes follow the end of a "
                        + message.getClass().getSimpleName() + ".");
            }
            return message;
        } catch (KryoException e) {
            throw new SyncProtocolException("A truncated or malformed message: " + e.getMessage().lines().findFirst().orElse("") + ".");
        }
    }

    private static byte[] deflate(byte[] data, int offset, int length) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(data, offset, length);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(length / 3 + 16);
            byte[] chunk = new byte[8192];
            while (!deflater.finished()) out.write(chunk, 0, deflater.deflate(chunk));
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] data, int offset, int inflatedLength) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(data, offset, data.length - offset);
            byte[] result = new byte[inflatedLength];
            int n = 0;
            while (n < inflatedLength) {
                int got = inflater.inflate(result, n, inflatedLength - n);
                if (got == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) break;
                n += got;
            }
            if (n != inflatedLength) {
                throw new SyncProtocolException("A compressed message inflates to " + n + " bytes, not the " + inflatedLength + " it claims.");
            }
            // The stream must end exactly here: its end-of-stream marker read, nothing inflating beyond, nothing after it.
            if (inflater.inflate(new byte[1]) != 0) {
                throw new SyncProtocolException("A compressed message inflates to more than the " + inflatedLength + " bytes it claims.");
            }
            if (!inflater.finished() || inflater.getRemaining() != 0) {
                throw new SyncProtocolException("A compressed message is truncated or has bytes after its end.");
            }
            return result;
        } catch (DataFormatException e) {
            throw new SyncProtocolException("A compressed message is not valid deflate data.");
        } finally {
            inflater.end();
        }
    }
}
