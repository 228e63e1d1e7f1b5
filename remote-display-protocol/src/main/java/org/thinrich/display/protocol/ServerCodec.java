package org.thinrich.display.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.thinrich.display.protocol.Messages.ClientHello;
import org.thinrich.display.protocol.Messages.ClientMessage;
import org.thinrich.display.protocol.Messages.Close;
import org.thinrich.display.protocol.Messages.CursorShape;
import org.thinrich.display.protocol.Messages.DesktopSize;
import org.thinrich.display.protocol.Messages.EncodedRect;
import org.thinrich.display.protocol.Messages.FramebufferUpdate;
import org.thinrich.display.protocol.Messages.KeyInput;
import org.thinrich.display.protocol.Messages.Ping;
import org.thinrich.display.protocol.Messages.PointerInput;
import org.thinrich.display.protocol.Messages.Pong;
import org.thinrich.display.protocol.Messages.ResizeRequest;
import org.thinrich.display.protocol.Messages.ServerInit;
import org.thinrich.display.protocol.Messages.ServerMessage;
import org.thinrich.display.protocol.Messages.TextInput;
import org.thinrich.display.protocol.Messages.UpdateAck;
import org.thinrich.display.protocol.Messages.WheelInput;

/** The server's side of the wire: writes what the server sends, reads what the client sends. */
public final class ServerCodec {
    private ServerCodec() {
    }

    public static byte[] encode(ServerMessage message) {
        if (message instanceof FramebufferUpdate update) return encodeUpdate(update);
        WireWriter out = new WireWriter(64);
        if (message instanceof ServerInit init) {
            out.u8(MessageType.SERVER_INIT).u16(init.version()).u16(init.width()).u16(init.height())
                    .string(init.sessionId()).u32(init.maxMessageBytes()).u8(init.resumed() ? 1 : 0);
        } else if (message instanceof CursorShape cursor) {
            out.u8(MessageType.CURSOR_SHAPE).u8(cursor.shape());
        } else if (message instanceof DesktopSize size) {
            out.u8(MessageType.DESKTOP_SIZE).u16(size.width()).u16(size.height());
        } else if (message instanceof Ping ping) {
            out.u8(MessageType.SERVER_PING).u64(ping.payload());
        } else if (message instanceof Pong pong) {
            out.u8(MessageType.SERVER_PONG).u64(pong.payload());
        } else if (message instanceof Close close) {
            out.u8(MessageType.SERVER_CLOSE).u16(close.code()).string(close.reason());
        } else {
            throw new IllegalArgumentException("not a server message: " + message);
        }
        return out.toByteArray();
    }

    private static byte[] encodeUpdate(FramebufferUpdate update) {
        WireWriter out = new WireWriter(11 + update.rects().size() * 13 + update.payloadBytes());
        out.u8(MessageType.FRAMEBUFFER_UPDATE).u32(update.frame()).u32(update.inputReflected()).u16(update.rects().size());
        for (EncodedRect rect : update.rects()) {
            out.u16(rect.x()).u16(rect.y()).u16(rect.width()).u16(rect.height()).u8(rect.encoding())
                    .u32(rect.payload().length).bytes(rect.payload());
        }
        return out.toByteArray();
    }

    /** Reads one client message; throws {@link ProtocolException} for anything malformed or too large. */
    public static ClientMessage decode(ByteBuffer message) {
        if (message.remaining() > Limits.MAX_CLIENT_MESSAGE) {
            throw new ProtocolException(CloseCode.MESSAGE_TOO_LARGE, "A client message of " + message.remaining()
                    + " bytes is above the limit of " + Limits.MAX_CLIENT_MESSAGE);
        }
        WireReader in = new WireReader(message);
        int type = in.u8("message type");
        ClientMessage result = switch (type) {
            case MessageType.CLIENT_HELLO -> hello(in);
            case MessageType.UPDATE_ACK -> new UpdateAck(in.u32("frame"), in.u32("window"));
            case MessageType.POINTER -> new PointerInput(in.u32("input"), in.u16("x"), in.u16("y"), buttons(in), modifiers(in));
            case MessageType.WHEEL -> new WheelInput(in.u32("input"), in.u16("x"), in.u16("y"), in.i16("delta x"),
                    in.i16("delta y"), modifiers(in));
            case MessageType.KEY -> new KeyInput(in.u32("input"), bool(in, "pressed"), in.u16("key code"), modifiers(in));
            case MessageType.TEXT -> new TextInput(in.u32("input"), in.string("text", Limits.MAX_TEXT_BYTES));
            case MessageType.CLIENT_PING -> new Ping(in.u64("ping payload"));
            case MessageType.CLIENT_PONG -> new Pong(in.u64("pong payload"));
            case MessageType.CLIENT_CLOSE -> new Close(in.u16("close code"), in.string("close reason", Limits.MAX_STRING_BYTES));
            case MessageType.RESIZE_REQUEST -> new ResizeRequest(in.dimension("width", Limits.MAX_WIDTH),
                    in.dimension("height", Limits.MAX_HEIGHT));
            default -> throw new ProtocolException("Unknown client message type 0x" + Integer.toHexString(type));
        };
        in.end("Message type 0x" + Integer.toHexString(type));
        return result;
    }

    private static ClientHello hello(WireReader in) {
        int magic = in.rawInt("magic");
        if (magic != Limits.MAGIC) throw new ProtocolException("This is not a thin-client hello (magic 0x" + Integer.toHexString(magic) + ")");
        int version = in.u16("version");
        if (version != Limits.VERSION) {
            throw new ProtocolException(CloseCode.UNSUPPORTED_VERSION, "Protocol version " + version
                    + " is not supported; this server speaks version " + Limits.VERSION);
        }
        int maxMessage = in.u32("max message bytes");
        if (Integer.compareUnsigned(maxMessage, Limits.MIN_SERVER_MESSAGE) < 0) {
            throw new ProtocolException("A client that accepts server messages of at most " + Integer.toUnsignedString(maxMessage)
                    + " bytes cannot be sent a picture; accept at least " + Limits.MIN_SERVER_MESSAGE);
        }
        int count = in.u8("encoding count");
        if (count > Limits.MAX_ENCODINGS) throw new ProtocolException(count + " encodings offered, at most " + Limits.MAX_ENCODINGS);
        List<Integer> encodings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) encodings.add(in.u8("encoding"));
        String token = in.string("token", Limits.MAX_STRING_BYTES);
        String resume = in.string("resume session", Limits.MAX_STRING_BYTES);
        return new ClientHello(version, maxMessage, encodings, token, resume,
                in.dimension("width", Limits.MAX_WIDTH), in.dimension("height", Limits.MAX_HEIGHT));
    }


    private static int buttons(WireReader in) {
        int value = in.u8("buttons");
        if ((value & ~7) != 0) throw new ProtocolException("Unknown button bits 0x" + Integer.toHexString(value));
        return value;
    }

    private static int modifiers(WireReader in) {
        int value = in.u8("modifiers");
        if ((value & ~15) != 0) throw new ProtocolException("Unknown modifier bits 0x" + Integer.toHexString(value));
        return value;
    }

    private static boolean bool(WireReader in, String field) {
        int value = in.u8(field);
        if (value > 1) throw new ProtocolException(field + " must be 0 or 1, not " + value);
        return value == 1;
    }
}
