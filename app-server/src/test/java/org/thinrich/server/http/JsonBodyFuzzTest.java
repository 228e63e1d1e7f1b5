package org.thinrich.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Set;
import org.thinrich.calendar.core.EventValidator;
import org.thinrich.calendar.core.ValidationException;

/**
 * Any body POSTed to make an event goes the handler's way (parse, the fields it needs, the event
 * rules) and ends in an event or in a 400 with a reason: an HttpError of 400 or a
 * ValidationException, nothing that would answer 500. `mvn test` runs the kept inputs; .ci/run
 * fuzzes it for a bounded time.
 */
class JsonBodyFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void anyEventBodyIsAcceptedOrRefusedWithA400(byte[] body) {
        try {
            ApiModels.NewEvent request = ApiHandler.parseJson(body, ApiModels.NewEvent.class);
            EventValidator.validateNew(ApiHandler.eventFrom(request, "work"), Set.of("work"));
        } catch (HttpError refused) {
            assertThat(refused.status()).isEqualTo(400);
        } catch (ValidationException refused) {
            // 400 with the broken rules
        }
    }
}
