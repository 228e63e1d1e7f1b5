package org.thinrich.server.caldav;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where a CalDAV resource is, and its href:
 * <pre>
 * /dav/                                  the root: who am I (current-user-principal)
 * /dav/principals/USER/                  a user: where their calendars are (calendar-home-set)
 * /dav/calendars/USER/                   the calendar home: one collection per calendar
 * /dav/calendars/USER/CALENDAR/          a calendar collection
 * /dav/calendars/USER/CALENDAR/EVENT.ics an event (a series with its rule counts as one)
 * </pre>
 */
record DavPath(Kind kind, String user, String calendarId, String eventId) {
    static final String ROOT = "/dav/";
    static final String EVENT_SUFFIX = ".ics";

    enum Kind { ROOT, PRINCIPAL, HOME, CALENDAR, EVENT, NOWHERE }

    /** The resource at a decoded request path; NOWHERE when the layout has none there. */
    static DavPath of(String path) {
        if (path.equals("/dav") || path.equals(ROOT)) return new DavPath(Kind.ROOT, null, null, null);
        if (!path.startsWith(ROOT)) return nowhere();
        String[] parts = Arrays.stream(path.substring(ROOT.length()).split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        if (parts.length == 2 && parts[0].equals("principals")) return new DavPath(Kind.PRINCIPAL, parts[1], null, null);
        if (parts.length < 2 || !parts[0].equals("calendars")) return nowhere();
        if (parts.length == 2) return new DavPath(Kind.HOME, parts[1], null, null);
        if (parts.length == 3) return new DavPath(Kind.CALENDAR, parts[1], parts[2], null);
        if (parts.length == 4 && parts[3].endsWith(EVENT_SUFFIX) && parts[3].length() > EVENT_SUFFIX.length()) {
            return new DavPath(Kind.EVENT, parts[1], parts[2], parts[3].substring(0, parts[3].length() - EVENT_SUFFIX.length()));
        }
        return nowhere();
    }

    /** The resource an href names, as a client writes it in a request body: a path or a whole URL, percent-encoded. */
    static DavPath ofHref(String href) {
        try {
            String path = new URI(href.strip()).getPath();
            return path == null ? nowhere() : of(path);
        } catch (URISyntaxException e) {
            return of(href.strip());
        }
    }

    private static DavPath nowhere() {
        return new DavPath(Kind.NOWHERE, null, null, null);
    }

    static String principal(String user) {
        return ROOT + "principals/" + segment(user) + "/";
    }

    static String home(String user) {
        return ROOT + "calendars/" + segment(user) + "/";
    }

    static String calendar(String user, String calendarId) {
        return home(user) + segment(calendarId) + "/";
    }

    static String event(String user, String calendarId, String eventId) {
        return calendar(user, calendarId) + segment(eventId) + EVENT_SUFFIX;
    }

    /** One path segment, percent-encoded where a character is not safe in it as it is. */
    static String segment(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "._~@+=:-".indexOf(c) >= 0)) out.write(c);
            else out.writeBytes(String.format("%%%02X", b & 0xff).getBytes(StandardCharsets.US_ASCII));
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
