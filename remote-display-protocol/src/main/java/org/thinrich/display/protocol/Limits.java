package org.thinrich.display.protocol;

/** Bounds every decoder checks before it allocates anything. */
public final class Limits {
    public static final int MAGIC = 0x54524450; // "TRDP"
    public static final int VERSION = 1;
    public static final int MAX_WIDTH = 4096;
    public static final int MAX_HEIGHT = 4096;
    /** Client messages are small; anything larger is an attack or a bug. */
    public static final int MAX_CLIENT_MESSAGE = 4 * 1024;
    public static final int DEFAULT_MAX_SERVER_MESSAGE = 16 * 1024 * 1024;
    /** The least a client may say it accepts: a server cannot send a picture in less. */
    public static final int MIN_SERVER_MESSAGE = 64 * 1024;
    public static final int MAX_STRING_BYTES = 1024;
    public static final int MAX_TEXT_BYTES = 256;
    public static final int MAX_RECTANGLES = 16_384;
    public static final int MAX_ENCODINGS = 32;
    /** The sizes a session takes: a ResizeRequest outside them gets the nearest one. */
    public static final int MIN_SESSION_WIDTH = 640;
    public static final int MAX_SESSION_WIDTH = 1920;
    public static final int MIN_SESSION_HEIGHT = 480;
    public static final int MAX_SESSION_HEIGHT = 1200;

    private Limits() {
    }
}
