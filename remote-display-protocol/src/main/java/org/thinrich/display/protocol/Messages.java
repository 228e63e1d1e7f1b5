package org.thinrich.display.protocol;

import java.util.List;

/**
 * Every message of the remote-display protocol; PROTOCOL.md gives their byte layout. Types the
 * client sends implement {@link ClientMessage}, types the server sends {@link ServerMessage}.
 */
public final class Messages {
    private Messages() {
    }

    /** Sent by the client. */
    public sealed interface ClientMessage permits ClientHello, UpdateAck, InputEvent, Ping, Pong, ResizeRequest, Close {
    }

    /** Sent by the server. */
    public sealed interface ServerMessage permits ServerInit, FramebufferUpdate, CursorShape, DesktopSize, Ping, Pong, Close {
    }

    /** Pointer, wheel, key and text input; {@code input} numbers them so updates can say which they reflect. */
    public sealed interface InputEvent extends ClientMessage permits PointerInput, WheelInput, KeyInput, TextInput {
        int input();
    }

    /** Modifier bits shared by all input. */
    public static final int SHIFT = 1;
    public static final int CONTROL = 2;
    public static final int ALT = 4;
    public static final int META = 8;

    /** Button bits of {@link PointerInput}. */
    public static final int PRIMARY = 1;
    public static final int MIDDLE = 2;
    public static final int SECONDARY = 4;

    public record ClientHello(int version, int maxMessageBytes, List<Integer> encodings, String token,
                              String resumeSession, int width, int height) implements ClientMessage {
        public ClientHello {
            encodings = List.copyOf(encodings);
        }
    }

    /**
     * The client has painted every update up to {@code frame} and can take {@code windowBytes} of
     * updates not yet acknowledged: the server keeps no more than that in flight.
     */
    public record UpdateAck(int frame, int windowBytes) implements ClientMessage {
    }

    /** Pointer position and the buttons held; a change of buttons is a press or release. */
    public record PointerInput(int input, int x, int y, int buttons, int modifiers) implements InputEvent {
    }

    public record WheelInput(int input, int x, int y, int deltaX, int deltaY, int modifiers) implements InputEvent {
    }

    /** A key pressed or released; {@code keyCode} is the virtual key code (java.awt.event.KeyEvent VK_ values). */
    public record KeyInput(int input, boolean pressed, int keyCode, int modifiers) implements InputEvent {
    }

    /** Characters typed, as a keyboard with an input method delivers them. */
    public record TextInput(int input, String text) implements InputEvent {
    }

    public record ResizeRequest(int width, int height) implements ClientMessage {
    }

    public record Ping(long payload) implements ClientMessage, ServerMessage {
    }

    public record Pong(long payload) implements ClientMessage, ServerMessage {
    }

    public record Close(int code, String reason) implements ClientMessage, ServerMessage {
    }

    /** 24-bit RGB pixels; {@code sessionId} resumes this session after a dropped connection. */
    public record ServerInit(int version, int width, int height, String sessionId, int maxMessageBytes, boolean resumed)
            implements ServerMessage {
    }

    /**
     * Rectangles to paint, in order. {@code inputReflected} is the highest input number whose
     * effect this frame shows: the client's input-to-display latency ends when it paints it.
     */
    public record FramebufferUpdate(int frame, int inputReflected, List<EncodedRect> rects) implements ServerMessage {
        public FramebufferUpdate {
            rects = List.copyOf(rects);
        }

        public int payloadBytes() {
            return rects.stream().mapToInt(r -> r.payload().length).sum();
        }
    }

    /** One rectangle of an update, its pixels in encoding {@code encoding} (see the encoding package). */
    public record EncodedRect(int x, int y, int width, int height, int encoding, byte[] payload) {
        public long pixels() {
            return (long) width * height;
        }
    }

    /** The pointer shape over the UI, from a fixed set (see {@link CursorShape#DEFAULT} and friends). */
    public record CursorShape(int shape) implements ServerMessage {
        public static final int DEFAULT = 0;
        public static final int HAND = 1;
        public static final int TEXT = 2;
        public static final int MOVE = 3;
        public static final int RESIZE_VERTICAL = 4;
        public static final int RESIZE_HORIZONTAL = 5;
        public static final int CROSSHAIR = 6;
        public static final int WAIT = 7;
    }

    /** The framebuffer changed size; the client starts over with a blank one. */
    public record DesktopSize(int width, int height) implements ServerMessage {
    }
}
