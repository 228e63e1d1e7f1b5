package org.thinrich.scenarios.drive;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.thinrich.calendar.core.CalendarChange;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.ical.ICalendarCodec;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A CalDAV client as desktop calendar programs are (Thunderbird, Evolution, DAVx5): it finds the
 * user's calendars from the server's root, keeps a local copy of each, and brings it up to date by
 * polling: a sync-collection report per calendar, then one calendar-multiget for what changed.
 * Edits are PUTs and DELETEs with If-Match on the ETag the copy holds. Thread-safe: the program's
 * own poll runs beside its user's edits.
 */
public final class CalDavReplica {
    /** Hrefs fetched per calendar-multiget, as programs batch them. */
    static final int MULTIGET_BATCH = 100;
    private static final String DAV = "DAV:";
    private static final String CALDAV = "urn:ietf:params:xml:ns:caldav";

    /** One calendar's copy: its sync token and, by href, each event with its ETag. */
    private static final class Collection {
        final String href;
        final String name;
        String token = "";
        final Map<String, Entry> entries = new LinkedHashMap<>();

        Collection(String href, String name) {
            this.href = href;
            this.name = name;
        }
    }

    record Entry(String etag, CalendarEvent event) {
    }

    /** The answer to a write: the status and the new ETag, if the server gave one. */
    public record Written(int status, String etag) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();
    private final URI base;
    private final String authorization;
    private final ZoneId zone;
    private final Duration timeout;
    private final ICalendarCodec codec = new ICalendarCodec();
    private final List<Collection> collections = new ArrayList<>();
    private final AtomicLong requests = new AtomicLong();

    public CalDavReplica(URI base, String user, String password, ZoneId zone, Duration timeout) {
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.zone = zone;
        this.timeout = timeout;
    }

    /** Discovery as RFC 6764 and 4791 have it: the principal, its calendar home, the calendars in it; then a first sync. */
    public synchronized void connect() throws Exception {
        Element root = multistatus(send("PROPFIND", "/.well-known/caldav", "0",
                "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:current-user-principal/></d:prop></d:propfind>", Map.of()));
        String principal = text(root, DAV, "current-user-principal", "href").orElseThrow(() -> new IllegalStateException("no principal"));
        Element p = multistatus(send("PROPFIND", principal, "0", "<d:propfind xmlns:d=\"DAV:\" xmlns:c=\"" + CALDAV + "\">"
                + "<d:prop><c:calendar-home-set/></d:prop></d:propfind>", Map.of()));
        String home = text(p, CALDAV, "calendar-home-set", "href").orElseThrow(() -> new IllegalStateException("no calendar home"));
        Element h = multistatus(send("PROPFIND", home, "1", "<d:propfind xmlns:d=\"DAV:\" xmlns:cs=\"http://calendarserver.org/ns/\">"
                + "<d:prop><d:resourcetype/><d:displayname/><cs:getctag/><d:sync-token/></d:prop></d:propfind>", Map.of()));
        collections.clear();
        for (Element response : elements(h, DAV, "response")) {
            if (elements(response, CALDAV, "calendar").isEmpty()) continue;
            String href = text(response, DAV, "href").orElseThrow();
            collections.add(new Collection(href, text(response, DAV, "displayname").orElse(href)));
        }
        if (collections.isEmpty()) throw new IllegalStateException("the server lists no calendars");
        poll();
    }

    /** Brings every calendar's copy up to date; returns what changed, as the program's views would hear it. */
    public synchronized List<CalendarChange> poll() throws Exception {
        List<CalendarChange> changes = new ArrayList<>();
        for (Collection c : collections) changes.addAll(sync(c));
        return changes;
    }

