package org.thinrich.scenarios.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A running link changed and cut from the command line, as Toxiproxy's CLI does it: the connections through it feel it at once. */
class LinkControlTest {
    private ServerSocket echo;
    private WanLink link;
    private LinkControl control;

    private record Ran(int exit, String out, String err) {
    }

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread server = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket c = echo.accept();
                    Thread t = new Thread(() -> {
                        try (c) {
                            c.setTcpNoDelay(true);
                            for (int b; (b = c.getInputStream().read()) >= 0; ) c.getOutputStream().write(b);
                        } catch (IOException closed) {
                            // the test is over with this connection
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "echo");
        server.setDaemon(true);
        server.start();
        link = WanLink.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), (InetSocketAddress) echo.getLocalSocketAddress(),
                LinkProfiles.named("lan"), 1);
        control = LinkControl.serve(link, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() throws IOException {
        control.close();
        link.close();
        echo.close();
    }

    private Ran link(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(new LinkCommand());
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(e.getMessage());
            return 1;
        });
        String[] withControl = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--control", "127.0.0.1:" + control.address().getPort())).toArray(String[]::new);
        return new Ran(line.execute(withControl), out.toString(), err.toString());
    }

    private static long pingMillis(Socket socket) throws IOException {
        long t0 = System.nanoTime();
        socket.getOutputStream().write(7);
        assertThat(socket.getInputStream().read()).isEqualTo(7);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void aProfileSetWhileRunningAppliesToAnOpenConnection() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), link.port())) {
            socket.setTcpNoDelay(true);
            assertThat(pingMillis(socket)).as("lan").isLessThan(60);
            Ran set = link("set", "transatlantic");
            assertThat(set.exit()).as(set.err()).isZero();
            assertThat(set.out()).contains(": transatlantic (RTT 80 ms, down 50.0 Mbit/s, up 50.0 Mbit/s), 1 connections");
            assertThat(pingMillis(socket)).as("the same connection now crosses the Atlantic").isGreaterThanOrEqualTo(75);
        }
        Ran show = link("show");
        assertThat(show.out()).contains("transatlantic").contains("2 B up, 2 B down");
    }

    @Test
    void aCutResetsConnectionsUntilRestored() throws Exception {
        Socket open = new Socket(InetAddress.getLoopbackAddress(), link.port());
        pingMillis(open);
        Ran cut = link("cut", "600");
        assertThat(cut.exit()).isZero();
        assertThat(cut.out()).contains(", DOWN,");
        open.setSoTimeout(5000);
        boolean broken;
        try {
            open.getOutputStream().write(1);
            broken = open.getInputStream().read() < 0;
        } catch (IOException reset) {
            broken = true;
        }
        assertThat(broken).as("the open connection was reset").isTrue();
        try (Socket refused = new Socket(InetAddress.getLoopbackAddress(), link.port())) {
            refused.setSoTimeout(5000);
            refused.getOutputStream().write(1);
            assertThat(refused.getInputStream().read()).as("a new connection gets nothing through").isEqualTo(-1);
        } catch (IOException reset) {
            // refused outright is as good
        }
        assertThat(link("restore").exit()).isZero();
        try (Socket again = new Socket(InetAddress.getLoopbackAddress(), link.port())) {
            again.setSoTimeout(5000);
            pingMillis(again);
        }
    }

    @Test
    void mistakesAreOneSentence() throws Exception {
        Ran unknown = link("set", "5g");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().strip()).startsWith("Unknown link profile '5g'; known: lan, cable").hasLineCount(1);
        Ran forever = link("cut", "0");
        assertThat(forever.exit()).isEqualTo(2);
        assertThat(forever.err()).startsWith("Say how long the outage lasts");
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(new LinkCommand());
        line.setErr(new PrintWriter(err, true));
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(e.getMessage());
            return 1;
        });
        assertThat(line.execute("show", "--control", "127.0.0.1:" + free)).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("No link answers at 127.0.0.1:" + free + "; start one with:").hasLineCount(1);
    }
}
