package org.thinrich.server.caldav;

import static org.thinrich.server.caldav.DavXml.caldav;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpStatus;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.server.http.HttpError;
import org.w3c.dom.Element;

/**
 * A calendar-query's filter on VEVENT (RFC 4791 9.7): time ranges, and properties tested for
 * presence or for text they contain, which is what calendar programs send (a week's events, an
 * event by UID). Other filters are refused as unsupported rather than answered wrongly.
 */
final class EventFilter {
    private static final DateTimeFormatter ICAL_UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** A filter this server cannot evaluate. */
    static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message);
        }
    }

    private final boolean events;
    private final List<Predicate<CalendarEvent>> tests;

    private EventFilter(boolean events, List<Predicate<CalendarEvent>> tests) {
        this.events = events;
        this.tests = tests;
    }

    /** The filter of a VCALENDAR's inner comp-filter element; null matches every event. */
    static EventFilter of(Element component) throws Unsupported {
        if (component == null) return new EventFilter(true, List.of());
        boolean events = "VEVENT".equalsIgnoreCase(component.getAttribute("name"));
        List<Predicate<CalendarEvent>> tests = new ArrayList<>();
        for (Element condition : DavXml.children(component)) {
            String kind = condition.getLocalName();
            if (DavXml.name(condition).equals(caldav("time-range"))) {
                Instant from = condition.getAttribute("start").isEmpty() ? Instant.MIN : utc(condition.getAttribute("start"));
                Instant to = condition.getAttribute("end").isEmpty() ? Instant.MAX : utc(condition.getAttribute("end"));
                tests.add(e -> overlaps(e, from, to));
            } else if (DavXml.name(condition).equals(caldav("prop-filter"))) {
                tests.add(property(condition));
            } else if (DavXml.name(condition).equals(caldav("is-not-defined"))) {
                return new EventFilter(!events, List.of());
            } else {
                throw new Unsupported("The filter " + kind + " is not supported; use time-range or prop-filter with text-match.");
            }
        }
        return new EventFilter(events, tests);
    }

    boolean matches(CalendarEvent e) {
        return events && tests.stream().allMatch(t -> t.test(e));
    }

    private static Predicate<CalendarEvent> property(Element filter) throws Unsupported {
        String name = filter.getAttribute("name").toUpperCase(Locale.ROOT);
        java.util.function.Function<CalendarEvent, String> value = switch (name) {
            case "UID" -> CalendarEvent::id;
            case "SUMMARY" -> CalendarEvent::title;
            case "LOCATION" -> CalendarEvent::location;
            case "DESCRIPTION" -> CalendarEvent::notes;
            case "RRULE" -> e -> e.recurrenceRule() == null ? "" : e.recurrenceRule();
            default -> throw new Unsupported("Filtering on the property " + name + " is not supported.");
        };
        List<Element> conditions = DavXml.children(filter);
        if (conditions.isEmpty()) return e -> !value.apply(e).isEmpty();
        Element condition = conditions.get(0);
        if (DavXml.name(condition).equals(caldav("is-not-defined"))) return e -> value.apply(e).isEmpty();
        if (!DavXml.name(condition).equals(caldav("text-match")) || conditions.size() > 1) {
            throw new Unsupported("Only is-not-defined and one text-match are supported inside a prop-filter.");
        }
        String text = condition.getTextContent().toLowerCase(Locale.ROOT);
        boolean negate = "yes".equalsIgnoreCase(condition.getAttribute("negate-condition"));
        String collation = condition.getAttribute("collation");
        boolean octet = "i;octet".equals(collation);
        String wanted = octet ? condition.getTextContent() : text;
        return e -> {
            String v = value.apply(e);
            if (v.isEmpty()) return false;
            boolean contains = (octet ? v : v.toLowerCase(Locale.ROOT)).contains(wanted);
            return contains != negate;
        };
    }

    /** RFC 4791 9.9: whether the event, or an occurrence of a series, overlaps [from, to). */
    static boolean overlaps(CalendarEvent e, Instant from, Instant to) {
        if (!e.recurring()) return e.mayShowIn(from, to);
        if (!e.start().toInstant().isBefore(to)) return false;
        if (from.equals(Instant.MIN)) return true;
        ZoneId z = e.zone();
        Duration length = Duration.between(e.start(), e.end());
        LocalDate first = from.minus(length).atZone(z).toLocalDate().minusDays(1);
        LocalDate last = to.equals(Instant.MAX) ? first.plusYears(10) : to.atZone(z).toLocalDate().plusDays(1);
        for (LocalDate day : e.occurrenceDays(first, last)) {
            ZonedDateTime start = day.atTime(e.start().toLocalTime()).atZone(z);
            Instant s = start.toInstant();
            Instant end = start.plus(length).toInstant();
            if (s.isBefore(to) && (end.isAfter(from) || s.equals(end) && !s.isBefore(from))) return true;
        }
        return false;
    }

    private static Instant utc(String value) {
        try {
            return ICAL_UTC.parse(value, Instant::from);
        } catch (DateTimeParseException e) {
            throw new HttpError(HttpStatus.BAD_REQUEST_400, "A time-range needs UTC times like 20261201T000000Z, not " + value + ".");
        }
    }
}
