package org.thinrich.scenarios.link;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The named profiles of DESIGN.md, with where their numbers come from. */
public final class LinkProfiles {
    private static final Map<String, LinkProfile> NAMED = new LinkedHashMap<>();

    static {
        add(new LinkProfile("lan", 0.5, 1_000_000_000L, 1_000_000_000L, 0, 0, "switched gigabit Ethernet, typical LAN round trip"));
        add(new LinkProfile("cable", 14, 5_000_000, 1_000_000, 0, 0, "sitespeed.io throttle preset 'cable' (5/1 Mbit/s, 28 ms RTT halved to 14 as in the comcast README)"));
        add(new LinkProfile("lte", 35, 12_000_000, 12_000_000, 0, 0, "sitespeed.io preset '4g' / Lighthouse mobile (12 Mbit/s, ~35 ms)"));
        add(new LinkProfile("3g", 300, 700_000, 700_000, 0, 0, "sitespeed.io preset '3g' (700 kbit/s, 300 ms RTT)"));
        add(new LinkProfile("transatlantic", 80, 50_000_000, 50_000_000, 0, 0, "published London-New York RTTs (~75-80 ms)"));
        add(new LinkProfile("transpacific", 110, 50_000_000, 50_000_000, 0, 0, "published Los Angeles-Tokyo RTTs (~100-110 ms)"));
        add(new LinkProfile("geo-satellite", 600, 10_000_000, 2_000_000, 0, 0.2, "geostationary orbit: ~600 ms RTT, consumer satellite plans"));
        add(new LinkProfile("very-bad", 500, 1_000_000, 1_000_000, 0, 2, "the comcast tool's README example of a bad network"));
    }

    private LinkProfiles() {
    }

    private static void add(LinkProfile p) {
        NAMED.put(p.name(), p);
    }

    public static List<LinkProfile> all() {
        return List.copyOf(NAMED.values());
    }

    public static Optional<LinkProfile> find(String name) {
        return Optional.ofNullable(NAMED.get(name));
    }

    /** The named profile; the error lists the names there are. */
    public static LinkProfile named(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("Unknown link profile '" + name + "'; known: "
                + String.join(", ", NAMED.keySet()) + "."));
    }
}
