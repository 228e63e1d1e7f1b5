package org.thinrich.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.calendar.core.UnknownEventException;
import org.thinrich.calendar.core.UserCalendar;
import org.thinrich.calendar.core.ValidationException;
import org.thinrich.calendar.core.ical.ICalendarCodec;
import org.thinrich.calendar.core.ical.ICalendarFormatException;
import org.thinrich.calendar.core.ical.ICalendarImport;
import org.thinrich.server.ServerMetrics;
import org.thinrich.server.store.CalendarStore;
import org.thinrich.server.store.StoreException;
import org.thinrich.server.store.UserAccounts;

/**
 * The HTTP API: health, metrics, login, calendars and events as JSON, iCalendar export and import.
 * Every /api path but login needs a bearer token and sees only that user's calendars; a calendar
 * or event of someone else answers 404, as if it did not exist.
 */
public final class ApiHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    public static final int MAX_JSON_BYTES = 64 * 1024;
    public static final int MAX_ICS_BYTES = ICalendarCodec.MAX_FILE_CHARS;
    private static final Pattern CALENDAR_ICS = Pattern.compile("/api/calendars/([^/]+)\\.ics");
    private static final Pattern CALENDAR_EVENTS = Pattern.compile("/api/calendars/([^/]+)/events");
    private static final Pattern CALENDAR_IMPORT = Pattern.compile("/api/calendars/([^/]+)/import");
    private static final Pattern EVENT = Pattern.compile("/api/events/([^/]+)");
    private static final Pattern CALENDAR = Pattern.compile("/api/calendars/([^/.]+)");
    private static final Pattern SESSION_SCREEN = Pattern.compile("/api/display/sessions/([^/]+)/screen");

    private final CalendarStore store;
    private final UserAccounts accounts;
    private final ServerMetrics metrics;
    private final ZoneId zone;
    private final ICalendarCodec ics = new ICalendarCodec();

    private final java.util.function.Supplier<Map<String, Object>> moreMetrics;
    private volatile SessionScreens screens = (sessionId, user) -> Optional.empty();

    /**
     * Where a thin session's controls are, as JSON (a {@code ScreenMap}), for the session's own
     * user; empty when the user has no such session.
     */
    public interface SessionScreens {
        Optional<String> screenMap(String sessionId, String user);
    }

    /** The ids of a user's thin sessions on this server (VNC viewers' included), in no order: a client finds its own as the one that is new. */
    private volatile java.util.function.Function<String, java.util.List<String>> sessionLists = user -> java.util.List.of();

    public ApiHandler withSessionLists(java.util.function.Function<String, java.util.List<String>> value) {
        sessionLists = value;
        return this;
    }

    public ApiHandler withScreens(SessionScreens value) {
        screens = value;
        return this;
    }

    private final LoginThrottle throttle = new LoginThrottle();

    /** Failed logins of this server, counted across the HTTP API and CalDAV's Basic authentication. */
    public LoginThrottle loginThrottle() {
        return throttle;
    }
    private java.util.Set<String> trustedProxies = java.util.Set.of();

    public ApiHandler(CalendarStore store, UserAccounts accounts, ServerMetrics metrics, ZoneId zone,
                      java.util.function.Supplier<Map<String, Object>> moreMetrics) {
        this.moreMetrics = moreMetrics;
        this.store = store;
        this.accounts = accounts;
        this.metrics = metrics;
        this.zone = zone;
    }

    /** Proxies besides this machine whose X-Forwarded-For names the client. */
    public ApiHandler trustingProxies(java.util.Set<String> addresses) {
        trustedProxies = java.util.Set.copyOf(addresses);
        return this;
    }

    private record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Reply json(int status, Object value) {
            try {
                return new Reply(status, "application/json", Json.MAPPER.writeValueAsBytes(value), Map.of());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        metrics.increment("http_requests");
        Reply reply;
        try {
            reply = route(request.getMethod(), Request.getPathInContext(request), request);
        } catch (HttpError e) {
            reply = error(e.status(), e.getMessage());
        } catch (ValidationException e) {
            reply = error(HttpStatus.BAD_REQUEST_400, e.getMessage());
        } catch (UnknownEventException e) {
            reply = error(HttpStatus.NOT_FOUND_404, e.getMessage());
        } catch (StoreException e) {
            log.error("Store failure on {} {}", request.getMethod(), Request.getPathInContext(request), e);
            reply = error(HttpStatus.SERVICE_UNAVAILABLE_503, "The calendar store is unavailable; try again shortly.");
        } catch (RuntimeException e) {
            log.error("Failure on {} {}", request.getMethod(), Request.getPathInContext(request), e);
            reply = error(HttpStatus.INTERNAL_SERVER_ERROR_500, "The server failed on this request; its log has the details.");
        }
        if (reply.status() >= 400) metrics.increment("http_errors");
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
        return true;
    }

    private Reply route(String method, String path, Request request) {
        switch (path) {
            case "/health":
                requireMethod(method, "GET");
                return health();
            case "/metrics":
                requireMethod(method, "GET");
                // Operators' figures (among them the store-wide count of writes, which tells of every
                // user's activity): for this machine only, not through a proxy.
                if (!fromThisMachine(request) || request.getHeaders().get("X-Forwarded-For") != null) {
                    throw new HttpError(HttpStatus.FORBIDDEN_403, "Metrics are answered to the server's own machine only; ask there "
                            + "(curl http://127.0.0.1:PORT/metrics).");
                }
                Map<String, Object> all = metrics.snapshot(store.currentVersion());
                all.putAll(moreMetrics.get());
                return Reply.json(200, all);
            case "/api/login":
                requireMethod(method, "POST");
                return login(request);
            case "/api/calendars": {
                String user = authenticate(request);
                if (method.equals("GET")) return Reply.json(200, store.calendars(user));
                requireMethod(method, "POST");
                ApiModels.CalendarBody body = calendarBody(request);
                metrics.increment("calendars_added");
                return Reply.json(201, store.addCalendar(new UserCalendar(UserCalendar.newId(), user, body.name(), body.colour())));
            }
            case "/api/search":
                requireMethod(method, "GET");
                return search(authenticate(request), request);
            default:
                break;
        }
        Matcher m;
        if ((m = CALENDAR_ICS.matcher(path)).matches()) {
            requireMethod(method, "GET");
            return exportCalendar(authenticate(request), m.group(1));
        }
        if ((m = CALENDAR_EVENTS.matcher(path)).matches()) {
            String user = authenticate(request);
            UserCalendar calendar = ownCalendar(user, m.group(1));
            if (method.equals("GET")) return listEvents(user, calendar, request);
            requireMethod(method, "POST");
            return createEvent(user, calendar, request);
        }
        if ((m = CALENDAR_IMPORT.matcher(path)).matches()) {
            requireMethod(method, "POST");
            String user = authenticate(request);
            return importCalendar(user, ownCalendar(user, m.group(1)), request);
        }
        if (path.equals("/api/display/sessions")) {
            requireMethod(method, "GET");
            String user = authenticate(request);
            return Reply.json(200, Map.of("sessions", sessionLists.apply(user)));
        }
        if ((m = SESSION_SCREEN.matcher(path)).matches()) {
            requireMethod(method, "GET");
            String user = authenticate(request);
            String id = m.group(1);
            String map = screens.screenMap(id, user).orElseThrow(() -> new HttpError(HttpStatus.NOT_FOUND_404,
                    "You have no thin session " + id + " on this server."));
            return new Reply(200, "application/json", map.getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
        }
        if ((m = CALENDAR.matcher(path)).matches()) {
            String user = authenticate(request);
            String id = m.group(1);
            switch (method) {
                case "GET":
                    return Reply.json(200, ownCalendar(user, id));
                case "PUT":
                    ownCalendar(user, id);
                    ApiModels.CalendarBody body = calendarBody(request);
                    metrics.increment("calendars_changed");
                    return Reply.json(200, store.changeCalendar(user, id, body.name(), body.colour()));
                case "DELETE":
                    ownCalendar(user, id);
                    store.deleteCalendar(user, id);
                    metrics.increment("calendars_deleted");
                    return new Reply(204, "application/json", new byte[0], Map.of());
                default:
                    throw new HttpError(HttpStatus.METHOD_NOT_ALLOWED_405, method + " is not allowed on " + path + "; use GET, PUT or DELETE.");
            }
        }
        if ((m = EVENT.matcher(path)).matches()) {
            String user = authenticate(request);
            String id = m.group(1);
            switch (method) {
                case "GET":
                    return Reply.json(200, store.numbered(user, store.event(user, id).orElseThrow(() -> new UnknownEventException(id))));
                case "PATCH":
                    EventPatch patch = readJson(request, EventPatch.class);
                    metrics.increment("events_updated");
                    return Reply.json(200, store.numbered(user, store.update(user, id, patch)));
                case "DELETE":
                    metrics.increment("events_deleted");
                    return Reply.json(200, store.numbered(user, store.delete(user, id)));
                default:
                    throw new HttpError(HttpStatus.METHOD_NOT_ALLOWED_405, method + " is not allowed on " + path + "; use GET, PATCH or DELETE.");
            }
        }
        throw new HttpError(HttpStatus.NOT_FOUND_404, "There is nothing at " + path + ".");
    }

    /** A calendar's name and colour as a request gives them: both needed, the colour one of CalendarColour's names. */
    private ApiModels.CalendarBody calendarBody(Request request) {
        ApiModels.CalendarBody body = readJson(request, ApiModels.CalendarBody.class);
        if (body == null || body.name() == null || body.colour() == null) {
            throw new HttpError(HttpStatus.BAD_REQUEST_400, "Send 'name' and 'colour' (one of " + java.util.Arrays.toString(
                    org.thinrich.calendar.core.CalendarColour.values()) + ").");
        }
        return body;
    }

    private Reply login(Request request) {
        ApiModels.LoginRequest login = readJson(request, ApiModels.LoginRequest.class);
        if (login.user() == null || login.password() == null) {
            throw new HttpError(HttpStatus.BAD_REQUEST_400, "Send both 'user' and 'password'.");
        }
        String address = clientAddress(request);
        Optional<java.time.Duration> wait = throttle.wait(login.user(), address);
        if (wait.isPresent()) {
            metrics.increment("logins_throttled");
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            Reply refused = error(HttpStatus.TOO_MANY_REQUESTS_429, "Too many failed logins; try again in " + seconds + " s.");
            return new Reply(refused.status(), refused.contentType(), refused.body(), Map.of("Retry-After", Long.toString(seconds)));
        }
        Optional<String> token = accounts.login(login.user(), login.password().toCharArray());
        if (token.isEmpty()) {
            throttle.failed(login.user(), address);
            metrics.increment("logins_failed");
            throw new HttpError(HttpStatus.UNAUTHORIZED_401, "Wrong user name or password.");
        }
        throttle.succeeded(login.user(), address);
        metrics.increment("logins_ok");
        return Reply.json(200, new ApiModels.LoginReply(login.user(), token.get()));
    }

    private String clientAddress(Request request) {
        return ClientAddress.of(request, trustedProxies);
    }

    private static boolean fromThisMachine(Request request) {
        return ClientAddress.fromThisMachine(request);
    }

    /**
     * 200 while the store answers; 503 when it does not, or when its latest use failed and none
     * succeeded since (a damaged page that only some requests meet), so that a load balancer takes
     * this server out and a person sees why.
     */
    private Reply health() {
        java.util.Optional<String> problem = store.problem();
        try {
            store.currentVersion();
        } catch (StoreException e) {
            problem = java.util.Optional.of(e.getMessage());
        }
        if (problem.isEmpty()) problem = store.problem();
        if (problem.isPresent()) {
            return Reply.json(HttpStatus.SERVICE_UNAVAILABLE_503, Map.of("status", "store unavailable", "problem", problem.get()));
        }
        return Reply.json(200, Map.of("status", "ok")); // not the store's version: it counts every user's writes
    }

    private Reply listEvents(String user, UserCalendar calendar, Request request) {
        Fields query = Request.extractQueryParameters(request);
        Instant from = instantParameter(query, "from", LocalDate.now(zone).minusMonths(1));
        Instant to = instantParameter(query, "to", LocalDate.now(zone).plusMonths(2));
        List<CalendarEvent> events = store.events(user, from, to).stream()
                .filter(e -> e.calendarId().equals(calendar.id())).toList();
        return Reply.json(200, store.numbered(user, events));
    }

    private Reply search(String user, Request request) {
        String text = Request.extractQueryParameters(request).getValue("q");
        if (text == null || text.isBlank()) throw new HttpError(HttpStatus.BAD_REQUEST_400, "Give the text to search for as ?q=...");
        return Reply.json(200, store.numbered(user, store.search(user, text, 200)));
    }

    private Reply createEvent(String user, UserCalendar calendar, Request request) {
        CalendarEvent stored = store.create(user, eventFrom(readJson(request, ApiModels.NewEvent.class), calendar.id()));
        metrics.increment("events_created");
        return Reply.json(HttpStatus.CREATED_201, store.numbered(user, stored));
    }

    /** The event a POST body asks for, not yet validated against the store; HttpError for what the body lacks. */
    static CalendarEvent eventFrom(ApiModels.NewEvent body, String calendarId) {
        if (body.start() == null || body.end() == null) {
            throw new HttpError(HttpStatus.BAD_REQUEST_400, "An event needs 'start' and 'end', e.g. \"2026-11-26T10:00:00+01:00[Europe/Berlin]\".");
        }
        return new CalendarEvent(body.id() != null ? body.id() : CalendarEvent.newId(), calendarId,
                body.title(), body.location(), body.notes(), body.start(), body.end(), Boolean.TRUE.equals(body.allDay()),
                body.recurrenceRule(), 0, Instant.EPOCH, false);
    }

    private Reply exportCalendar(String user, String calendarId) {
        UserCalendar calendar = ownCalendar(user, calendarId);
        List<CalendarEvent> events = store.eventsInCalendar(user, calendar.id());
        metrics.increment("ics_exports");
        byte[] body = ics.write(calendar, events).getBytes(StandardCharsets.UTF_8);
        return new Reply(200, "text/calendar; charset=utf-8", body,
                Map.of("Content-Disposition", "attachment; filename=\"" + calendar.name().replaceAll("[^A-Za-z0-9._-]", "_") + ".ics\""));
    }

    private Reply importCalendar(String user, UserCalendar calendar, Request request) {
        String text = new String(readBody(request, MAX_ICS_BYTES), StandardCharsets.UTF_8);
        ICalendarImport parsed;
        try {
            parsed = ics.read(new StringReader(text), calendar.id(), zone);
        } catch (ICalendarFormatException e) {
            metrics.increment("ics_imports_rejected");
            throw new HttpError(HttpStatus.BAD_REQUEST_400, e.getMessage());
        }
        List<CalendarEvent> stored = store.importEvents(user, calendar.id(), parsed.events());
        metrics.increment("ics_imports");
        return Reply.json(200, new ApiModels.ImportReply(stored.size(), parsed.warnings()));
    }

    // ---- helpers ----

    private String authenticate(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Optional<String> user = accounts.userForToken(header.substring(7).trim());
            if (user.isPresent()) return user.get();
            throw new HttpError(HttpStatus.UNAUTHORIZED_401, "Your login has expired or is unknown; log in again.");
        }
        throw new HttpError(HttpStatus.UNAUTHORIZED_401,
                "Log in first: POST /api/login with your user name and password, then send 'Authorization: Bearer <token>'.");
    }

    private UserCalendar ownCalendar(String user, String calendarId) {
        return store.calendar(user, calendarId)
                .orElseThrow(() -> new HttpError(HttpStatus.NOT_FOUND_404, "You have no calendar with id " + calendarId + "."));
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new HttpError(HttpStatus.METHOD_NOT_ALLOWED_405, method + " is not allowed here; use " + allowed + ".");
        }
    }

    private static Instant instantParameter(Fields query, String name, LocalDate fallback) {
        String value = query.getValue(name);
        ZoneId utc = ZoneId.of("UTC");
        if (value == null) return fallback.atStartOfDay(utc).toInstant();
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(utc).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new HttpError(HttpStatus.BAD_REQUEST_400, "'" + name + "' must be a date (2026-11-26) or an instant (2026-11-26T09:00:00Z).");
        }
    }

    private static <T> T readJson(Request request, Class<T> type) {
        return parseJson(readBody(request, MAX_JSON_BYTES), type);
    }

    /** A JSON body as {@code type}; HttpError 400 saying what is wrong with it. */
    static <T> T parseJson(byte[] body, Class<T> type) {
        T value;
        try {
            value = Json.MAPPER.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw new HttpError(HttpStatus.BAD_REQUEST_400, "Unknown field '" + e.getPropertyName() + "' in the request body.");
        } catch (IOException | RuntimeException e) {
            String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new HttpError(HttpStatus.BAD_REQUEST_400, "The request body is not the expected JSON: " + detail);
        }
        if (value == null) throw new HttpError(HttpStatus.BAD_REQUEST_400, "The request body is null; send a JSON object.");
        return value;
    }

    private static byte[] readBody(Request request, int limit) {
        return RequestBodies.read(request, limit);
    }

    private static Reply error(int status, String message) {
        return Reply.json(status, new ApiModels.ErrorReply(message));
    }
}
