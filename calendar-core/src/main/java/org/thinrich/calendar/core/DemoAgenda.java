package org.thinrich.calendar.core;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Realistic agendas for the demo users: several calendars each, a few dozen events around the
 * current week, some recurring, some all-day. The same seed and week give the same agenda, so
 * screenshots and scenario runs are repeatable.
 */
public final class DemoAgenda {

    /** The demo users and their passwords, printed by the server's --demo. */
    public static final List<String> USERS = List.of("alice", "bob");

    public record Agenda(String owner, List<UserCalendar> calendars, List<CalendarEvent> events) {
    }

    private static final String[] WORK_MEETINGS = {
        "Design review: sync protocol", "1:1 with Sam", "Customer call - ACME", "Budget review",
        "Hiring interview", "Sprint retrospective", "Architecture council", "Demo to product team",
        "Incident post-mortem", "Pairing: frame encoder", "Roadmap workshop", "Security training",
    };
    private static final String[] WORK_ROOMS = {"Room Ada", "Room Turing", "Video call", "Room Hopper", "Cafeteria"};
    private static final String[] PRIVATE_ITEMS = {
        "Dentist", "Lunch with Priya", "Groceries", "Haircut", "Call the plumber", "Cinema with Jo",
        "Pick up parcel", "Bike repair", "Dinner at Luca's",
    };

    private DemoAgenda() {
    }

    /** The agenda of demo user {@code owner} around the week that contains {@code today}. */
    public static Agenda forUser(String owner, LocalDate today, ZoneId zone, long seed) {
        Random random = new Random(seed ^ owner.hashCode());
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        boolean alice = owner.equals("alice");
        UserCalendar work = new UserCalendar(owner + "-work", owner, "Work", alice ? CalendarColour.BLUE : CalendarColour.PURPLE);
        UserCalendar personal = new UserCalendar(owner + "-personal", owner, "Personal", CalendarColour.GREEN);
        UserCalendar third = alice
                ? new UserCalendar(owner + "-family", owner, "Family", CalendarColour.ORANGE)
                : new UserCalendar(owner + "-sport", owner, "Sport", CalendarColour.RED);
        List<CalendarEvent> events = new ArrayList<>();

        // Series that started a month ago, so every week shown has them.
        LocalDate seriesStart = monday.minusWeeks(4);
        events.add(series(work, "Team stand-up", "Video call", seriesStart, LocalTime.of(9, 30), 15, zone,
                "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"));
        events.add(series(work, "Weekly planning", "Room Ada", seriesStart, LocalTime.of(10, 0), 60, zone,
                "FREQ=WEEKLY;BYDAY=MO"));
        events.add(series(third, alice ? "Swimming lesson (kids)" : "Football practice", alice ? "City pool" : "Park pitch",
                seriesStart.plusDays(2), LocalTime.of(17, 30), 90, zone, "FREQ=WEEKLY;BYDAY=WE"));
        events.add(series(personal, "Yoga", "Studio Nord", seriesStart.plusDays(3), LocalTime.of(19, 0), 60, zone,
                "FREQ=WEEKLY;BYDAY=TH"));

        // All-day items: a conference, a trip, a birthday that comes back every year.
        events.add(allDay(work, "Conference: DistSys " + today.getYear(), "Lisbon", monday.plusDays(10), monday.plusDays(11), zone));
        events.add(allDay(personal, "Long weekend away", "Coast", monday.minusDays(3), monday.minusDays(1), zone));
        events.add(allDay(third, alice ? "Mum's birthday" : "Club tournament", "", monday.plusDays(3), monday.plusDays(3), zone)
                .withRecurrenceRule(alice ? "FREQ=YEARLY" : null));

        // Single meetings and errands from two weeks back to two weeks ahead.
        for (int week = -2; week <= 2; week++) {
            for (int day = 0; day < 5; day++) {
                LocalDate date = monday.plusWeeks(week).plusDays(day);
                int meetings = 1 + random.nextInt(2);
                for (int m = 0; m < meetings; m++) {
                    LocalTime at = LocalTime.of(11 + random.nextInt(6), random.nextBoolean() ? 0 : 30);
                    int minutes = 30 * (1 + random.nextInt(3));
                    CalendarEvent meeting = timed(work, pick(random, WORK_MEETINGS), pick(random, WORK_ROOMS), date, at, minutes, zone);
                    events.add(meeting.withNotes("Agenda: status, risks, next steps."));
                }
            }
            LocalDate errandDay = monday.plusWeeks(week).plusDays(random.nextInt(7));
            events.add(timed(personal, pick(random, PRIVATE_ITEMS), "", errandDay, LocalTime.of(18, 0), 60, zone));
            LocalDate weekend = monday.plusWeeks(week).plusDays(5);
            events.add(timed(third, alice ? "Family brunch" : "Long run", alice ? "Home" : "Riverside",
                    weekend, LocalTime.of(10, 30), 120, zone));
        }
        // Ids from the seeded generator too, so the same seed gives the very same agenda.
        events.replaceAll(e -> e.withId(new UUID(random.nextLong(), random.nextLong()).toString()));
        return new Agenda(owner, List.of(work, personal, third), List.copyOf(events));
    }

    private static String pick(Random random, String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static CalendarEvent timed(UserCalendar calendar, String title, String location, LocalDate date,
                                       LocalTime at, int minutes, ZoneId zone) {
        ZonedDateTime start = ZonedDateTime.of(date, at, zone);
        return CalendarEvent.timed(calendar.id(), title, start, start.plusMinutes(minutes)).withLocation(location);
    }

    private static CalendarEvent series(UserCalendar calendar, String title, String location, LocalDate first,
                                        LocalTime at, int minutes, ZoneId zone, String rule) {
        return timed(calendar, title, location, first, at, minutes, zone).withRecurrenceRule(rule);
    }

    private static CalendarEvent allDay(UserCalendar calendar, String title, String location, LocalDate firstDay,
                                        LocalDate lastDay, ZoneId zone) {
        return CalendarEvent.allDay(calendar.id(), title, firstDay, lastDay, zone).withLocation(location);
    }
}
