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

/** The client's side of the wire: writes what the client sends, reads what the server sends. */
public final class ClientCodec {
    private ClientCodec() {
    }

    public static byte[] encode(ClientMessage message) {
        WireWriter out = new WireWriter(32);
        if (message instanceof ClientHello hello) {
            out.u8(MessageType.CLIENT_HELLO).u32(Limits.MAGIC).u16(hello.version()).u32(hello.maxMessageBytes())
                    .u8(hello.encodings().size());
            hello.encodings().forEach(out::u8);
            out.string(hello.token()).string(hello.resumeSession()).u16(hello.width()).u16(hello.height());
        } else if (message instanceof UpdateAck ack) {
            out.u8(MessageType.UPDATE_ACK).u32(ack.frame()).u32(ack.windowBytes());
        } else if (message instanceof PointerInput p) {
            out.u8(MessageType.POINTER).u32(p.input()).u16(p.x()).u16(p.y()).u8(p.buttons()).u8(p.modifiers());
        } else if (message instanceof WheelInput w) {
            out.u8(MessageType.WHEEL).u32(w.input()).u16(w.x()).u16(w.y()).u16(w.deltaX()).u16(w.deltaY()).u8(w.modifiers());
        } else if (message instanceof KeyInput k) {
            out.u8(MessageType.KEY).u32(k.input()).u8(k.pressed() ? 1 : 0).u16(k.keyCode()).u8(k.modifiers());
        } else if (message instanceof TextInput t) {
            out.u8(MessageType.TEXT).u32(t.input()).string(t.text());
        } else if (message instanceof Ping ping) {
            out.u8(MessageType.CLIENT_PING).u64(ping.payload());
        } else if (message instanceof Pong pong) {
            out.u8(MessageType.CLIENT_PONG).u64(pong.payload());
        } else if (message instanceof Close close) {
            out.u8(MessageType.CLIENT_CLOSE).u16(close.code()).string(close.reason());
        } else if (message instanceof ResizeRequest resize) {
            out.u8(MessageType.RESIZE_REQUEST).u16(resize.width()).u16(resize.height());
        } else {
            throw new IllegalArgumentException("not a client message: " + message);
        }
        return out.toByteArray();
    }

    /**
     * Reads one server message of at most {@code maxMessageBytes}; rectangle payloads are checked
     * against the bytes present before they are copied.
     */
    public static ServerMessage decode(ByteBuffer message, int maxMessageBytes) {
        if (message.remaining() > maxMessageBytes) {
            throw new ProtocolException(CloseCode.MESSAGE_TOO_LARGE, "A server message of " + message.remaining()
                    + " bytes is above the limit of " + maxMessageBytes);
        }
        WireReader in = new WireReader(message);
        int type = in.u8("message type");
        ServerMessage result = switch (type) {
            case MessageType.SERVER_INIT -> new ServerInit(in.u16("version"), in.dimension("width", Limits.MAX_WIDTH),
                    in.dimension("height", Limits.MAX_HEIGHT), in.string("session id", Limits.MAX_STRING_BYTES),
                    in.u32("max message bytes"), in.u8("resumed") == 1);
            case MessageType.FRAMEBUFFER_UPDATE -> update(in);
            case MessageType.CURSOR_SHAPE -> new CursorShape(in.u8("cursor shape"));
            case MessageType.DESKTOP_SIZE -> new DesktopSize(in.dimension("width", Limits.MAX_WIDTH), in.dimension("height", Limits.MAX_HEIGHT));
            case MessageType.SERVER_PING -> new Ping(in.u64("ping payload"));
            case MessageType.SERVER_PONG -> new Pong(in.u64("pong payload"));
            case MessageType.SERVER_CLOSE -> new Close(in.u16("close code"), in.string("close reason", Limits.MAX_STRING_BYTES));
            default -> throw new ProtocolException("Unknown server message type 0x" + Integer.toHexString(type));
        };
        in.end("Message type 0x" + Integer.toHexString(type));
        return result;
    }

    private static FramebufferUpdate update(WireReader in) {
        int frame = in.u32("frame");
        int input = in.u32("input reflected");
        int count = in.u16("rectangle count");
        if (count > Limits.MAX_RECTANGLES) throw new ProtocolException(count + " rectangles, at most " + Limits.MAX_RECTANGLES);
        // Each rectangle takes at least 13 bytes: refuse a count the message cannot hold before allocating.
        if ((long) count * 13 > in.remaining()) throw new ProtocolException("Truncated message: " + count + " rectangles announced");
        List<EncodedRect> rects = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int x = in.u16("x");
            int y = in.u16("y");
            int width = in.dimension("rectangle width", Limits.MAX_WIDTH);
            int height = in.dimension("rectangle height", Limits.MAX_HEIGHT);
            int encoding = in.u8("encoding");
            int length = in.u32("payload length");
            ByteBuffer payload = in.bytes(length, "rectangle payload");
            byte[] copy = new byte[length];
            payload.get(copy);
            rects.add(new EncodedRect(x, y, width, height, encoding, copy));
        }
        return new FramebufferUpdate(frame, input, rects);
    }

}
