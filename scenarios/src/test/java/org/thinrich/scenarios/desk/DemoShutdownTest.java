package org.thinrich.scenarios.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "./workbench demo" stopped with SIGTERM, as a service manager or a closed terminal stops it:
 * its server process and its temporary folder go with it. Runs the launcher with Monocle's
 * headless glass, so the demo's windows open without a display.
 */
class DemoShutdownTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path temporary;

    @Test
    void sigtermStopsTheServerAndRemovesTheDemoFolder() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("./workbench", "demo").directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(temporary.resolve("demo.log").toFile());
        Path tmp = Files.createDirectories(temporary.resolve("tmp"));
        builder.environment().put("WORKBENCH_NO_BUILD", "1");
        builder.environment().put("WORKBENCH_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp + " -Dglass.platform=Monocle -Dmonocle.platform=Headless"
                + " -Dprism.order=sw -Dprism.text=t2k -Dheadless.geometry=2000x1200-32");
        Process demo = builder.start();
        List<ProcessHandle> servers = List.of();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (servers.isEmpty() && demo.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(250);
                // The demo's own children are its server (its session hosts are the server's children).
                servers = demo.children().filter(p -> p.info().command().orElse("").endsWith("java")).toList();
            }
            assertThat(servers).as("the demo started its server: " + Files.readString(temporary.resolve("demo.log"))).isNotEmpty();
            try (Stream<Path> made = Files.list(tmp)) {
                assertThat(made.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("workbench-demo"));
            }
            Thread.sleep(3000); // logging in, the windows opening

            demo.destroy(); // SIGTERM
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("the demo stopped").isTrue();
            for (ProcessHandle server : servers) server.onExit().get(30, TimeUnit.SECONDS);
            assertThat(servers).noneMatch(ProcessHandle::isAlive);
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("workbench-demo"));
            }
        } finally {
            demo.destroyForcibly();
            for (ProcessHandle server : servers) server.destroyForcibly();
        }
    }
}
