package org.thinrich.scenarios.link;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A running link's control, over HTTP on loopback, as Toxiproxy offers one: read its state, change
 * its profile, cut it for a while or bring it back, while connections through it stay open.
 *
 * <pre>
 * GET  /link                 the link: addresses, profile, whether it is down, bytes each way
 * GET  /profiles             the named profiles
 * POST /link/profile/NAME    take profile NAME from now on (open connections too)
 * POST /link/cut?seconds=S   an outage of S seconds (0 &lt; S &lt;= 86400): connections reset, new ones refused
 * POST /link/restore         end an outage now
 * </pre>
 * Answers are JSON; a mistake is a 4xx with {"error": "one sentence"}.
 */
public final class LinkControl implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WanLink link;
    private final HttpServer http;

    private LinkControl(WanLink link, HttpServer http) {
        this.link = link;
        this.http = http;
    }

    /** Serves {@code link}'s control on {@code address} (loopback: whoever reaches it can cut the link). */
    public static LinkControl serve(WanLink link, InetSocketAddress address) throws IOException {
        HttpServer http = HttpServer.create(address, 10);
        LinkControl control = new LinkControl(link, http);
        http.createContext("/", control::handle);
        http.start();
        return control;
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    /** The link's state as GET /link gives it. */
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("listen", hostPort(link.listenAddress()));
        state.put("target", hostPort(link.target()));
        LinkProfile p = link.profile();
        state.put("profile", p.name());
        state.put("rttMillis", p.rttMillis());
        state.put("downBitsPerSecond", p.downBitsPerSecond());
        state.put("upBitsPerSecond", p.upBitsPerSecond());
        state.put("down", link.isDown());
        LinkCounters c = link.counters();
        state.put("connections", c.connections());
        state.put("bytesUp", c.bytesUp());
        state.put("bytesDown", c.bytesDown());
        return state;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (method.equals("GET") && path.equals("/link")) {
                answer(exchange, 200, state());
            } else if (method.equals("GET") && path.equals("/profiles")) {
                answer(exchange, 200, LinkProfiles.all().stream().map(p -> Map.of("name", p.name(), "rttMillis", p.rttMillis(),
                        "downBitsPerSecond", p.downBitsPerSecond(), "upBitsPerSecond", p.upBitsPerSecond(), "source", p.source())).toList());
            } else if (method.equals("POST") && path.startsWith("/link/profile/")) {
                String name = path.substring("/link/profile/".length());
                var profile = LinkProfiles.find(name);
                if (profile.isEmpty()) {
                    error(exchange, 404, "Unknown link profile '" + name + "'; known: "
                            + String.join(", ", LinkProfiles.all().stream().map(LinkProfile::name).toList()) + ".");
                    return;
                }
                link.setProfile(profile.get());
                answer(exchange, 200, state());
            } else if (method.equals("POST") && path.equals("/link/cut")) {
                Double seconds = seconds(exchange.getRequestURI().getQuery());
                if (seconds == null || !(seconds > 0 && seconds <= 86_400)) {
                    error(exchange, 400, "Say how long the outage lasts: /link/cut?seconds=S with S above 0 and at most 86400.");
                    return;
                }
                link.cut(Duration.ofMillis(Math.round(seconds * 1000)));
                answer(exchange, 200, state());
            } else if (method.equals("POST") && path.equals("/link/restore")) {
                link.restore();
                answer(exchange, 200, state());
            } else {
                error(exchange, 404, "No such control: " + method + " " + path + "; there are GET /link, GET /profiles, "
                        + "POST /link/profile/NAME, POST /link/cut?seconds=S and POST /link/restore.");
            }
        }
    }

    private static Double seconds(String query) {
        if (query == null) return null;
        for (String pair : query.split("&")) {
            if (pair.startsWith("seconds=")) {
                try {
                    return Double.parseDouble(pair.substring("seconds=".length()));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static void error(HttpExchange exchange, int status, String sentence) throws IOException {
        answer(exchange, status, Map.of("error", sentence));
    }

    private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