    private List<CalendarChange> sync(Collection c) throws Exception {
        Element answer = multistatus(send("REPORT", c.href, "1", "<d:sync-collection xmlns:d=\"DAV:\"><d:sync-token>" + c.token
                + "</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>", Map.of()));
        List<CalendarChange> changes = new ArrayList<>();
        List<String> fetch = new ArrayList<>();
        for (Element response : elements(answer, DAV, "response")) {
            String href = text(response, DAV, "href").orElseThrow();
            Optional<String> etag = text(response, DAV, "getetag");
            if (etag.isEmpty()) { // gone (404)
                Entry gone = c.entries.remove(href);
                if (gone != null) changes.add(new CalendarChange(CalendarChange.Kind.DELETED, gone.event()));
                continue;
            }
            Entry held = c.entries.get(href);
            if (held == null || !held.etag().equals(etag.get())) fetch.add(href);
        }
        for (int from = 0; from < fetch.size(); from += MULTIGET_BATCH) {
            StringBuilder body = new StringBuilder("<c:calendar-multiget xmlns:d=\"DAV:\" xmlns:c=\"" + CALDAV + "\">"
                    + "<d:prop><d:getetag/><c:calendar-data/></d:prop>");
            for (String href : fetch.subList(from, Math.min(fetch.size(), from + MULTIGET_BATCH))) {
                body.append("<d:href>").append(href).append("</d:href>");
            }
            Element got = multistatus(send("REPORT", c.href, "1", body.append("</c:calendar-multiget>").toString(), Map.of()));
            for (Element response : elements(got, DAV, "response")) {
                Optional<String> data = text(response, CALDAV, "calendar-data");
                if (data.isEmpty()) continue;
                String href = text(response, DAV, "href").orElseThrow();
                CalendarEvent event = codec.readEvent(data.get(), calendarId(c), zone).events().get(0);
                Entry before = c.entries.put(href, new Entry(text(response, DAV, "getetag").orElse(""), event));
                changes.add(new CalendarChange(before == null ? CalendarChange.Kind.CREATED : CalendarChange.Kind.UPDATED, event));
            }
        }
        c.token = text(answer, DAV, "sync-token").orElse(c.token);
        return changes;
    }

