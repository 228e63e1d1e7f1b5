package org.thinrich.server.caldav;

import static org.thinrich.server.caldav.DavXml.caldav;
import static org.thinrich.server.caldav.DavXml.dav;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.namespace.QName;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.calendar.core.CalendarChange;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.UnknownEventException;
import org.thinrich.calendar.core.UserCalendar;
import org.thinrich.calendar.core.ValidationException;
import org.thinrich.calendar.core.ical.ICalendarCodec;
import org.thinrich.calendar.core.ical.ICalendarFormatException;
import org.thinrich.calendar.core.ical.ICalendarImport;
import org.thinrich.server.ServerMetrics;
import org.thinrich.server.caldav.DavXml.Multistatus;
import org.thinrich.server.caldav.DavXml.Value;
import org.thinrich.server.http.ClientAddress;
import org.thinrich.server.http.HttpError;
import org.thinrich.server.http.LoginThrottle;
import org.thinrich.server.http.RequestBodies;
import org.thinrich.server.store.CalendarStore;
import org.thinrich.server.store.PreconditionFailed;
import org.thinrich.server.store.StoreException;
import org.thinrich.server.store.UserAccounts;
import org.w3c.dom.Element;

/**
 * CalDAV (RFC 4791) over the same store and accounts as the HTTP API and both clients: discovery,
 * PROPFIND, calendar-query, calendar-multiget, sync-collection (RFC 6578) on the store's change
 * log, and GET/PUT/DELETE of events as iCalendar with strong ETags (the event's version). What a
 * CalDAV client writes reaches rich clients and thin sessions through the store's listeners, as
 * every other write does. Requests outside /dav/ and /.well-known/caldav go on to the next handler.
 */
public final class CalDavHandler extends Handler.Wrapper {
    private static final Logger log = LoggerFactory.getLogger(CalDavHandler.class);
    static final String REALM = "thinrich calendar";
    /** Report and PROPFIND bodies: a multiget of 10,000 hrefs fits. */
    static final int MAX_XML_BYTES = 1024 * 1024;
    static final int MAX_EVENT_BYTES = 256 * 1024;
    /** The most members one sync-collection answer lists; more are announced with a 507 and continue from its token. */
    static final int SYNC_PAGE = 5_000;
    private static final String TOKEN_PREFIX = "urn:thinrich:sync:";
    private static final Pattern TOKEN = Pattern.compile(Pattern.quote(TOKEN_PREFIX) + "(-?\\d+):(\\d+)");
    private static final String EVENT_TYPE = "text/calendar; charset=utf-8; component=VEVENT";

    private final CalendarStore store;
    private final ServerMetrics metrics;
    private final ZoneId zone;
    private final BasicAuthentication authentication;
    private final Set<String> trustedProxies;
    private final boolean plainHttpAllowed;
    private final ICalendarCodec ics = new ICalendarCodec();

    /**
     * {@code plainHttpAllowed}: whether clients on other machines may send their password without
     * TLS (loopback clients and clients behind a TLS-terminating trusted proxy always may).
     */
    public CalDavHandler(CalendarStore store, UserAccounts accounts, LoginThrottle throttle, ServerMetrics metrics, ZoneId zone,
                         Set<String> trustedProxies, boolean plainHttpAllowed, Handler next) {
        super(next);
        this.store = store;
        this.metrics = metrics;
        this.zone = zone;
        this.authentication = new BasicAuthentication(accounts, throttle, System::nanoTime);
        this.trustedProxies = Set.copyOf(trustedProxies);
        this.plainHttpAllowed = plainHttpAllowed;
    }

    /** An answer: status, headers and body. */
    private record Reply(int status, Map<String, String> headers, byte[] body) {
        static Reply of(int status) {
            return new Reply(status, Map.of(), new byte[0]);
        }

        static Reply multistatus(Multistatus m) {
            return new Reply(207, Map.of("Content-Type", "application/xml; charset=utf-8"), m.bytes());
        }

