package org.thinrich.server;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.DemoAgenda;
import org.thinrich.calendar.core.UserCalendar;
import org.thinrich.server.store.CalendarStore;
import org.thinrich.server.store.UserAccounts;

/** The demo users and their agendas; made once, so a restart with --demo keeps what they changed. */
public final class DemoData {
    private DemoData() {
    }

    public static String passwordOf(String user) {
        return user + "-demo";
    }

    /** Creates each demo user that does not exist yet; returns the names created. */
    public static List<String> seed(UserAccounts accounts, CalendarStore store, Clock clock, ZoneId zone) {
        return seed(accounts, store, clock, zone, DemoAgenda.USERS);
    }

    /** The numbered demo users of a load run: user1 .. user{@code count}. */
    public static List<String> numberedUsers(int count) {
        List<String> users = new ArrayList<>();
        for (int i = 1; i <= count; i++) users.add("user" + i);
        return users;
    }

    /** Creates each of {@code users} that does not exist yet, with a demo agenda; returns the names created. */
    public static List<String> seed(UserAccounts accounts, CalendarStore store, Clock clock, ZoneId zone, List<String> users) {
        // In parallel: each account's password hash takes a tenth of a second of one core, and a load
        // run's server seeds a thousand of them.
        return users.parallelStream().filter(user -> !accounts.exists(user)).map(user -> {
            accounts.create(user, passwordOf(user).toCharArray());
            DemoAgenda.Agenda agenda = DemoAgenda.forUser(user, LocalDate.now(clock.withZone(zone)), zone, 1);
            agenda.calendars().forEach(store::addCalendar);
            Map<String, List<CalendarEvent>> byCalendar = agenda.events().stream()
                    .collect(Collectors.groupingBy(CalendarEvent::calendarId));
            for (UserCalendar calendar : agenda.calendars()) {
                store.importEvents(user, calendar.id(), byCalendar.getOrDefault(calendar.id(), List.of()));
            }
            return user;
        }).toList();
    }
}
