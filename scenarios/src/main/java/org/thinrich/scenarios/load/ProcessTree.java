package org.thinrich.scenarios.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The server as the operating system sees it: its process and all its descendants (session hosts),
 * their CPU time and resident memory, read from Linux's /proc. Elsewhere both read as unknown (-1).
 */
final class ProcessTree {
    /** Linux's USER_HZ, the unit of utime and stime in /proc/PID/stat: 100 on every common build. */
    private static final double TICKS_PER_SECOND = 100;

    private final long root;

    ProcessTree(long root) {
        this.root = root;
    }

    private List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        pids.add(root);
        ProcessHandle.of(root).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    /** CPU time of the tree in seconds (user and system), or -1 where /proc is not there. */
    double cpuSeconds() {
        double total = 0;
        for (long pid : pids()) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                // Fields after the command, which is in parentheses and may hold spaces.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
            } catch (IOException | RuntimeException gone) {
                if (pid == root) return -1;
            }
        }
        return total;
    }

    /** Resident memory of the tree in MB, or -1 where /proc is not there. */
    double residentMb() {
        double total = 0;
        for (long pid : pids()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) total += Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            } catch (IOException | RuntimeException gone) {
                if (pid == root) return -1;
            }
        }
        return total;
    }

    /** Processes in the tree now (the server and its hosts). */
    int processes() {
        return pids().size();
    }
}
