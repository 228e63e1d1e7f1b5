package org.thinrich.server.display.dispatch;

/**
 * Where thin sessions run. {@code in-process}: all in the server's JVM, on its one JavaFX thread
 * (an iterative server as far as UI work goes). {@code process-per-session}: each session in a
 * session host of its own (a concurrent server, one process per client, as Xvnc or guacd).
 * {@code pool:K:M}: at most K hosts of at most M sessions each.
 */
public record HostingMode(Kind kind, int maxHosts, int sessionsPerHost) {
    public enum Kind { IN_PROCESS, PROCESS_PER_SESSION, POOL }

    public static final HostingMode IN_PROCESS = new HostingMode(Kind.IN_PROCESS, 0, 0);
    /** Sessions per host of the default pool: the JVM's fixed cost shared, its JavaFX thread not yet the limit on 2 cores. */
    public static final int DEFAULT_SESSIONS_PER_HOST = 16;
    public static final HostingMode PROCESS_PER_SESSION = new HostingMode(Kind.PROCESS_PER_SESSION, Integer.MAX_VALUE, 1);

    /**
     * Reads {@code in-process}, {@code process-per-session}, {@code pool} (a host per core of at most
     * {@value #DEFAULT_SESSIONS_PER_HOST} sessions each) or {@code pool:K:M}.
     */
    public static HostingMode parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("in-process")) return IN_PROCESS;
        if (t.equals("process-per-session")) return PROCESS_PER_SESSION;
        if (t.equals("pool")) return pool(Runtime.getRuntime().availableProcessors(), DEFAULT_SESSIONS_PER_HOST);
        if (t.startsWith("pool:")) {
            String[] parts = t.split(":");
            try {
                if (parts.length == 3) return pool(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            } catch (NumberFormatException ignored) {
                // said below
            }
        }
        throw new IllegalArgumentException("Thin sessions '" + text + "': say in-process, process-per-session, pool or pool:HOSTS:SESSIONS "
                + "(e.g. pool:2:16).");
    }

    public static HostingMode pool(int hosts, int sessionsPerHost) {
        if (hosts < 1 || sessionsPerHost < 1) {
            throw new IllegalArgumentException("A pool needs at least one host of at least one session, not pool:" + hosts + ":" + sessionsPerHost + ".");
        }
        return new HostingMode(Kind.POOL, hosts, sessionsPerHost);
    }

    public boolean hosted() {
        return kind != Kind.IN_PROCESS;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case IN_PROCESS -> "in-process";
            case PROCESS_PER_SESSION -> "process-per-session";
            case POOL -> "pool:" + maxHosts + ":" + sessionsPerHost;
        };
    }
}
