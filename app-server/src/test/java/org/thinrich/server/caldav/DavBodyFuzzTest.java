package org.thinrich.server.caldav;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import java.time.ZonedDateTime;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.server.http.HttpError;
import org.w3c.dom.Element;

/**
 * Any body of a PROPFIND or REPORT goes the handler's way (parse, the properties asked for, a
 * calendar-query's filter tried on events) and ends in an answer or in a 400 or a refused filter:
 * nothing that would answer 500. `mvn test` runs the kept inputs; .ci/run fuzzes it for a bounded time.
 */
class DavBodyFuzzTest {
    private static final CalendarEvent SINGLE = new CalendarEvent("e1", "work", "Budget review", "Room 4", "Notes",
            ZonedDateTime.parse("2026-12-07T09:00:00+01:00[Europe/Berlin]"), ZonedDateTime.parse("2026-12-07T10:00:00+01:00[Europe/Berlin]"),
            false, null, 7, Instant.EPOCH, false);
    private static final CalendarEvent SERIES = SINGLE.withId("e2").withRecurrenceRule("FREQ=WEEKLY;BYDAY=MO,WE");

    @FuzzTest(maxDuration = "30s")
    void anyReportBodyIsAnsweredOrRefusedWithAReason(byte[] body) {
        Element root;
        try {
            root = DavXml.parse(body);
        } catch (HttpError refused) {
            assertThat(refused.status()).isEqualTo(400);
            return;
        }
        if (root == null) return; // PROPFIND's "all properties"
        DavXml.propNames(DavXml.child(root, DavXml.dav("prop")));
        Element filter = DavXml.child(root, DavXml.caldav("filter"));
        Element vcalendar = filter == null ? null : DavXml.child(filter, DavXml.caldav("comp-filter"));
        Element component = vcalendar == null ? null : DavXml.child(vcalendar, DavXml.caldav("comp-filter"));
        try {
            EventFilter test = EventFilter.of(component);
            test.matches(SINGLE);
            test.matches(SERIES);
        } catch (EventFilter.Unsupported refused) {
            // 403 supported-filter
        } catch (HttpError refused) {
            assertThat(refused.status()).isEqualTo(400);
        }
    }
}
