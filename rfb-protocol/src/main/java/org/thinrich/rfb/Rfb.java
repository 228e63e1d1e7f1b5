package org.thinrich.rfb;

/** Numbers of RFB 3.8 (RFC 6143) and of the extensions this project speaks; PROTOCOL.md has the tables. */
public final class Rfb {
    public static final String VERSION_3_8 = "RFB 003.008\n";

    // Security types and VeNCrypt subtypes.
    public static final int SECURITY_VENCRYPT = 19;
    public static final int VENCRYPT_PLAIN = 256;

    // Client to server.
    public static final int SET_PIXEL_FORMAT = 0;
    public static final int SET_ENCODINGS = 2;
    public static final int FRAMEBUFFER_UPDATE_REQUEST = 3;
    public static final int KEY_EVENT = 4;
    public static final int POINTER_EVENT = 5;
    public static final int CLIENT_CUT_TEXT = 6;
    /** TigerVNC's extension: updates pushed without requests while enabled. */
    public static final int ENABLE_CONTINUOUS_UPDATES = 150;
    /** Both ways: a synchronisation point in the stream (TigerVNC's extension). */
    public static final int FENCE = 248;
    /** The viewer asks for another framebuffer size (after an ExtendedDesktopSize rectangle). */
    public static final int SET_DESKTOP_SIZE = 251;

    // Server to client.
    public static final int FRAMEBUFFER_UPDATE = 0;
    public static final int BELL = 2;
    public static final int SERVER_CUT_TEXT = 3;
    /** Announces continuous updates, and says they have stopped after the viewer disabled them. */
    public static final int END_OF_CONTINUOUS_UPDATES = 150;

    // Fence flags.
    public static final int FENCE_BLOCK_BEFORE = 1;
    public static final int FENCE_BLOCK_AFTER = 1 << 1;
    public static final int FENCE_SYNC_NEXT = 1 << 2;
    public static final int FENCE_REQUEST = 1 << 31;
    /** ExtendedDesktopSize's reason (its x) and status (its y). */
    public static final int SIZE_BY_SERVER = 0;
    public static final int SIZE_BY_THIS_VIEWER = 1;
    public static final int SIZE_OK = 0;
    public static final int SIZE_PROHIBITED = 1;
    public static final int SIZE_INVALID_LAYOUT = 3;
    /** A fence's payload is at most this long. */
    public static final int MAX_FENCE_PAYLOAD = 64;

    // Encodings.
    public static final int RAW = 0;
    public static final int COPY_RECT = 1;
    public static final int TIGHT = 7;
    public static final int ZRLE = 16;
    // Pseudo-encodings.
    public static final int JPEG_QUALITY_0 = -32;
    public static final int JPEG_QUALITY_9 = -23;
    public static final int DESKTOP_SIZE = -223;
    public static final int LAST_RECT = -224;
    public static final int CURSOR = -239;
    public static final int COMPRESS_LEVEL_0 = -256;
    public static final int COMPRESS_LEVEL_9 = -247;
    public static final int EXTENDED_DESKTOP_SIZE = -308;
    public static final int FENCE_PSEUDO = -312;
    public static final int CONTINUOUS_UPDATES_PSEUDO = -313;

    /** The most a client may put in one message (ClientCutText, SetEncodings), as servers in the field bound it. */
    public static final int MAX_CLIENT_TEXT = 256 * 1024;
    public static final int MAX_ENCODINGS = 1024;
    public static final int MAX_CREDENTIAL = 1024;

    private Rfb() {
    }

    public static String encodingName(int id) {
        return switch (id) {
            case RAW -> "raw";
            case COPY_RECT -> "copyrect";
            case TIGHT -> "tight";
            case ZRLE -> "zrle";
            default -> "encoding " + id;
        };
    }

    /** The encoding called {@code name} ("raw", "copyrect", "zrle", "tight"). */
    public static int encodingId(String name) {
        return switch (name) {
            case "raw" -> RAW;
            case "copyrect" -> COPY_RECT;
            case "tight" -> TIGHT;
            case "zrle" -> ZRLE;
            default -> throw new IllegalArgumentException("There is no VNC encoding called " + name + "; choose from raw, copyrect, zrle, tight.");
        };
    }
}
