package org.thinrich.rfb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's messages after the handshake (RFC 6143 7.5): reading them off a byte stream that may
 * hold part of one (server side), and writing them (client side).
 */
public final class ClientMessages {
    public sealed interface ClientMessage permits SetPixelFormat, SetEncodings, UpdateRequest, KeyEvent, PointerEvent, CutText,
            EnableContinuousUpdates, Fence, SetDesktopSize {
    }

    public record SetPixelFormat(PixelFormat format) implements ClientMessage {
    }

    /** Encodings and pseudo-encodings, the client's preferred first. */
    public record SetEncodings(List<Integer> encodings) implements ClientMessage {
    }

    public record UpdateRequest(boolean incremental, int x, int y, int width, int height) implements ClientMessage {
    }

    /** An X11 keysym pressed or released. */
    public record KeyEvent(boolean down, int keysym) implements ClientMessage {
    }

    /** Buttons held (bit 0 left, 1 middle, 2 right, 3 and 4 wheel up and down) and the position. */
    public record PointerEvent(int buttons, int x, int y) implements ClientMessage {
    }

    /** Latin-1 text the client's clipboard holds. */
    public record CutText(String text) implements ClientMessage {
    }

    /** Updates pushed for this area without requests (enable), or no longer (TigerVNC's extension). */
    public record EnableContinuousUpdates(boolean enable, int x, int y, int width, int height) implements ClientMessage {
    }

    /**
     * A fence (TigerVNC's extension): with {@link Rfb#FENCE_REQUEST} a request the server answers with
     * the same payload, else the viewer's answer to the server's. At most 64 bytes of payload.
     */
    public record Fence(int flags, byte[] payload) implements ClientMessage {
        public Fence {
            if (payload.length > Rfb.MAX_FENCE_PAYLOAD) throw new IllegalArgumentException("A fence carries at most 64 bytes");
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Fence f && f.flags == flags && java.util.Arrays.equals(f.payload, payload);
        }

        @Override
        public int hashCode() {
            return flags * 31 + java.util.Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Fence[flags=0x" + Integer.toHexString(flags) + ", payload=" + java.util.HexFormat.of().formatHex(payload) + "]";
        }
    }

    /**
     * A framebuffer size the viewer asks for, with its screen layout (16 bytes a screen: id, x, y,
     * width, height, flags), which the server's answer repeats.
     */
    public record SetDesktopSize(int width, int height, byte[] screens) implements ClientMessage {
        public SetDesktopSize {
            if (screens.length % 16 != 0 || screens.length / 16 > 255) throw new IllegalArgumentException("1 to 255 screens of 16 bytes");
            screens = screens.clone();
        }

        /** One screen (id 0, no flags) covering the whole framebuffer. */
        public static SetDesktopSize oneScreen(int width, int height) {
            return new SetDesktopSize(width, height, new Bytes(16).u32(0).u16(0).u16(0).u16(width).u16(height).u32(0).toByteArray());
        }

        @Override
        public byte[] screens() {
            return screens.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SetDesktopSize d && d.width == width && d.height == height && java.util.Arrays.equals(d.screens, screens);
        }

        @Override
        public int hashCode() {
            return (width * 31 + height) * 31 + java.util.Arrays.hashCode(screens);
        }

        @Override
        public String toString() {
            return "SetDesktopSize[width=" + width + ", height=" + height + ", screens=" + java.util.HexFormat.of().formatHex(screens) + "]";
        }
    }

    private ClientMessages() {
    }

