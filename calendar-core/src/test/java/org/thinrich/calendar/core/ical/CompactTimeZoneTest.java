package org.thinrich.calendar.core.ical;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.Observance;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.property.RRule;
import net.fortuna.ical4j.model.property.TzOffsetTo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A compact VTIMEZONE, read by another iCalendar library (ical4j's parser and its RRULE expansion),
 * names every transition the JDK knows from 2024 to 2035: the same local moment, to the same offset.
 */
class CompactTimeZoneTest {
    @ParameterizedTest
    @ValueSource(strings = {"Europe/Berlin", "America/New_York", "Australia/Sydney", "America/St_Johns", "Asia/Kolkata",
            "America/Santiago", "Europe/London", "Pacific/Auckland", "Asia/Tokyo", "America/Sao_Paulo", "Pacific/Chatham"})
    void transitionsAreTheJdks(String zoneId) throws Exception {
        ZoneId zone = ZoneId.of(zoneId);
        String block = CompactTimeZone.of(zone);
        assertThat(block.length()).as("compact").isLessThan(600);
        Calendar calendar = new CalendarBuilder(TimeZoneRegistryFactory.getInstance().createRegistry())
                .build(new StringReader("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + block + "END:VCALENDAR\r\n"));
        VTimeZone vtimezone = calendar.<VTimeZone>getComponent(Component.VTIMEZONE).orElseThrow();
        LocalDateTime from = LocalDateTime.of(2024, 1, 1, 0, 0);
        LocalDateTime to = LocalDateTime.of(2036, 1, 1, 0, 0);

        Map<LocalDateTime, ZoneOffset> written = new TreeMap<>();
        for (Observance o : vtimezone.getObservances()) {
            ZoneOffset after = o.<TzOffsetTo>getProperty(Property.TZOFFSETTO).orElseThrow().getOffset();
            LocalDateTime start = LocalDateTime.parse(o.getProperty(Property.DTSTART).orElseThrow().getValue(),
                    java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"));
            java.util.Optional<RRule<LocalDateTime>> rule = o.getProperty(Property.RRULE);
            if (rule.isEmpty()) continue; // a zone without yearly changes
            Recur<LocalDateTime> recur = rule.get().getRecur();
            for (LocalDateTime at : recur.getDates(start, from, to)) written.put(at, after);
        }
        Map<LocalDateTime, ZoneOffset> jdk = new TreeMap<>();
        List<ZoneOffsetTransition> transitions = new ArrayList<>();
        ZoneOffsetTransition t = zone.getRules().nextTransition(from.toInstant(ZoneOffset.UTC));
        while (t != null && t.getDateTimeBefore().isBefore(to)) {
            transitions.add(t);
            t = zone.getRules().nextTransition(t.getInstant());
        }
        transitions.forEach(x -> jdk.put(x.getDateTimeBefore(), x.getOffsetAfter()));
        assertThat(written).as(block).isEqualTo(jdk);
    }
}
