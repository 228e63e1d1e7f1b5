package org.thinrich.scenarios.record;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the embedded server's threads (Jetty's request threads, the display encoders, the
 * JavaFX thread that renders thin sessions, the sync poker). The clients run in the same process
 * on threads of their own, which are not counted.
 */
public final class ServerCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String[] SERVER_THREADS = {"http", "display-", "JavaFX Application Thread", "QuantumRenderer", "sync-pokes"};

    private ServerCpu() {
    }

    public static long nanos() {
        if (!THREADS.isThreadCpuTimeSupported()) return 0;
        long total = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null || !isServer(info.getThreadName())) continue;
            long cpu = THREADS.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) total += cpu;
        }
        return total;
    }

    private static boolean isServer(String name) {
        for (String prefix : SERVER_THREADS) if (name.startsWith(prefix)) return true;
        return false;
    }
}
