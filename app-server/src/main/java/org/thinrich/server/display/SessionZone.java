package org.thinrich.server.display;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * The time zone a thin client asks its session to show, from {@code /display?zone=Europe/Berlin}
 * (PROTOCOL.md 1): a session renders the calendar as its user's own clock reads it, not as the
 * server's. Without the parameter the session takes the server's zone (--zone).
 *
 * @param zone  the zone asked for, or null for the server's
 * @param error one sentence when the parameter names no zone; the connection is then closed with it
 */
public record SessionZone(ZoneId zone, String error) {
    public static final SessionZone SERVERS = new SessionZone(null, null);

    /** Reads the {@code zone} parameter of a query string (null or without it: the server's zone). */
    public static SessionZone fromQuery(String query) {
        if (query == null) return SERVERS;
        for (String pair : query.split("&")) {
            if (!pair.startsWith("zone=")) continue;
            String name = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            if (name.isEmpty() || name.length() > 64) return SERVERS;
            try {
                return new SessionZone(ZoneId.of(name), null);
            } catch (DateTimeException e) {
                return new SessionZone(null, "Unknown time zone '" + name + "'; send an IANA zone name such as Europe/Berlin, or none.");
            }
        }
        return SERVERS;
    }
}