        static Reply error(int status, QName precondition, String message) {
            return new Reply(status, Map.of("Content-Type", "application/xml; charset=utf-8"), DavXml.error(precondition, message));
        }

        static Reply text(int status, String message) {
            return new Reply(status, Map.of("Content-Type", "text/plain; charset=utf-8"), (message + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (path.equals("/.well-known/caldav") || path.equals("/.well-known/caldav/")) {
            // RFC 6764: the well-known name redirects to where the service is.
            return send(request, response, callback, new Reply(HttpStatus.MOVED_PERMANENTLY_301, Map.of("Location", DavPath.ROOT), new byte[0]));
        }
        if (!path.equals("/dav") && !path.startsWith(DavPath.ROOT)) return super.handle(request, response, callback);
        metrics.increment("caldav_requests");
        Reply reply;
        try {
            reply = answer(request, request.getMethod(), DavPath.of(path));
        } catch (HttpError e) {
            reply = Reply.text(e.status(), e.getMessage());
        } catch (StoreException e) {
            log.error("Store failure on CalDAV {} {}", request.getMethod(), path, e);
            reply = Reply.text(HttpStatus.SERVICE_UNAVAILABLE_503, "The calendar store is unavailable; try again shortly.");
        } catch (RuntimeException e) {
            log.error("Failure on CalDAV {} {}", request.getMethod(), path, e);
            reply = Reply.text(HttpStatus.INTERNAL_SERVER_ERROR_500, "The server failed on this request; its log has the details.");
        }
        if (reply.status() >= 400) metrics.increment("caldav_errors");
        return send(request, response, callback, reply);
    }

    private static boolean send(Request request, Response response, Callback callback, Reply reply) {
        response.setStatus(reply.status());
        reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        boolean head = request.getMethod().equals("HEAD");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(reply.body()), callback);
        return true;
    }

    private Reply answer(Request request, String method, DavPath target) {
        if (method.equals("OPTIONS")) {
            return new Reply(200, Map.of("DAV", "1, 3, calendar-access", "Allow",
                    "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, REPORT"), new byte[0]);
        }
        String address = ClientAddress.of(request, trustedProxies);
        if (!plainHttpAllowed && !ClientAddress.loopback(address) && !ClientAddress.overTls(request, trustedProxies)) {
            throw new HttpError(HttpStatus.FORBIDDEN_403, "CalDAV clients send their password with every request: connect "
                    + "over https (a TLS proxy in front of this server) or start the server with --caldav-over-plain-http.");
        }
        BasicAuthentication.Outcome outcome = authentication.check(request.getHeaders().get(HttpHeader.AUTHORIZATION), address);
        if (outcome instanceof BasicAuthentication.Outcome.Throttled t) {
            long seconds = Math.max(1, (t.retryAfter().toMillis() + 999) / 1000);
            metrics.increment("logins_throttled");
            Reply r = Reply.text(HttpStatus.TOO_MANY_REQUESTS_429, "Too many failed logins; try again in " + seconds + " s.");
            return new Reply(r.status(), Map.of("Content-Type", "text/plain; charset=utf-8", "Retry-After", Long.toString(seconds),
                    "Connection", "close"), r.body());
        }
        // A refusal leaves the request's body unread, so the server closes the connection after it; saying
        // so keeps a client from sending its retry (with credentials) into a connection being closed
        // (python3-caldav then saw "Remote end closed connection without response").
        if (outcome instanceof BasicAuthentication.Outcome.Refused refused) {
            Reply r = Reply.text(HttpStatus.UNAUTHORIZED_401, refused.reason());
            return new Reply(r.status(), Map.of("Content-Type", "text/plain; charset=utf-8",
                    "WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"", "Connection", "close"), r.body());
        }
        String user = ((BasicAuthentication.Outcome.User) outcome).name();
        // Someone else's resources answer as if they did not exist, as in the HTTP API.
        if (target.kind() == DavPath.Kind.NOWHERE || target.user() != null && !target.user().equals(user)) {
            throw new HttpError(HttpStatus.NOT_FOUND_404, "There is nothing at " + Request.getPathInContext(request) + ".");
        }
        switch (method) {
            case "PROPFIND":
                return propfind(request, user, target);
            case "REPORT":
                return report(request, user, target);
            case "GET":
            case "HEAD":
                return get(user, target);
            case "PUT":
                return put(request, user, target);
            case "DELETE":
                return delete(request, user, target);
            case "PROPPATCH":
                return proppatch(request, target);
            case "MKCALENDAR":
            case "MKCOL":
                return Reply.error(HttpStatus.FORBIDDEN_403, dav("resource-must-be-null"),
                        "Calendars are made in the calendar programs of this workbench, not over CalDAV.");
            default:
                throw new HttpError(HttpStatus.METHOD_NOT_ALLOWED_405, method + " is not supported here.");
        }
    }

    // ---- PROPFIND ----

    private Reply propfind(Request request, String user, DavPath target) {
        String depth = Optional.ofNullable(request.getHeaders().get("Depth")).orElse("0").strip();
        if (depth.equalsIgnoreCase("infinity")) {
            return Reply.error(HttpStatus.FORBIDDEN_403, dav("propfind-finite-depth"), "Ask with Depth 0 or 1.");
        }
        Element body = DavXml.parse(RequestBodies.read(request, MAX_XML_BYTES));
        List<QName> asked = null; // null: all properties
        boolean namesOnly = false;
        if (body != null) {
            Element prop = DavXml.child(body, dav("prop"));
            if (prop != null) asked = DavXml.propNames(prop);
            else namesOnly = DavXml.child(body, dav("propname")) != null;
        }
        Multistatus m = new Multistatus();
        boolean children = depth.equals("1");
        switch (target.kind()) {
            case ROOT -> {
                m.resource(DavPath.ROOT, rootProperties(user), asked, namesOnly);
            }
            case PRINCIPAL -> m.resource(DavPath.principal(user), principalProperties(user), asked, namesOnly);
            case HOME -> {
                m.resource(DavPath.home(user), homeProperties(user), asked, namesOnly);
                if (children) {
                    long token = store.latestVersion(user);
                    for (UserCalendar c : store.calendars(user)) {
                        m.resource(DavPath.calendar(user, c.id()), calendarProperties(user, c, token), asked, namesOnly);
                    }
                }
            }
            case CALENDAR -> {
                UserCalendar calendar = calendar(user, target.calendarId());
                m.resource(DavPath.calendar(user, calendar.id()), calendarProperties(user, calendar, store.latestVersion(user)), asked, namesOnly);
                if (children) {
                    for (CalendarEvent e : store.numbered(user, store.eventsInCalendar(user, calendar.id()))) {
                        m.resource(DavPath.event(user, calendar.id(), e.id()), eventProperties(e, asked), asked, namesOnly);
                    }
                }
            }
            case EVENT -> {
                CalendarEvent e = store.numbered(user, event(user, target));
                m.resource(DavPath.event(user, e.calendarId(), e.id()), eventProperties(e, asked), asked, namesOnly);
            }
            default -> throw new IllegalStateException(target.kind().name());
        }
        return Reply.multistatus(m);
    }

    private static Map<QName, Value> common(String user) {
        Map<QName, Value> p = new LinkedHashMap<>();
        p.put(dav("current-user-principal"), Value.href(DavPath.principal(user)));
        p.put(dav("principal-collection-set"), Value.href(DavPath.ROOT + "principals/"));
        return p;
    }

    private static Map<QName, Value> rootProperties(String user) {
        Map<QName, Value> p = common(user);
        p.put(dav("resourcetype"), w -> DavXml.element(w, dav("collection"), Value.EMPTY));
        return p;
    }

    private static Map<QName, Value> principalProperties(String user) {
        Map<QName, Value> p = common(user);
        p.put(dav("resourcetype"), w -> DavXml.element(w, dav("principal"), Value.EMPTY));
        p.put(dav("displayname"), Value.text(user));
        p.put(dav("principal-URL"), Value.href(DavPath.principal(user)));
        p.put(caldav("calendar-home-set"), Value.href(DavPath.home(user)));
        return p;
    }

    private static Map<QName, Value> homeProperties(String user) {
        Map<QName, Value> p = common(user);
        p.put(dav("resourcetype"), w -> DavXml.element(w, dav("collection"), Value.EMPTY));
        p.put(dav("displayname"), Value.text(user));
        p.put(dav("owner"), Value.href(DavPath.principal(user)));
        return p;
    }

    private Map<QName, Value> calendarProperties(String user, UserCalendar calendar, long latest) {
        Map<QName, Value> p = common(user);
        String token = token(user, latest);
        p.put(dav("resourcetype"), w -> {
            DavXml.element(w, dav("collection"), Value.EMPTY);
            DavXml.element(w, caldav("calendar"), Value.EMPTY);
        });
        p.put(dav("displayname"), Value.text(calendar.name()));
        p.put(dav("owner"), Value.href(DavPath.principal(user)));
        p.put(new QName(DavXml.APPLE_ICAL, "calendar-color"), Value.text(calendar.colour().hex()));
        p.put(new QName(DavXml.CALENDARSERVER, "getctag"), Value.text(token));
        p.put(dav("sync-token"), Value.text(token));
        p.put(caldav("supported-calendar-component-set"), w -> {
            w.writeEmptyElement("c", "comp", DavXml.CALDAV);
            w.writeAttribute("name", "VEVENT");
        });
        p.put(dav("supported-report-set"), w -> {
            for (QName report : List.of(caldav("calendar-multiget"), caldav("calendar-query"), dav("sync-collection"))) {
                DavXml.element(w, dav("supported-report"), x -> DavXml.element(x, dav("report"), y -> DavXml.element(y, report, Value.EMPTY)));
            }
        });
        p.put(dav("current-user-privilege-set"), w -> {
            for (String privilege : List.of("read", "write", "write-content", "write-properties", "bind", "unbind", "read-current-user-privilege-set")) {
                DavXml.element(w, dav("privilege"), x -> DavXml.element(x, dav(privilege), Value.EMPTY));
            }
        });
        p.put(dav("getcontenttype"), Value.text("text/calendar; charset=utf-8"));
        return p;
    }

    /** An event's properties; its iCalendar text is made only when asked for (calendar-data, getcontentlength). */
    private Map<QName, Value> eventProperties(CalendarEvent e, List<QName> asked) {
        Map<QName, Value> p = new LinkedHashMap<>();
        p.put(dav("getetag"), Value.text(etag(e)));
        p.put(dav("getcontenttype"), Value.text(EVENT_TYPE));
        p.put(dav("resourcetype"), Value.EMPTY);
        p.put(dav("getlastmodified"), Value.text(DateTimeFormatter.RFC_1123_DATE_TIME.format(e.lastModified().atOffset(ZoneOffset.UTC))));
        if (asked != null && (asked.contains(caldav("calendar-data")) || asked.contains(dav("getcontentlength")))) {
            String text = ics.writeEvent(e);
            p.put(caldav("calendar-data"), Value.text(text));
            p.put(dav("getcontentlength"), Value.text(Integer.toString(text.getBytes(StandardCharsets.UTF_8).length)));
        }
        return p;
    }

    // ---- REPORT ----

    private Reply report(Request request, String user, DavPath target) {
        Element body = DavXml.parse(RequestBodies.read(request, MAX_XML_BYTES));
        if (body == null) throw new HttpError(HttpStatus.BAD_REQUEST_400, "A REPORT needs a body saying which report.");
        QName kind = DavXml.name(body);
        if (target.kind() != DavPath.Kind.CALENDAR) {
            return Reply.error(HttpStatus.FORBIDDEN_403, dav("supported-report"), "Ask for reports on a calendar collection.");
        }
        UserCalendar calendar = calendar(user, target.calendarId());
        List<QName> asked = DavXml.propNames(DavXml.child(body, dav("prop")));
        if (kind.equals(caldav("calendar-multiget"))) return multiget(user, calendar, body, asked);
        if (kind.equals(caldav("calendar-query"))) return query(user, calendar, body, asked);
        if (kind.equals(dav("sync-collection"))) return syncCollection(user, calendar, body, asked);
        return Reply.error(HttpStatus.FORBIDDEN_403, dav("supported-report"), "The report " + kind.getLocalPart() + " is not supported.");
    }

    private Reply multiget(String user, UserCalendar calendar, Element body, List<QName> asked) {
        Multistatus m = new Multistatus();
        for (Element href : DavXml.all(body, dav("href"))) {
            String text = href.getTextContent().strip();
            DavPath path = DavPath.ofHref(text);
            Optional<CalendarEvent> event = path.kind() == DavPath.Kind.EVENT && user.equals(path.user()) && calendar.id().equals(path.calendarId())
                    ? store.event(user, path.eventId()).filter(e -> e.calendarId().equals(calendar.id())) : Optional.empty();
            if (event.isPresent()) m.resource(text, eventProperties(store.numbered(user, event.get()), asked), asked, false);
            else m.status(text, 404);
        }
        metrics.increment("caldav_multigets");
        return Reply.multistatus(m);
    }

    private Reply query(String user, UserCalendar calendar, Element body, List<QName> asked) {
        Element filter = DavXml.child(body, caldav("filter"));
        Element vcalendar = filter == null ? null : DavXml.child(filter, caldav("comp-filter"));
        Element component = vcalendar == null ? null : DavXml.child(vcalendar, caldav("comp-filter"));
        EventFilter test;
        try {
            test = EventFilter.of(component);
        } catch (EventFilter.Unsupported e) {
            return Reply.error(HttpStatus.FORBIDDEN_403, caldav("supported-filter"), e.getMessage());
        }
        Multistatus m = new Multistatus();
        for (CalendarEvent e : store.numbered(user, store.eventsInCalendar(user, calendar.id()))) {
            if (test.matches(e)) m.resource(DavPath.event(user, calendar.id(), e.id()), eventProperties(e, asked), asked, false);
        }
        return Reply.multistatus(m);
    }

    private Reply syncCollection(String user, UserCalendar calendar, Element body, List<QName> asked) {
        Element tokenElement = DavXml.child(body, dav("sync-token"));
        String given = tokenElement == null ? "" : tokenElement.getTextContent().strip();
        Element level = DavXml.child(body, dav("sync-level"));
        if (level != null && !level.getTextContent().strip().equals("1")) {
            return Reply.error(HttpStatus.FORBIDDEN_403, dav("sync-traversal-supported"), "Only sync-level 1 is supported.");
        }
        int limit = SYNC_PAGE;
        Element limitElement = DavXml.child(body, dav("limit"));
        if (limitElement != null && DavXml.child(limitElement, dav("nresults")) != null) {
            try {
                limit = Math.max(1, Math.min(limit, Integer.parseInt(DavXml.child(limitElement, dav("nresults")).getTextContent().strip())));
            } catch (NumberFormatException e) {
                throw new HttpError(HttpStatus.BAD_REQUEST_400, "nresults must be a number.");
            }
        }
        // Read before the changes: a change committed meanwhile is listed now and again next time, never missed.
        long latest = store.latestVersion(user);
        Multistatus m = new Multistatus();
        long reached;
        if (given.isEmpty()) {
            for (CalendarEvent e : store.numbered(user, store.eventsInCalendar(user, calendar.id()))) {
                m.resource(DavPath.event(user, calendar.id(), e.id()), eventProperties(e, asked), asked, false);
            }
            reached = latest;
        } else {
            Matcher t = TOKEN.matcher(given);
            // A token counts the user's own changes (the server-wide versions would tell of everyone's writes).
            java.util.OptionalLong from = t.matches() && Long.parseLong(t.group(1)) == store.storeId()
                    ? store.versionOfUserSeq(user, Long.parseLong(t.group(2))) : java.util.OptionalLong.empty();
            if (from.isEmpty() || from.getAsLong() < store.syncHorizon()) {
                // The client starts over with an empty token (RFC 6578 3.2).
                return Reply.error(HttpStatus.FORBIDDEN_403, dav("valid-sync-token"),
                        "This sync token is not valid here (or is too old); sync again from the start.");
            }
            long since = from.getAsLong();
            List<CalendarEvent> changes = store.calendarChangesSince(user, calendar.id(), since, limit + 1);
            boolean more = changes.size() > limit;
            if (more) changes = changes.subList(0, limit);
            reached = since;
            for (CalendarEvent e : changes) reached = Math.max(reached, e.version());
            for (CalendarEvent e : store.numbered(user, changes)) {
                String href = DavPath.event(user, calendar.id(), e.id());
                if (!e.deleted() && e.calendarId().equals(calendar.id())) m.resource(href, eventProperties(e, asked), asked, false);
                else m.status(href, 404);
            }
            if (more) m.status(DavPath.calendar(user, calendar.id()), HttpStatus.INSUFFICIENT_STORAGE_507);
            else reached = Math.max(reached, latest);
        }
        metrics.increment("caldav_syncs");
        return Reply.multistatus(m.syncToken(token(user, reached)));
    }

    /** A sync token (and ctag): the store's id and the number, among the user's changes, of the newest one at {@code version}. */
    private String token(String user, long version) {
        return TOKEN_PREFIX + store.storeId() + ":" + store.userSeqAt(user, version);
    }

    // ---- GET, PUT, DELETE ----

    private Reply get(String user, DavPath target) {
        if (target.kind() == DavPath.Kind.CALENDAR) {
            UserCalendar calendar = calendar(user, target.calendarId());
            byte[] body = ics.write(calendar, store.eventsInCalendar(user, calendar.id())).getBytes(StandardCharsets.UTF_8);
            return new Reply(200, Map.of("Content-Type", "text/calendar; charset=utf-8"), body);
        }
        if (target.kind() != DavPath.Kind.EVENT) {
            return Reply.text(200, "This is a CalDAV collection; add " + DavPath.ROOT + " to a calendar program to see its calendars.");
        }
        CalendarEvent e = store.numbered(user, event(user, target));
        return new Reply(200, Map.of("Content-Type", EVENT_TYPE, "ETag", etag(e)), ics.writeEvent(e).getBytes(StandardCharsets.UTF_8));
    }

    private Reply put(Request request, String user, DavPath target) {
        if (target.kind() != DavPath.Kind.EVENT) {
            throw new HttpError(HttpStatus.METHOD_NOT_ALLOWED_405, "PUT an event to CALENDAR/EVENT.ics inside a calendar collection.");
        }
        UserCalendar calendar = calendar(user, target.calendarId());
        String text = new String(RequestBodies.read(request, MAX_EVENT_BYTES), StandardCharsets.UTF_8);
        ICalendarImport parsed;
        try {
            parsed = ics.readEvent(text, calendar.id(), zone);
        } catch (ICalendarFormatException e) {
            return Reply.error(HttpStatus.FORBIDDEN_403, caldav("valid-calendar-data"), e.getMessage());
        }
        // The resource name is the event's id (an iCalendar UID that cannot be an id gets the name as its UID).
        CalendarEvent event = parsed.events().get(0).withId(target.eventId());
        Long ifMatch = null;
        String matchHeader = request.getHeaders().get(HttpHeader.IF_MATCH);
        if (matchHeader != null) {
            ifMatch = matchHeader.strip().equals("*")
                    ? store.event(user, event.id()).map(CalendarEvent::version).orElse(-1L)
                    : versionOf(user, matchHeader);
        }
        boolean ifNoneMatch = "*".equals(Optional.ofNullable(request.getHeaders().get(HttpHeader.IF_NONE_MATCH)).map(String::strip).orElse(null));
        CalendarChange change;
        try {
            change = store.put(user, event, ifMatch, ifNoneMatch);
        } catch (PreconditionFailed e) {
            return conditionFailed(user, e, event.id());
        } catch (ValidationException e) {
            return Reply.error(HttpStatus.FORBIDDEN_403, caldav("valid-calendar-object-resource"), e.getMessage());
        }
        metrics.increment(change.kind() == CalendarChange.Kind.CREATED ? "events_created" : "events_updated");
        int status = change.kind() == CalendarChange.Kind.CREATED ? HttpStatus.CREATED_201 : HttpStatus.NO_CONTENT_204;
        // RFC 4791 5.3.4: no ETag when what is stored is not what was sent (a changed occurrence was dropped).
        if (!parsed.warnings().isEmpty()) return Reply.of(status);
        return new Reply(status, Map.of("ETag", etag(store.numbered(user, change.event()))), new byte[0]);
    }

    private Reply delete(Request request, String user, DavPath target) {
        if (target.kind() != DavPath.Kind.EVENT) {
            return Reply.error(HttpStatus.FORBIDDEN_403, dav("need-privileges"), "Only events can be deleted over CalDAV.");
        }
        CalendarEvent current = event(user, target);
        String matchHeader = request.getHeaders().get(HttpHeader.IF_MATCH);
        Long ifMatch = matchHeader == null || matchHeader.strip().equals("*") ? null : versionOf(user, matchHeader);
        try {
            store.delete(user, current.id(), ifMatch);
        } catch (PreconditionFailed e) {
            return conditionFailed(user, e, current.id());
        } catch (UnknownEventException e) {
            throw new HttpError(HttpStatus.NOT_FOUND_404, "There is no event " + current.id() + ".");
        }
        metrics.increment("events_deleted");
        return Reply.of(HttpStatus.NO_CONTENT_204);
    }

    private Reply conditionFailed(String user, PreconditionFailed e, String id) {
        if (e.reason() == PreconditionFailed.Reason.IN_OTHER_CALENDAR) {
            String elsewhere = store.event(user, id).map(x -> DavPath.event(user, x.calendarId(), x.id())).orElse("");
            return Reply.error(HttpStatus.FORBIDDEN_403, caldav("no-uid-conflict"), e.getMessage() + " (" + elsewhere + ")");
        }
        metrics.increment("caldav_conflicts");
        return Reply.text(HttpStatus.PRECONDITION_FAILED_412, e.getMessage());
    }

    /** PROPPATCH: the properties here come from the store; each asked change is refused (RFC 4918 9.2). */
    private Reply proppatch(Request request, DavPath target) {
        Element body = DavXml.parse(RequestBodies.read(request, MAX_XML_BYTES));
        List<QName> names = new ArrayList<>();
        if (body != null) {
            for (Element action : DavXml.children(body)) {
                Element prop = DavXml.child(action, dav("prop"));
                names.addAll(DavXml.propNames(prop));
            }
        }
        Multistatus m = new Multistatus();
        m.refused(Request.getPathInContext(request), names);
        return Reply.multistatus(m);
    }

    // ---- helpers ----

    private UserCalendar calendar(String user, String calendarId) {
        return store.calendar(user, calendarId)
                .orElseThrow(() -> new HttpError(HttpStatus.NOT_FOUND_404, "You have no calendar with id " + calendarId + "."));
    }

    private CalendarEvent event(String user, DavPath target) {
        calendar(user, target.calendarId());
        return store.event(user, target.eventId()).filter(e -> e.calendarId().equals(target.calendarId()))
                .orElseThrow(() -> new HttpError(HttpStatus.NOT_FOUND_404, "There is no event " + target.eventId() + " in this calendar."));
    }

    /** A strong ETag: the number, among its user's changes, of the event's last change (the event as {@code CalendarStore.numbered} gives it). */
    static String etag(CalendarEvent e) {
        return "\"" + e.version() + "\"";
    }

    /** The store's version an If-Match ETag names; -1 for one this server never gave, which never matches. */
    private Long versionOf(String user, String header) {
        String first = header.split(",")[0].strip();
        if (first.startsWith("W/")) first = first.substring(2);
        first = first.replace("\"", "");
        try {
            return store.versionOfUserSeq(user, Long.parseLong(first)).orElse(-1L);
        } catch (NumberFormatException e) {
            return -1L;
        }
    }
}
