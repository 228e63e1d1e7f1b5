package org.thinrich.scenarios.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.thinrich.server.display.dispatch.HostingMode;

/**
 * A scenario's load ramp: how many concurrent users at each step, each repeating the workload
 * with think time in between; the response p95 that counts as "still served"; how long each step
 * measures; which clients ramp; and where the server runs thin sessions for each thin ramp.
 */
public record LoadPlan(
        @JsonProperty(value = "users", required = true) List<Integer> users,
        @JsonProperty("thinkMillis") Integer thinkMillis,
        @JsonProperty("thresholdMillis") Integer thresholdMillis,
        @JsonProperty("stepSeconds") Integer stepSeconds,
        @JsonProperty("clients") List<String> clients,
        @JsonProperty("thinSessions") List<String> thinSessions,
        @JsonProperty("maxMinutes") Integer maxMinutes) {

    /**
     * Rich users reduced to their sync protocol (no replica, no window): what a server sees of many
     * rich clients, cheap enough on the load side to run a thousand of them.
     */
    public static final String RICH_PROTOCOL = "rich-protocol";
    private static final List<String> CLIENTS = List.of("thin", "rich", RICH_PROTOCOL);

    public LoadPlan {
        if (users == null || users.isEmpty()) throw new IllegalArgumentException("load.users lists the numbers of users, e.g. [1, 5, 10, 20].");
        for (int i = 0; i < users.size(); i++) {
            if (users.get(i) < 1 || users.get(i) > 2000) throw new IllegalArgumentException("load.users are 1 to 2000, not " + users.get(i) + ".");
            if (i > 0 && users.get(i) <= users.get(i - 1)) throw new IllegalArgumentException("load.users must grow: " + users + ".");
        }
        users = List.copyOf(users);
        thinkMillis = thinkMillis == null ? 2000 : thinkMillis;
        if (thinkMillis < 100 || thinkMillis > 60_000) throw new IllegalArgumentException("load.thinkMillis must be 100 to 60000.");
        thresholdMillis = thresholdMillis == null ? 150 : thresholdMillis;
        if (thresholdMillis < 1) throw new IllegalArgumentException("load.thresholdMillis must be positive.");
        stepSeconds = stepSeconds == null ? 30 : stepSeconds;
        if (stepSeconds < 2 || stepSeconds > 3600) throw new IllegalArgumentException("load.stepSeconds must be 2 to 3600.");
        clients = clients == null ? List.of("thin", "rich") : List.copyOf(clients);
        if (clients.isEmpty() || !CLIENTS.containsAll(clients)) {
            throw new IllegalArgumentException("load.clients are some of 'thin', 'rich' and 'rich-protocol', not " + clients + ".");
        }
        thinSessions = thinSessions == null ? List.of("in-process") : List.copyOf(thinSessions);
        thinSessions.forEach(HostingMode::parse); // says what is wrong
        maxMinutes = maxMinutes == null ? 60 : maxMinutes;
        if (maxMinutes < 1 || maxMinutes > 24 * 60) throw new IllegalArgumentException("load.maxMinutes must be 1 to 1440.");
    }

    public int mostUsers() {
        return users.get(users.size() - 1);
    }
}