    /**
     * The next whole message at {@code in}'s position, consumed; null when {@code in} holds only part
     * of one (nothing consumed). Throws {@link RfbException} for a message no reading can fix.
     */
    public static ClientMessage read(ByteBuffer in) {
        if (!in.hasRemaining()) return null;
        int start = in.position();
        int type = in.get(start) & 0xFF;
        int available = in.remaining();
        switch (type) {
            case Rfb.SET_PIXEL_FORMAT -> {
                if (available < 20) return null;
                in.position(start + 4);
                return new SetPixelFormat(PixelFormat.read(in));
            }
            case Rfb.SET_ENCODINGS -> {
                if (available < 4) return null;
                int count = in.getShort(start + 2) & 0xFFFF;
                if (count > Rfb.MAX_ENCODINGS) throw new RfbException("SetEncodings with " + count + " encodings; at most " + Rfb.MAX_ENCODINGS);
                if (available < 4 + 4 * count) return null;
                in.position(start + 4);
                List<Integer> encodings = new ArrayList<>(count);
                for (int i = 0; i < count; i++) encodings.add(in.getInt());
                return new SetEncodings(List.copyOf(encodings));
            }
            case Rfb.FRAMEBUFFER_UPDATE_REQUEST -> {
                if (available < 10) return null;
                int[] f = flagAndArea(in, start);
                return new UpdateRequest(f[0] != 0, f[1], f[2], f[3], f[4]);
            }
            case Rfb.KEY_EVENT -> {
                if (available < 8) return null;
                in.position(start + 1);
                boolean down = in.get() != 0;
                in.getShort();
                return new KeyEvent(down, in.getInt());
            }
            case Rfb.POINTER_EVENT -> {
                if (available < 6) return null;
                in.position(start + 1);
                return new PointerEvent(in.get() & 0xFF, in.getShort() & 0xFFFF, in.getShort() & 0xFFFF);
            }
            case Rfb.CLIENT_CUT_TEXT -> {
                if (available < 8) return null;
                int length = in.getInt(start + 4);
                // A negative length is TigerVNC's extended clipboard; its text is not taken either way.
                int size = Math.abs(length == Integer.MIN_VALUE ? Integer.MAX_VALUE : length);
                if (size > Rfb.MAX_CLIENT_TEXT) throw new RfbException("ClientCutText of " + size + " bytes; at most " + Rfb.MAX_CLIENT_TEXT);
                if (available < 8 + size) return null;
                byte[] text = new byte[size];
                in.position(start + 8);
                in.get(text);
                return new CutText(length < 0 ? "" : new String(text, StandardCharsets.ISO_8859_1));
            }
            case Rfb.ENABLE_CONTINUOUS_UPDATES -> {
                if (available < 10) return null;
                int[] f = flagAndArea(in, start);
                return new EnableContinuousUpdates(f[0] != 0, f[1], f[2], f[3], f[4]);
            }
            case Rfb.FENCE -> {
                if (available < 9) return null;
                int length = in.get(start + 8) & 0xFF;
                if (length > Rfb.MAX_FENCE_PAYLOAD) throw new RfbException("A fence of " + length + " bytes; at most " + Rfb.MAX_FENCE_PAYLOAD);
                if (available < 9 + length) return null;
                int flags = in.getInt(start + 4);
                byte[] payload = new byte[length];
                in.position(start + 9);
                in.get(payload);
                return new Fence(flags, payload);
            }
            case Rfb.SET_DESKTOP_SIZE -> {
                if (available < 8) return null;
                int count = in.get(start + 6) & 0xFF;
                if (count == 0) throw new RfbException("SetDesktopSize with no screen");
                if (available < 8 + 16 * count) return null;
                int width = in.getShort(start + 2) & 0xFFFF;
                int height = in.getShort(start + 4) & 0xFFFF;
                byte[] screens = new byte[16 * count];
                in.position(start + 8);
                in.get(screens);
                return new SetDesktopSize(width, height, screens);
            }
            default -> throw new RfbException("Unknown client message type " + type);
        }
    }

    /** After the type byte: a u8 flag, then u16 x, y, width, height (FramebufferUpdateRequest, EnableContinuousUpdates). */
    private static int[] flagAndArea(ByteBuffer in, int start) {
        in.position(start + 1);
        return new int[] {in.get() & 0xFF, in.getShort() & 0xFFFF, in.getShort() & 0xFFFF, in.getShort() & 0xFFFF, in.getShort() & 0xFFFF};
    }

    /** A fence, the same both ways: type 248, 3 padding, flags, payload length, payload. */
    public static byte[] fence(int flags, byte[] payload) {
        return new Bytes(9 + payload.length).u8(Rfb.FENCE).u8(0).u16(0).u32(flags).u8(payload.length).bytes(payload).toByteArray();
    }

    public static byte[] write(ClientMessage message) {
        Bytes out = new Bytes(32);
        if (message instanceof SetPixelFormat m) {
            out.u8(Rfb.SET_PIXEL_FORMAT).u8(0).u16(0);
            m.format().write(out);
        } else if (message instanceof SetEncodings m) {
            out.u8(Rfb.SET_ENCODINGS).u8(0).u16(m.encodings().size());
            for (int e : m.encodings()) out.s32(e);
        } else if (message instanceof UpdateRequest m) {
            out.u8(Rfb.FRAMEBUFFER_UPDATE_REQUEST).u8(m.incremental() ? 1 : 0).u16(m.x()).u16(m.y()).u16(m.width()).u16(m.height());
        } else if (message instanceof KeyEvent m) {
            out.u8(Rfb.KEY_EVENT).u8(m.down() ? 1 : 0).u16(0).u32(m.keysym());
        } else if (message instanceof PointerEvent m) {
            out.u8(Rfb.POINTER_EVENT).u8(m.buttons()).u16(m.x()).u16(m.y());
        } else if (message instanceof CutText m) {
            byte[] text = m.text().getBytes(StandardCharsets.ISO_8859_1);
            out.u8(Rfb.CLIENT_CUT_TEXT).u8(0).u16(0).u32(text.length).bytes(text);
        } else if (message instanceof EnableContinuousUpdates m) {
            out.u8(Rfb.ENABLE_CONTINUOUS_UPDATES).u8(m.enable() ? 1 : 0).u16(m.x()).u16(m.y()).u16(m.width()).u16(m.height());
        } else if (message instanceof Fence m) {
            return fence(m.flags(), m.payload());
        } else if (message instanceof SetDesktopSize m) {
            out.u8(Rfb.SET_DESKTOP_SIZE).u8(0).u16(m.width()).u16(m.height()).u8(m.screens().length / 16).u8(0).bytes(m.screens());
        }
        return out.toByteArray();
    }
}