    /** The calendar's id: the last segment of its href. */
    private static String calendarId(Collection c) {
        String trimmed = c.href.endsWith("/") ? c.href.substring(0, c.href.length() - 1) : c.href;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    /** Events in the copy that may show in [from, to), as a program's week or month view asks. */
    public synchronized List<CalendarEvent> events(Instant from, Instant to) {
        List<CalendarEvent> result = new ArrayList<>();
        for (Collection c : collections) {
            for (Entry e : c.entries.values()) if (e.event().mayShowIn(from, to)) result.add(e.event());
        }
        result.sort(java.util.Comparator.comparing(CalendarEvent::start).thenComparing(CalendarEvent::id));
        return result;
    }

    public synchronized Optional<CalendarEvent> event(String id) {
        return entry(id).map(Entry::event);
    }

    public synchronized String firstCalendarId() {
        return calendarId(collections.get(0));
    }

    private Optional<Entry> entry(String id) {
        for (Collection c : collections) {
            for (Entry e : c.entries.values()) if (e.event().id().equals(id)) return Optional.of(e);
        }
        return Optional.empty();
    }

    private Optional<Collection> collectionOf(String calendarId) {
        return collections.stream().filter(c -> calendarId(c).equals(calendarId)).findFirst();
    }

    private static String href(Collection c, String id) {
        return c.href + id + ".ics";
    }

    /** Shows the edit in the copy at once, as programs do before the server answers. */
    public synchronized void putLocally(CalendarEvent event) {
        Collection c = collectionOf(event.calendarId()).orElseThrow();
        String etag = Optional.ofNullable(c.entries.get(href(c, event.id()))).map(Entry::etag).orElse("");
        c.entries.put(href(c, event.id()), new Entry(etag, event));
    }

    /** PUT of the event: If-None-Match for a new one, If-Match on the ETag held for a changed one. */
    public Written put(CalendarEvent event, String ifMatch) throws Exception {
        Collection c;
        synchronized (this) {
            c = collectionOf(event.calendarId()).orElseThrow();
        }
        Map<String, String> condition = ifMatch == null || ifMatch.isEmpty() ? Map.of("If-None-Match", "*") : Map.of("If-Match", ifMatch);
        java.util.Map<String, String> headers = new java.util.HashMap<>(condition);
        headers.put("Content-Type", "text/calendar; charset=utf-8");
        HttpResponse<String> r = send("PUT", href(c, event.id()), null, codec.writeEvent(event), headers);
        String etag = r.headers().firstValue("ETag").orElse("");
        synchronized (this) {
            if (r.statusCode() / 100 == 2) c.entries.put(href(c, event.id()), new Entry(etag, event));
        }
        return new Written(r.statusCode(), etag);
    }

    public synchronized String etagOf(String id) {
        return entry(id).map(Entry::etag).orElse("");
    }

    /** Takes the event out of the copy (the views), returning the ETag it had. */
    public synchronized String forget(String id) {
        CalendarEvent e = event(id).orElseThrow();
        Collection c = collectionOf(e.calendarId()).orElseThrow();
        Entry held = c.entries.remove(href(c, id));
        return held == null ? "" : held.etag();
    }

    /** DELETE with If-Match on the ETag the copy held. */
    public Written delete(CalendarEvent event, String etag) throws Exception {
        Collection c;
        synchronized (this) {
            c = collectionOf(event.calendarId()).orElseThrow();
        }
        HttpResponse<String> r = send("DELETE", href(c, event.id()), null, null, etag.isEmpty() ? Map.of() : Map.of("If-Match", etag));
        return new Written(r.statusCode(), "");
    }

    public long requests() {
        return requests.get();
    }

    private HttpResponse<String> send(String method, String path, String depth, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", authorization)
                .header("Accept-Encoding", "gzip"); // as Thunderbird and DAVx5 ask
        if (depth != null) b.header("Depth", depth).header("Content-Type", "application/xml; charset=utf-8");
        headers.forEach(b::header);
        requests.incrementAndGet();
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), GUNZIPPED);
        } catch (java.io.IOException e) {
            // A kept-alive connection the server closed while idle (its timeout, about as long as a
            // poll interval): programs send the request again on a new one, and so do we, once.
            requests.incrementAndGet();
            r = http.send(b.build(), GUNZIPPED);
        }
        if (r.statusCode() == 301 || r.statusCode() == 302) {
            String location = r.headers().firstValue("Location").orElseThrow();
            return send(method, location, depth, body, headers);
        }
        if (r.statusCode() == 401) throw new IllegalStateException("The server refused the user name or password (401).");
        return r;
    }

    /** The body as text, unzipped when the server gzipped it. */
    private static final HttpResponse.BodyHandler<String> GUNZIPPED = info -> HttpResponse.BodySubscribers.mapping(
            HttpResponse.BodySubscribers.ofByteArray(), bytes -> {
                boolean gzip = info.headers().firstValue("Content-Encoding").map(v -> v.equalsIgnoreCase("gzip")).orElse(false);
                if (!gzip) return new String(bytes, StandardCharsets.UTF_8);
                try (var in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(bytes))) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });

    private static Element multistatus(HttpResponse<String> r) throws Exception {
        if (r.statusCode() != 207) {
            throw new IllegalStateException(r.request().method() + " " + r.uri().getPath() + " answered " + r.statusCode() + ": " + r.body());
        }
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8))).getDocumentElement();
    }

    private static List<Element> elements(Element in, String namespace, String name) {
        NodeList list = in.getElementsByTagNameNS(namespace, name);
        List<Element> result = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) result.add((Element) list.item(i));
        return result;
    }

    /** The text of the first element at this path of names below {@code in} (the first name in {@code namespace}, the rest in DAV:). */
    private static Optional<String> text(Element in, String namespace, String name, String... below) {
        List<Element> found = elements(in, namespace, name);
        if (found.isEmpty()) return Optional.empty();
        Node n = found.get(0);
        for (String child : below) {
            List<Element> inner = elements((Element) n, DAV, child);
            if (inner.isEmpty()) return Optional.empty();
            n = inner.get(0);
        }
        return Optional.of(n.getTextContent().strip());
    }
}
