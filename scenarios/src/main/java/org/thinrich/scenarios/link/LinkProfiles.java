package org.thinrich.scenarios.link;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The named profiles, with where their numbers come from (docs/link-profiles.md). */
public final class LinkProfiles {
    private static final Map<String, LinkProfile> NAMED = new LinkedHashMap<>();

    static {
        add(new LinkProfile("lan", 0.5, 1_000_000_000L, 1_000_000_000L, 0, 0, "a switched gigabit LAN"));
        add(new LinkProfile("cable", 14, 5_000_000, 1_000_000, 0, 0, "after sitespeed.io's 'cable' throttle preset (5/1 Mbit/s)"));
        add(new LinkProfile("lte", 35, 12_000_000, 12_000_000, 0, 0, "after sitespeed.io's '4g' preset and Lighthouse's mobile throttling"));
        add(new LinkProfile("3g", 300, 700_000, 700_000, 0, 0, "after sitespeed.io's '3g' preset"));
        add(new LinkProfile("transatlantic", 80, 50_000_000, 50_000_000, 0, 0, "published round trips across the Atlantic"));
        add(new LinkProfile("transpacific", 110, 50_000_000, 50_000_000, 0, 0, "published round trips across the Pacific"));
        add(new LinkProfile("geo-satellite", 600, 10_000_000, 2_000_000, 0, 0.2, "a geostationary satellite link"));
        add(new LinkProfile("very-bad", 500, 1_000_000, 1_000_000, 0, 2, "after the comcast tool's README"));
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
