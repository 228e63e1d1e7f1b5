package org.thinrich.scenarios.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The capture files and the Wireshark dissectors, checked against the protocols' own hex vectors:
 * every vector of both PROTOCOL.md files is written as a WebSocket message into a pcapng file by
 * {@link PacketCapture}, inside a connection with its HTTP upgrade; tshark (Debian's) reads the file
 * with docs/wireshark/thinrich.lua, and each message must come out under its vector's name, with
 * every field the vector names and the dissector shows holding the vector's value.
 */
class PacketCaptureTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path TSHARK = Path.of("/usr/bin/tshark");
    private static final Pattern VECTOR = Pattern.compile("^vector: (client|server) (\\w+)\\[(.*)\\]$");

    @TempDir
    Path directory;

    @BeforeAll
    static void tshark() {
        boolean required = "1".equals(System.getenv("THINRICH_REQUIRE_TSHARK"));
        if (!Files.isExecutable(TSHARK)) {
            if (required) throw new AssertionError("THINRICH_REQUIRE_TSHARK=1 but " + TSHARK + " is missing (apt-get install tshark)");
            Assumptions.abort("tshark is not installed");
        }
    }

    record Vector(boolean fromClient, String name, Map<String, String> fields, byte[] bytes) {
    }

    /** The vectors of a PROTOCOL.md, in order: direction, name, the top-level fields of its title, and its bytes. */
    static List<Vector> vectors(Path protocol) throws Exception {
        List<String> lines = Files.readAllLines(protocol);
        List<Vector> vectors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = VECTOR.matcher(lines.get(i));
            if (!m.matches()) continue;
            StringBuilder hex = new StringBuilder();
            int j = i + 1;
            while (!lines.get(j).startsWith("```")) j++;
            for (j++; !lines.get(j).startsWith("```"); j++) hex.append(lines.get(j).replace(" ", ""));
            byte[] bytes = java.util.HexFormat.of().parseHex(hex);
            vectors.add(new Vector(m.group(1).equals("client"), m.group(2), topLevel(m.group(3)), bytes));
        }
        return vectors;
    }

    /** "a=1, b=X[c=2, d=3], e=" to {a=1, e=}: fields whose values hold brackets are left out. */
    static Map<String, String> topLevel(String inside) {
        Map<String, String> fields = new LinkedHashMap<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= inside.length(); i++) {
            char c = i < inside.length() ? inside.charAt(i) : ',';
            if (c == '[' || c == '(') depth++;
            if (c == ']' || c == ')') depth--;
            if (c == ',' && depth == 0) {
                String part = inside.substring(start, i).strip();
                int eq = part.indexOf('=');
                if (eq > 0 && !part.contains("[") && !part.contains("(")) fields.put(part.substring(0, eq), part.substring(eq + 1));
                start = i + 1;
            }
        }
        return fields;
    }

    /** One WebSocket binary frame; a client's is masked, as RFC 6455 requires. */
    static byte[] frame(byte[] payload, boolean masked) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x82);
        int mask = masked ? 0x80 : 0;
        if (payload.length < 126) {
            f.write(mask | payload.length);
        } else {
            f.write(mask | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xff);
        }
        if (masked) {
            byte[] key = {0x12, 0x34, 0x56, 0x78};
            f.writeBytes(key);
            for (int i = 0; i < payload.length; i++) f.write(payload[i] ^ key[i % 4]);
        } else {
            f.writeBytes(payload);
        }
        return f.toByteArray();
    }

    private static void connection(PacketCapture capture, int clientPort, String path, List<Vector> vectors) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        PacketCapture.Connection c = capture.open(new InetSocketAddress(loopback, clientPort), new InetSocketAddress(loopback, 8080));
        byte[] upgrade = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] switching = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        c.data(true, upgrade, 0, upgrade.length);
        c.data(false, switching, 0, switching.length);
        for (Vector v : vectors) {
            byte[] frame = frame(v.bytes(), v.fromClient());
            c.data(v.fromClient(), frame, 0, frame.length);
        }
        c.close();
    }

    /** Per dissected message (packets in order): the protocol's fields by name, each with the values shown. */
    private List<Map<String, List<String>>> dissect(Path pcap, String protocol) throws Exception {
        Path xml = directory.resolve(protocol + ".pdml");
        Process tshark = new ProcessBuilder(TSHARK.toString(), "-X", "lua_script:" + ROOT.resolve("docs/wireshark/thinrich.lua"), "-r",
                pcap.toString(), "-Y", protocol, "-T", "pdml").redirectOutput(xml.toFile()).redirectError(directory.resolve("err").toFile()).start();
        try {
            assertThat(tshark.waitFor(2, TimeUnit.MINUTES)).isTrue();
        } finally {
            tshark.destroyForcibly();
        }
        assertThat(tshark.exitValue()).as(Files.readString(directory.resolve("err"))).isZero();
        String err = Files.readString(directory.resolve("err"));
        assertThat(err).as("the Lua script loads without error").doesNotContainIgnoringCase("lua: Error").doesNotContain("Malformed");
        NodeList packets = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile()).getElementsByTagName("packet");
        List<Map<String, List<String>>> messages = new ArrayList<>();
        for (int p = 0; p < packets.getLength(); p++) {
            NodeList protos = ((Element) packets.item(p)).getElementsByTagName("proto");
            for (int q = 0; q < protos.getLength(); q++) {
                Element proto = (Element) protos.item(q);
                if (!proto.getAttribute("name").equals(protocol)) continue;
                Map<String, List<String>> fields = new HashMap<>();
                NodeList all = proto.getElementsByTagName("field");
                for (int f = 0; f < all.getLength(); f++) {
                    Element field = (Element) all.item(f);
                    fields.computeIfAbsent(field.getAttribute("name"), k -> new ArrayList<>()).add(field.getAttribute("show"));
                }
                messages.add(fields);
            }
        }
        return messages;
    }

    private static String normalised(String value) {
        if (value.equals("true")) return "1";
        if (value.equals("false")) return "0";
        try {
            return Long.toString(Long.decode(value));
        } catch (NumberFormatException notANumber) {
            return value;
        }
    }

    /** Checks each message against its vector; returns how many fields were compared. */
    private static int check(String protocol, List<Vector> vectors, List<Map<String, List<String>>> messages) {
        assertThat(messages).as(protocol + ": one dissected message per vector").hasSize(vectors.size());
        int compared = 0;
        for (int i = 0; i < vectors.size(); i++) {
            Vector v = vectors.get(i);
            Map<String, List<String>> m = messages.get(i);
            assertThat(m.get(protocol + ".message")).as(protocol + " vector " + i).containsExactly(v.name());
            assertThat(m).as(protocol + " " + v.name() + ": no malformed part").doesNotContainKey("_ws.expert");
            for (var field : v.fields().entrySet()) {
                List<String> shown = m.get(protocol + "." + field.getKey().toLowerCase(java.util.Locale.ROOT));
                if (shown == null) continue;
                assertThat(shown).as(protocol + " " + v.name() + "." + field.getKey()).hasSize(1);
                assertThat(normalised(shown.get(0))).as(protocol + " " + v.name() + "." + field.getKey()).isEqualTo(normalised(field.getValue()));
                compared++;
            }
        }
        return compared;
    }

    @Test
    void everyVectorOfBothProtocolsIsDissectedAsItsVectorSays() throws Exception {
        List<Vector> display = vectors(ROOT.resolve("remote-display-protocol/PROTOCOL.md"));
        List<Vector> sync = vectors(ROOT.resolve("calendar-sync-protocol/PROTOCOL.md"));
        assertThat(display).hasSizeGreaterThanOrEqualTo(12);
        assertThat(sync).hasSizeGreaterThanOrEqualTo(12);
        Path pcap = directory.resolve("vectors.pcapng");
        try (PacketCapture capture = PacketCapture.create(pcap)) {
            connection(capture, 40001, "/display", display);
            connection(capture, 40002, "/sync", sync);
        }
        int compared = check("trdp", display, dissect(pcap, "trdp")) + check("trsp", sync, dissect(pcap, "trsp"));
        assertThat(compared).as("fields checked against the vectors").isGreaterThanOrEqualTo(40);
    }

    @Test
    void theCaptureIsWellFormedTcp() throws Exception {
        Path pcap = directory.resolve("tcp.pcapng");
        byte[] big = new byte[5000];
        try (PacketCapture capture = PacketCapture.create(pcap)) {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            PacketCapture.Connection c = capture.open(new InetSocketAddress(loopback, 40003), new InetSocketAddress(loopback, 9000));
            c.data(true, big, 0, big.length);
            c.data(false, big, 0, 10);
            c.close();
        }
        // tshark's own analysis: no bad checksum, no missing segment, sequence numbers continuous.
        Process tshark = new ProcessBuilder(TSHARK.toString(), "-r", pcap.toString(), "-o", "tcp.check_checksum:TRUE", "-o",
                "ip.check_checksum:TRUE", "-T", "fields", "-e", "tcp.flags.str", "-e", "tcp.len", "-e", "_ws.expert.message")
                .redirectErrorStream(false).redirectOutput(directory.resolve("out").toFile()).redirectError(directory.resolve("err").toFile()).start();
        assertThat(tshark.waitFor(1, TimeUnit.MINUTES)).isTrue();
        List<String> lines = Files.readAllLines(directory.resolve("out"));
        // SYN, SYN-ACK, ACK, 4 segments of at most 1448 bytes, 1 back, FIN each way
        assertThat(lines).hasSize(3 + 4 + 1 + 2);
        assertThat(lines.stream().map(l -> l.split("\t", -1)[1]).toList()).containsExactly("0", "0", "0", "1448", "1448", "1448", "656", "10",
                "0", "0");
        assertThat(lines).allSatisfy(l -> assertThat(l.split("\t", -1)[2]).as(l).doesNotContain("checksum").doesNotContain("previous segment"));
    }
}
