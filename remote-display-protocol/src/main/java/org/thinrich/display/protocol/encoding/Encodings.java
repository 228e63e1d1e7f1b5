package org.thinrich.display.protocol.encoding;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.thinrich.display.protocol.ProtocolException;

/** Every encoding by wire id. Adding an encoding: one class, one line here. */
public final class Encodings {
    public static final RawEncoding RAW = new RawEncoding();
    public static final CopyRectEncoding COPY_RECT = new CopyRectEncoding();
    public static final SolidEncoding SOLID = new SolidEncoding();
    public static final ZflatEncoding ZFLAT = new ZflatEncoding();
    public static final ZstdEncoding ZSTD = new ZstdEncoding();
    public static final JpegEncoding JPEG = new JpegEncoding();

    public static final List<Encoding> ALL = List.of(RAW, COPY_RECT, SOLID, ZFLAT, ZSTD, JPEG);
    private static final Map<Integer, Encoding> BY_ID = ALL.stream().collect(Collectors.toMap(Encoding::id, Function.identity()));

    private Encodings() {
    }

    public static Encoding byId(int id) {
        Encoding encoding = BY_ID.get(id);
        if (encoding == null) throw new ProtocolException("Unknown encoding " + id);
        return encoding;
    }

    public static List<Integer> allIds() {
        return ALL.stream().map(Encoding::id).toList();
    }

    /** Every encoding that works on this machine: what a server can use. */
    public static List<Integer> available() {
        return ALL.stream().filter(Encoding::available).map(Encoding::id).toList();
    }

    /** What a client offers unless told otherwise: every lossless encoding that works here. */
    public static List<Integer> offeredByDefault() {
        return ALL.stream().filter(e -> e.available() && !e.lossy()).map(Encoding::id).toList();
    }

    /** The id of the encoding called {@code name} ("zstd", "zflat", ...). */
    public static int idOf(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("There is no encoding called " + name + "; choose from "
                        + ALL.stream().map(Encoding::name).toList() + "."))
                .id();
    }

    public static String nameOf(int id) {
        Encoding encoding = BY_ID.get(id);
        return encoding == null ? "encoding-" + id : encoding.name();
    }
}
