package org.thinrich.calendar.core.ical;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.CalScale;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.LastModified;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.RRule;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Version;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.validate.ValidationException;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventValidator;
import org.thinrich.calendar.core.UserCalendar;

/**
 * Reads and writes RFC 5545 iCalendar (.ics) with ical4j, as common calendar programs write it:
 * time zones by TZID with VTIMEZONE, all-day events as DATE values, whole-series RRULEs.
 */
public final class ICalendarCodec {
    public static final String PRODUCT_ID = "-//thinrich//Thin versus rich workbench//EN";
    /** Larger files are refused before parsing: nobody's calendar export is this big, an attack may be. */
    public static final int MAX_FILE_CHARS = 8 * 1024 * 1024;
    public static final int MAX_EVENTS = 20_000;

    /** A private-use character, refused in event text by the validator, so it cannot clash. */
    static final char BACKSLASH_STAND_IN = EventValidator.RESERVED_CHAR;

    private final TimeZoneRegistry zones = TimeZoneRegistryFactory.getInstance().createRegistry();

    /** The calendar's live events as an .ics document. */
    public String write(UserCalendar calendar, List<CalendarEvent> events) {
        Calendar ics = new Calendar();
        ics.add(new ProdId(PRODUCT_ID));
        ics.add(new Version(new net.fortuna.ical4j.model.ParameterList(), Version.VALUE_2_0));
        ics.add(new CalScale(CalScale.VALUE_GREGORIAN));
        ics.add(new XProperty("X-WR-CALNAME", calendar.name()));
        ics.add(new XProperty("X-APPLE-CALENDAR-COLOR", calendar.colour().hex()));
        Set<ZoneId> usedZones = new LinkedHashSet<>();
        for (CalendarEvent event : events) {
            if (event.deleted()) continue;
            if (!event.allDay() && !(event.zone() instanceof ZoneOffset)) usedZones.add(event.zone());
            ics.add(toVEvent(event));
        }
        for (ZoneId zone : usedZones) {
            net.fortuna.ical4j.model.TimeZone tz = zones.getTimeZone(zone.getId());
            if (tz != null) ics.add(tz.getVTimeZone());
        }
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(false).output(ics, out);
        } catch (IOException | ValidationException e) {
            throw new IllegalStateException("Could not write calendar " + calendar.name() + " as iCalendar", e);
        }
        return out.toString();
    }

    /**
     * One event as a resource of its own (a CalDAV calendar object): a VCALENDAR holding its VEVENT
     * and the VTIMEZONE it uses, with today's rules only ({@link CompactTimeZone}). The same version gives the same bytes (DTSTAMP is its last change),
     * as a strong ETag promises.
     */
    public String writeEvent(CalendarEvent event) {
        Calendar ics = new Calendar();
        ics.add(new ProdId(PRODUCT_ID));
        ics.add(new Version(new net.fortuna.ical4j.model.ParameterList(), Version.VALUE_2_0));
        ics.add(toVEvent(event, event.lastModified()));
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(false).output(ics, out);
        } catch (IOException | ValidationException e) {
            throw new IllegalStateException("Could not write event " + event.id() + " as iCalendar", e);
        }
        String text = out.toString();
        if (event.allDay() || event.zone() instanceof ZoneOffset) return text;
        int end = text.lastIndexOf("END:VCALENDAR");
        return text.substring(0, end) + CompactTimeZone.of(event.zone()) + text.substring(end);
    }

    /**
     * Reads a resource that holds one event (a CalDAV PUT body): as {@link #read}, and refused unless
     * it holds exactly one event. Warnings say what of it is not kept (changed single occurrences).
     */
    public ICalendarImport readEvent(String text, String calendarId, ZoneId defaultZone) throws ICalendarFormatException {
        ICalendarImport parsed = read(new java.io.StringReader(text), calendarId, defaultZone);
        if (parsed.events().size() != 1) {
            throw new ICalendarFormatException("A calendar resource holds exactly one event; this one holds "
                    + parsed.events().size() + ".");
        }
        return parsed;
    }

    private VEvent toVEvent(CalendarEvent event) {
        return toVEvent(event, Instant.now());
    }

    /**
     * A local time with a TZID names the first of two equal local times (RFC 5545 3.3.5); one in the
     * hour a clock goes back that means the second is written in UTC instead (read back, an end
     * then takes its start's zone again).
     */
    private static java.time.temporal.Temporal dateTime(ZonedDateTime time) {
        return time.withEarlierOffsetAtOverlap().equals(time) ? time : time.toInstant();
    }

    private VEvent toVEvent(CalendarEvent event, Instant stamp) {
        VEvent vevent = new VEvent(false);
        vevent.add(new Uid(event.id()));
        vevent.add(new DtStamp(stamp.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        if (event.allDay()) {
            vevent.add(new DtStart<>(event.start().toLocalDate()));
            vevent.add(new DtEnd<>(event.end().toLocalDate()));
        } else if (event.zone() instanceof ZoneOffset) {
            vevent.add(new DtStart<>(event.start().toInstant()));
            vevent.add(new DtEnd<>(event.end().toInstant()));
        } else {
            vevent.add(new DtStart<>(dateTime(event.start())));
            vevent.add(new DtEnd<>(dateTime(event.end())));
        }
        vevent.add(new Summary(event.title()));
        if (!event.location().isEmpty()) vevent.add(new Location(event.location()));
        if (!event.notes().isEmpty()) vevent.add(new Description(event.notes()));
        if (event.recurring()) vevent.add(new RRule<>(event.recurrenceRule()));
        if (event.lastModified().isAfter(Instant.EPOCH)) {
            vevent.add(new LastModified(event.lastModified().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        }
        return vevent;
    }

    /** The BEGIN:VEVENT lines of a document, counted without parsing it. */
    static int countEvents(String text) {
        int count = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?im)^BEGIN:VEVENT\\s*$").matcher(text);
        while (m.find()) count++;
        return count;
    }

    /**
     * Reads an .ics document into events of calendar {@code calendarId}. Floating times (no zone)
     * are taken in {@code defaultZone}. Throws with the line and the reason when the file is not
     * iCalendar or an event in it is unusable; nothing is half-imported.
     */
    public ICalendarImport read(Reader reader, String calendarId, ZoneId defaultZone) throws ICalendarFormatException {
        String text = readBounded(reader);
        int declared = countEvents(text);
        if (declared > MAX_EVENTS) { // before parsing: a parsed event costs tens of kilobytes of heap
            throw new ICalendarFormatException("The file has " + declared + " events; at most " + MAX_EVENTS + " can be imported at once.");
        }
        Calendar ics;
        try {
            // A fresh registry per file: ical4j registers each VTIMEZONE it reads under a private id,
            // and a second registration of the same definition in one registry fails.
            ics = new CalendarBuilder(TimeZoneRegistryFactory.getInstance().createRegistry())
                    .build(new java.io.StringReader(withoutRegionZoneDefinitions(protectEscapedBackslashes(text))));
        } catch (ParserException e) {
            throw new ICalendarFormatException("This is not a valid iCalendar file: line " + e.getLineNo() + ": "
                    + rootMessage(e) + ".", e);
        } catch (IOException | RuntimeException e) {
            throw new ICalendarFormatException("This is not a valid iCalendar file: " + rootMessage(e) + ".", e);
        }
        List<CalendarEvent> events = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<VEvent> vevents = ics.getComponents(Component.VEVENT);
        if (vevents.size() > MAX_EVENTS) {
            throw new ICalendarFormatException("The file has " + vevents.size() + " events; at most " + MAX_EVENTS + " can be imported at once.");
        }
        int index = 0;
        for (VEvent vevent : vevents) {
            index++;
            String summary = text(vevent, Property.SUMMARY).orElse("");
            String label = "event " + index + (summary.isEmpty() ? "" : " ('" + summary + "')");
            if (vevent.getProperty(Property.RECURRENCE_ID).isPresent()) {
                warnings.add("Skipped a changed single occurrence of " + label
                        + ": only whole-series repetition is kept.");
                continue;
            }
            try {
                events.add(toEvent(vevent, calendarId, defaultZone, label, warnings));
            } catch (RuntimeException e) {
                throw new ICalendarFormatException("Cannot import " + label + ": " + rootMessage(e), e);
            }
        }
        return new ICalendarImport(events, warnings);
    }

    private CalendarEvent toEvent(VEvent vevent, String calendarId, ZoneId defaultZone, String label, List<String> warnings) {
        String uid = text(vevent, Property.UID).filter(s -> !s.isBlank()).orElseGet(CalendarEvent::newId);
        if (uid.length() > EventValidator.MAX_ID || !EventValidator.safeId(uid)) {
            // Some programs write long UIDs, or ones with characters a URL cannot carry as they are
            // ('/', '{', spaces): a stable derived id keeps re-imports idempotent.
            uid = java.util.UUID.nameUUIDFromBytes(uid.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        }
        Optional<DtStart<Temporal>> dtStart = vevent.getProperty(Property.DTSTART);
        Temporal startValue = dtStart.map(DtStart::getDate)
                .orElseThrow(() -> new IllegalArgumentException("it has no DTSTART (start time)"));
        boolean allDay = startValue instanceof LocalDate;
        ZonedDateTime start = toZoned(startValue, tzid(dtStart.get()), defaultZone, label, warnings);
        ZonedDateTime end;
        Optional<DtEnd<Temporal>> dtEnd = vevent.getProperty(Property.DTEND);
        Optional<net.fortuna.ical4j.model.property.Duration> duration = vevent.getProperty(Property.DURATION);
        if (dtEnd.isPresent()) {
            end = toZoned(dtEnd.get().getDate(), tzid(dtEnd.get()), start.getZone(), label, warnings)
                    .withZoneSameInstant(start.getZone());
        } else if (duration.isPresent()) {
            TemporalAmount amount = duration.get().getDuration();
            end = start.plus(amount);
        } else {
            // RFC 5545 3.6.1: a DATE start alone lasts one day, a DATE-TIME start alone no time at all.
            end = allDay ? start.plusDays(1) : start;
        }
        if (allDay) end = end.toLocalDate().atStartOfDay(start.getZone());
        String rule = vevent.<RRule<Temporal>>getProperty(Property.RRULE).map(RRule::getValue).orElse(null);
        return new CalendarEvent(uid, calendarId, text(vevent, Property.SUMMARY).orElse(""),
                text(vevent, Property.LOCATION).orElse(""), text(vevent, Property.DESCRIPTION).orElse(""),
                start, end, allDay, rule, 0, Instant.EPOCH, false);
    }

    private static String tzid(Property property) {
        return property.<net.fortuna.ical4j.model.Parameter>getParameter(net.fortuna.ical4j.model.Parameter.TZID)
                .map(net.fortuna.ical4j.model.Parameter::getValue).orElse(null);
    }

    private static ZonedDateTime toZoned(Temporal value, String tzid, ZoneId defaultZone, String label, List<String> warnings) {
        if (value instanceof LocalDate date) return date.atStartOfDay(defaultZone);
        if (value instanceof LocalDateTime local) return local.atZone(defaultZone);
        if (value instanceof Instant instant) return instant.atZone(ZoneOffset.UTC);
        if (value instanceof OffsetDateTime offset) return offset.toZonedDateTime();
        if (value instanceof ZonedDateTime zoned) {
            // ical4j gives a zone defined by a VTIMEZONE in the file a private id ("ical4j~..."), even when
            // the TZID is a region everyone knows; keep the region then.
            if (tzid != null && isRegion(tzid)) return zoned.withZoneSameInstant(ZoneId.of(tzid));
            ZoneId zone = zoned.getZone();
            if (zone instanceof ZoneOffset || isRegion(zone.getId())) return zoned;
            // A zone defined only inside the file (Outlook's "W. Europe Standard Time"): keep the instant.
            warnings.add("The time zone of " + label + " is not a known region (" + zone.getId()
                    + "); its times were kept in " + defaultZone + ".");
            return zoned.withZoneSameInstant(defaultZone);
        }
        throw new IllegalArgumentException("its time value " + value + " is of an unsupported kind");
    }

    private static boolean isRegion(String zoneId) {
        return !zoneId.startsWith("ical4j") && ZoneId.getAvailableZoneIds().contains(zoneId);
    }

    private static Optional<String> text(Component component, String name) {
        return component.<Property>getProperty(name).map(p -> p.getValue().replace(BACKSLASH_STAND_IN, '\\'));
    }

    /**
     * Drops VTIMEZONE blocks whose TZID is a region the JDK knows (Europe/Berlin): its rules are
     * current, and ical4j then needs no private zone for it. Other definitions (Outlook's
     * "W. Europe Standard Time") stay, as they are the only source of that zone's offsets.
     */
    static String withoutRegionZoneDefinitions(String unfolded) {
        StringBuilder out = new StringBuilder(unfolded.length());
        int from = 0;
        while (true) {
            int begin = unfolded.indexOf("BEGIN:VTIMEZONE", from);
            if (begin < 0) break;
            int end = unfolded.indexOf("END:VTIMEZONE", begin);
            if (end < 0) break; // the parser reports the unclosed block
            int afterEnd = unfolded.indexOf('\n', end);
            afterEnd = afterEnd < 0 ? unfolded.length() : afterEnd + 1;
            java.util.regex.Matcher tzid = TZID_LINE.matcher(unfolded.substring(begin, end));
            boolean region = tzid.find() && isRegion(tzid.group(1).strip());
            out.append(unfolded, from, region ? begin : afterEnd);
            from = afterEnd;
        }
        return out.append(unfolded, from, unfolded.length()).toString();
    }

    private static final java.util.regex.Pattern TZID_LINE = java.util.regex.Pattern.compile("(?m)^TZID:(.*?)\\r?$");

    /**
     * ical4j 4.0.0-rc5 unescapes "\\" before "\n", so a text holding a backslash before an n or a
     * line break comes back wrong. We unfold the lines and swap each escaped backslash for a
     * private-use character before parsing, and swap it back in {@link #text}.
     */
    static String protectEscapedBackslashes(String ics) {
        String unfolded = ics.replace("\r\n ", "").replace("\r\n\t", "").replace("\n ", "").replace("\n\t", "");
        StringBuilder out = new StringBuilder(unfolded.length());
        for (int i = 0; i < unfolded.length(); i++) {
            char c = unfolded.charAt(i);
            if (c == '\\' && i + 1 < unfolded.length() && unfolded.charAt(i + 1) == '\\') {
                out.append(BACKSLASH_STAND_IN);
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String readBounded(Reader reader) throws ICalendarFormatException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        try {
            for (int n; (n = reader.read(buffer)) > 0; ) {
                text.append(buffer, 0, n);
                if (text.length() > MAX_FILE_CHARS) {
                    throw new ICalendarFormatException("The file is larger than " + MAX_FILE_CHARS / (1024 * 1024)
                            + " MB; split it and import the parts.");
                }
            }
        } catch (IOException e) {
            throw new ICalendarFormatException("Could not read the file: " + e.getMessage(), e);
        }
        return text.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        if (e.getMessage() != null && !e.getMessage().equals(message) && root != e) {
            return e.getMessage() + " (" + message + ")";
        }
        return message;
    }
}
