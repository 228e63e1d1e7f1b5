package org.thinrich.calendar.core.ical;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;

/**
 * A region's VTIMEZONE as calendar programs write it (Thunderbird, Outlook): today's rules only, a
 * STANDARD and a DAYLIGHT part repeating yearly from 1970, a few hundred bytes. The full history
 * ical4j carries (every transition since 1893, 2.6 kB for Europe/Berlin) would go with every event
 * a CalDAV client fetches; readers use the TZID's own rules for a region anyway.
 */
final class CompactTimeZone {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    private CompactTimeZone() {
    }

    /** The VTIMEZONE block for {@code zone}, lines ending in CRLF. */
    static String of(ZoneId zone) {
        ZoneRules rules = zone.getRules();
        List<ZoneOffsetTransitionRule> yearly = rules.getTransitionRules();
        StringBuilder out = new StringBuilder("BEGIN:VTIMEZONE\r\nTZID:").append(zone.getId()).append("\r\n");
        if (yearly.isEmpty()) {
            ZoneOffset now = rules.getOffset(java.time.Instant.now());
            out.append("BEGIN:STANDARD\r\nTZOFFSETFROM:").append(offset(now)).append("\r\nTZOFFSETTO:").append(offset(now))
                    .append("\r\nDTSTART:19700101T000000\r\nEND:STANDARD\r\n");
        } else {
            for (ZoneOffsetTransitionRule rule : yearly) {
                boolean standard = rule.getOffsetAfter().equals(rule.getStandardOffset());
                String part = standard ? "STANDARD" : "DAYLIGHT";
                LocalDateTime first = rule.createTransition(1970).getDateTimeBefore();
                out.append("BEGIN:").append(part).append("\r\nTZOFFSETFROM:").append(offset(rule.getOffsetBefore()))
                        .append("\r\nTZOFFSETTO:").append(offset(rule.getOffsetAfter()))
                        .append("\r\nDTSTART:").append(LOCAL.format(first))
                        .append("\r\nRRULE:").append(recurrence(rule)).append("\r\nEND:").append(part).append("\r\n");
            }
        }
        return out.append("END:VTIMEZONE\r\n").toString();
    }

    /** The yearly rule: "last Sunday of March", "second Sunday of March", or a fixed day. */
    private static String recurrence(ZoneOffsetTransitionRule rule) {
        String month = "FREQ=YEARLY;BYMONTH=" + rule.getMonth().getValue();
        DayOfWeek weekday = rule.getDayOfWeek();
        int day = rule.getDayOfMonthIndicator();
        if (weekday == null) return month + ";BYMONTHDAY=" + day;
        String code = weekday.name().substring(0, 2).toUpperCase(Locale.ROOT);
        // The JDK says "last Sunday of March" as "the Sunday on or after the 25th" (31 - 6).
        if (day == -1 || day > 0 && day + 6 == rule.getMonth().maxLength()) return month + ";BYDAY=-1" + code;
        if (day > 0 && (day - 1) % 7 == 0) return month + ";BYDAY=" + ((day - 1) / 7 + 1) + code;
        // "The weekday on or after day d" (or on or before the day counted from the month's end).
        StringBuilder days = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            if (i > 0) days.append(',');
            days.append(day > 0 ? day + i : day - i);
        }
        return month + ";BYDAY=" + code + ";BYMONTHDAY=" + days;
    }

    private static String offset(ZoneOffset offset) {
        int seconds = offset.getTotalSeconds();
        int abs = Math.abs(seconds);
        String text = String.format("%s%02d%02d", seconds < 0 ? "-" : "+", abs / 3600, abs / 60 % 60);
        return abs % 60 == 0 ? text : text + String.format("%02d", abs % 60);
    }
}
