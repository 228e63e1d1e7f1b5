package org.thinrich.scenarios.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.thinrich.scenarios.link.LinkProfile;

/** A link profile a scenario defines for itself, by the same numbers as the named ones. */
public record CustomProfile(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "rttMillis", required = true) double rttMillis,
        @JsonProperty(value = "downKbps", required = true) long downKbps,
        @JsonProperty(value = "upKbps", required = true) long upKbps,
        @JsonProperty("jitterMillis") Double jitterMillis,
        @JsonProperty("lossPercent") Double lossPercent,
        @JsonProperty("source") String source) {

    public CustomProfile {
        jitterMillis = jitterMillis == null ? 0.0 : jitterMillis;
        lossPercent = lossPercent == null ? 0.0 : lossPercent;
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,40}")) {
            throw new IllegalArgumentException("A profile name has lower-case letters, digits and '-', up to 41 characters.");
        }
        toProfileOf(name, rttMillis, downKbps, upKbps, jitterMillis, lossPercent, source); // validates the numbers
    }

    public LinkProfile toProfile() {
        return toProfileOf(name, rttMillis, downKbps, upKbps, jitterMillis, lossPercent, source);
    }

    private static LinkProfile toProfileOf(String name, double rtt, long down, long up, double jitter, double loss, String source) {
        return new LinkProfile(name, rtt, down * 1000, up * 1000, jitter, loss, source == null ? "defined in the scenario file" : source);
    }
}
