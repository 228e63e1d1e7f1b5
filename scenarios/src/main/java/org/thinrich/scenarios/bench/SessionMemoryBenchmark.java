package org.thinrich.scenarios.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.thinrich.rich.engine.RichEngine;
import org.thinrich.server.ServerProcess;
import org.thinrich.thin.engine.ThinEngine;
import org.thinrich.thin.engine.ThinListener;

/**
 * What a session costs the server in memory, thin against rich. The server runs in its own JVM as
 * users run it (-Xmx256m); its resident set (VmRSS, which counts the zstd windows and Prism's
 * native buffers too) and its Java heap after a GC (jcmd) are read idle, after the first thin
 * session (which also starts the JavaFX toolkit), after N thin sessions that each went four weeks
 * ahead and back, and after N rich clients synced as well. Linux only (/proc).
 *
 * <pre>mvn -B -q -DskipTests install
 * mvn -B -q -pl scenarios exec:java -Dexec.mainClass=org.thinrich.scenarios.bench.SessionMemoryBenchmark -Dexec.args="--sessions 6"</pre>
 *
 * <p>{@code --weeks-ahead off} starts the server with {@code --no-weeks-ahead}: sessions without
 * the neighbouring weeks built ahead, to see what that costs in memory.
 */
public final class SessionMemoryBenchmark {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    /** The week view's "<" and ">" buttons in a 1280x800 session. */
    private static final int PREVIOUS_X = 22;
    private static final int NEXT_X = 122;
    private static final int NAVIGATION_Y = 72;

    private record Memory(long rssKb, long heapKb) {
    }

    public static void main(String[] args) throws Exception {
        int sessions = 6;
        boolean weeksAhead = true;
        try {
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (args[i].equals("--sessions")) sessions = Math.max(2, Math.min(20, Integer.parseInt(args[i + 1])));
                else if (args[i].equals("--weeks-ahead")) weeksAhead = ThinPathBenchmark.onOff(args[i], args[i + 1]);
                else throw new IllegalArgumentException("Unknown option " + args[i] + "; use --sessions N (2..20) and --weeks-ahead on|off.");
            }
        } catch (IllegalArgumentException mistake) { // the user's: one sentence, no trace
            System.err.println(mistake.getMessage());
            System.exit(2);
        }
        if (!Files.isReadable(Path.of("/proc/self/status"))) {
            System.err.println("This benchmark reads /proc and runs on Linux only.");
            System.exit(2);
        }
        try {
            run(sessions, weeksAhead);
        } catch (Exception e) {
            System.err.println("The benchmark failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(int n, boolean weeksAhead) throws Exception {
        Path data = ScratchDirectory.create("memory-bench");
        List<ThinEngine> thin = new ArrayList<>();
        List<RichEngine> rich = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(data.resolve("server"), "--demo", weeksAhead ? "--weeks-ahead" : "--no-weeks-ahead")) {
            long pid = server.pid();
            Memory idle = measure(pid);
            Memory afterFirst = null;
            for (int i = 0; i < n; i++) {
                String user = i % 2 == 0 ? "alice" : "bob";
                ThinEngine engine = new ThinEngine(server.uri(), new ThinListener() { });
                engine.connect(user, user + "-demo", 1280, 800);
                for (int week = 0; week < 4; week++) await(engine, engine.click(NEXT_X, NAVIGATION_Y));
                for (int week = 0; week < 4; week++) await(engine, engine.click(PREVIOUS_X, NAVIGATION_Y));
                engine.awaitQuiet(Duration.ofMillis(300), WAIT);
                thin.add(engine);
                if (i == 0) afterFirst = measure(pid);
            }
            Memory withThin = measure(pid);
            for (int i = 0; i < n; i++) {
                String user = i % 2 == 0 ? "alice" : "bob";
                RichEngine engine = RichEngine.open(server.uri(), user, user + "-demo", data.resolve("replica-" + i), Clock.systemDefaultZone());
                engine.goOnline();
                if (!engine.awaitSynced(WAIT)) throw new IllegalStateException("rich client " + i + " did not sync");
                rich.add(engine);
            }
            Memory withRich = measure(pid);
            System.out.printf("%nServer memory (own JVM, -Xmx256m), %d thin sessions then %d rich clients, %d cores, weeks ahead %s%n", n, n,
                    Runtime.getRuntime().availableProcessors(), weeksAhead ? "on" : "off");
            System.out.printf("idle server:                 %s%n", format(idle));
            System.out.printf("with 1 thin session:         %s (the JavaFX toolkit starts with it)%n", format(afterFirst));
            System.out.printf("with %2d thin sessions:       %s%n", n, format(withThin));
            System.out.printf("and %2d rich clients:         %s%n", n, format(withRich));
            System.out.printf("per thin session after the first: RSS %.1f MB, heap %.1f MB%n",
                    (withThin.rssKb() - afterFirst.rssKb()) / 1024.0 / (n - 1), (withThin.heapKb() - afterFirst.heapKb()) / 1024.0 / (n - 1));
            System.out.printf("per rich client:                  RSS %.2f MB, heap %.2f MB%n",
                    (withRich.rssKb() - withThin.rssKb()) / 1024.0 / n, (withRich.heapKb() - withThin.heapKb()) / 1024.0 / n);
        } finally {
            thin.forEach(ThinEngine::close);
            rich.forEach(RichEngine::close);
        }
    }

    private static void await(ThinEngine engine, int input) throws InterruptedException {
        if (!engine.awaitReflected(input, WAIT)) throw new IllegalStateException("input " + input + " never shown");
    }

    /** Resident set and heap after a full GC, once the server has settled. */
    private static Memory measure(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Thread.sleep(1000);
        long rss = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) rss = Long.parseLong(line.replaceAll("\\D", ""));
        }
        Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        return new Memory(rss, used.find() ? Long.parseLong(used.group(1)) : -1);
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
        return output;
    }

    private static String format(Memory m) {
        return String.format("RSS %6.1f MB, heap after GC %6.1f MB", m.rssKb() / 1024.0, m.heapKb() / 1024.0);
    }
}
