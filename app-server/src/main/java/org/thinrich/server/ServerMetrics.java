package org.thinrich.server;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters the server exposes at /metrics; the one place the server counts what it did. */
public final class ServerMetrics {
    private final Instant started = Instant.now();
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    public void increment(String name) {
        counters.computeIfAbsent(name, n -> new LongAdder()).increment();
    }

    public void add(String name, long amount) {
        counters.computeIfAbsent(name, n -> new LongAdder()).add(amount);
    }

    /** One counter's value now (0 when it never counted). */
    public long get(String name) {
        LongAdder adder = counters.get(name);
        return adder == null ? 0 : adder.sum();
    }

    /** A snapshot: every counter by name, plus uptime and memory. */
    public Map<String, Object> snapshot(long storeVersion) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("uptime_seconds", Duration.between(started, Instant.now()).toSeconds());
        result.put("store_version", storeVersion);
        var memory = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        result.put("heap_used_bytes", memory.getUsed());
        new java.util.TreeMap<>(counters).forEach((name, adder) -> result.put(name, adder.sum()));
        return result;
    }
}
