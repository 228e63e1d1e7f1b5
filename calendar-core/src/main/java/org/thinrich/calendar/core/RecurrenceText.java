package org.thinrich.calendar.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An RRULE value in words, for people comparing two versions of an event: "weekly on Mon, Wed, 4 times". */
public final class RecurrenceText {
    private static final Map<String, String> UNITS = Map.of("DAILY", "day", "WEEKLY", "week", "MONTHLY", "month", "YEARLY", "year",
            "HOURLY", "hour", "MINUTELY", "minute", "SECONDLY", "second");

    private RecurrenceText() {
    }

    /** "does not repeat" for null; a rule it cannot read is shown as it is. */
    public static String describe(String rule) {
        if (rule == null || rule.isBlank()) return "does not repeat";
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : rule.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) parts.put(part.substring(0, eq).toUpperCase(Locale.ROOT), part.substring(eq + 1));
        }
        String unit = UNITS.get(parts.getOrDefault("FREQ", ""));
        if (unit == null) return rule;
        int interval = 1;
        try {
            interval = Integer.parseInt(parts.getOrDefault("INTERVAL", "1"));
        } catch (NumberFormatException e) {
            return rule;
        }
        List<String> words = new ArrayList<>();
        words.add(interval == 1 ? (unit.equals("day") ? "daily" : unit + "ly") : "every " + interval + " " + unit + "s");
        if (parts.containsKey("BYDAY")) {
            List<String> days = new ArrayList<>();
            for (String d : parts.get("BYDAY").split(",")) days.add(day(d));
            words.add("on " + String.join(", ", days));
        }
        if (parts.containsKey("COUNT")) words.add(parts.get("COUNT") + " times");
        if (parts.containsKey("UNTIL")) {
            String until = parts.get("UNTIL");
            words.add("until " + (until.length() >= 8 ? until.substring(0, 4) + "-" + until.substring(4, 6) + "-" + until.substring(6, 8) : until));
        }
        return String.join(", ", words).replaceFirst(", on ", " on ");
    }

    private static String day(String code) {
        String c = code.replaceAll("^[+-]?\\d+", "").toUpperCase(Locale.ROOT);
        String name = switch (c) {
            case "MO" -> "Mon";
            case "TU" -> "Tue";
            case "WE" -> "Wed";
            case "TH" -> "Thu";
            case "FR" -> "Fri";
            case "SA" -> "Sat";
            case "SU" -> "Sun";
            default -> code;
        };
        String nth = code.substring(0, code.length() - c.length()).replace("+", "");
        if (nth.isEmpty()) return name;
        String ordinal = switch (nth) {
            case "-1" -> "last";
            case "1" -> "1st";
            case "2" -> "2nd";
            case "3" -> "3rd";
            default -> nth + "th";
        };
        return ordinal + " " + name;
    }
}
