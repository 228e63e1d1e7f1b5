package org.thinrich.calendar.core.ical;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;

/**
 * Any file given to the iCalendar import: events, or an ICalendarFormatException naming the line
 * and the reason (the API answers 400 with it), never another exception. `mvn test` runs the kept
 * inputs (the sample files and every crash found); .ci/run fuzzes it for a bounded time.
 */
class ICalendarImportFuzzTest {
    private final ICalendarCodec codec = new ICalendarCodec();

    @FuzzTest(maxDuration = "30s")
    void anyFileIsImportedOrRefusedWithAReason(byte[] bytes) {
        try {
            codec.read(new StringReader(new String(bytes, StandardCharsets.UTF_8)), "work", ZoneOffset.UTC);
        } catch (ICalendarFormatException refused) {
            // 400 with refused.getMessage()
        }
    }
}
