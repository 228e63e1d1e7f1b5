package org.thinrich.scenarios.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The HAProxy program: found on this machine, started in the foreground as a child, stopped with it. */
public final class Haproxy {
    private static final List<String> PLACES = List.of("/usr/sbin/haproxy", "/usr/local/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/bin/haproxy");

    private Haproxy() {
    }

    /** The haproxy executable; IllegalStateException says how to install it when there is none. */
    public static String executable() {
        String given = System.getenv("THINRICH_HAPROXY");
        if (given != null && !given.isBlank()) return given;
        for (String place : PLACES) if (Files.isExecutable(Path.of(place))) return place;
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, "haproxy");
                if (Files.isExecutable(candidate)) return candidate.toString();
            }
        }
        throw new IllegalStateException("HAProxy is not installed; install it (Debian/Ubuntu: sudo apt-get install haproxy, "
                + "macOS: brew install haproxy) or set THINRICH_HAPROXY to its path.");
    }

    /** Whether HAProxy can be found here. */
    public static boolean installed() {
        try {
            executable();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** Checks the configuration, then runs HAProxy in the foreground (-db), its output to {@code log}. */
    static Process start(String executable, Path config, Path log) throws IOException, InterruptedException {
        Process check = new ProcessBuilder(executable, "-c", "-q", "-f", config.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!check.waitFor(20, TimeUnit.SECONDS) || check.exitValue() != 0) {
            check.destroyForcibly();
            throw new IllegalStateException("HAProxy refused the generated configuration " + config + ": " + Files.readString(log).strip());
        }
        return new ProcessBuilder(executable, "-db", "-f", config.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** SIGTERM (HAProxy's hard stop), SIGKILL if it lingers. */
    static void stop(Process haproxy) {
        haproxy.destroy();
        try {
            if (!haproxy.waitFor(5, TimeUnit.SECONDS)) haproxy.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            haproxy.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
