package org.thinrich.scenarios.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code workbench link}: an emulated WAN link in front of any server, for the desktop clients or
 * any program, and its live control from another terminal (as Toxiproxy's toxiproxy-cli).
 */
@Command(name = "link", mixinStandardHelpOptions = true,
        description = "An emulated link in front of a server, changed or cut while it runs (serve it, then show, set, cut, restore).",
        subcommands = {LinkCommand.Serve.class, LinkCommand.Show.class, LinkCommand.Set.class, LinkCommand.Cut.class, LinkCommand.Restore.class},
        footer = {"", "Examples:", "  ${ROOT-COMMAND-NAME} link serve --to 127.0.0.1:8080 --listen 127.0.0.1:9090 --profile 3g",
                "  ${ROOT-COMMAND-NAME} thin --server http://127.0.0.1:9090 --user alice --password alice-demo",
                "  ${ROOT-COMMAND-NAME} link set lte", "  ${ROOT-COMMAND-NAME} link cut 10",
                "  curl -X POST http://127.0.0.1:8474/link/profile/geo-satellite"})
public final class LinkCommand implements Callable<Integer> {
    /** Toxiproxy's control port, so that hands used to it find this one. */
    static final String DEFAULT_CONTROL = "127.0.0.1:8474";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** HOST:PORT ([v6]:PORT) to an address; a mistake is a ParameterException naming the option. */
    static InetSocketAddress address(CommandLine line, String option, String value, boolean portOnlyAllowed) {
        String host = "127.0.0.1";
        String port = value;
        int colon = value.lastIndexOf(':');
        if (colon >= 0) {
            host = value.substring(0, colon).replace("[", "").replace("]", "");
            port = value.substring(colon + 1);
        } else if (!portOnlyAllowed) {
            throw new CommandLine.ParameterException(line, option + " '" + value + "' needs HOST:PORT, e.g. 127.0.0.1:8080");
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) throw new NumberFormatException();
            return new InetSocketAddress(host, p);
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(line, option + " '" + value + "' has no port 0 to 65535; say HOST:PORT, e.g. 127.0.0.1:8080");
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Relay a TCP port to a server through an emulated link and serve its control until stopped (Ctrl-C).",
            footer = {"", "Example:", "  ${ROOT-COMMAND-NAME} link serve --to 127.0.0.1:8080 --listen 127.0.0.1:9090 --profile 3g"})
    static final class Serve implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--to", required = true, paramLabel = "HOST:PORT", description = "The server behind the link, e.g. 127.0.0.1:8080.")
        String to;

        @Option(names = "--listen", defaultValue = "127.0.0.1:9090", paramLabel = "[HOST:]PORT",
                description = "Where clients connect (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
        String listen;

        @Option(names = "--profile", defaultValue = "lan", description = "The link profile to start with (default: ${DEFAULT-VALUE}; see 'profiles').")
        String profile;

        @Option(names = "--control", defaultValue = DEFAULT_CONTROL, paramLabel = "[HOST:]PORT",
                description = "Where the control API listens (default: ${DEFAULT-VALUE}; keep it on loopback: whoever reaches it can cut the link).")
        String control;

        @Option(names = "--pcap", paramLabel = "FILE", description = "Write what crosses the link to FILE (pcapng) for Wireshark or tshark.")
        java.nio.file.Path pcap;

        @Override
        public Integer call() throws Exception {
            CommandLine line = spec.commandLine();
            LinkProfile start = LinkProfiles.find(profile).orElseThrow(() -> new CommandLine.ParameterException(line,
                    "Unknown link profile '" + profile + "'; known: " + String.join(", ", LinkProfiles.all().stream().map(LinkProfile::name).toList())));
            InetSocketAddress target = address(line, "--to", to, false);
            InetSocketAddress at = address(line, "--listen", listen, true);
            InetSocketAddress controlAt = address(line, "--control", control, true);
            WanLink link;
            try {
                link = WanLink.listen(at, target, start, 1);
            } catch (IOException e) {
                throw new CommandLine.ExecutionException(line, "Cannot listen on " + listen + " (" + e.getMessage()
                        + "); pass --listen with a free port, or 0 for any.");
            }
            LinkControl controlApi;
            try {
                controlApi = LinkControl.serve(link, controlAt);
            } catch (IOException e) {
                link.close();
                throw new CommandLine.ExecutionException(line, "Cannot serve the control on " + control + " (" + e.getMessage()
                        + "); is another link running? Pass --control with a free port.");
            }
            PacketCapture capture = null;
            if (pcap != null) {
                try {
                    capture = PacketCapture.create(pcap);
                } catch (IOException e) {
                    controlApi.close();
                    link.close();
                    throw new CommandLine.ExecutionException(line, "Cannot write " + pcap + " (" + e.getMessage() + "); pass --pcap with a file you can write.");
                }
                link.capture(capture);
            }
            PacketCapture captured = capture;
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                controlApi.close();
                link.close();
                try {
                    if (captured != null) captured.close();
                } catch (IOException e) {
                    // what was written stays
                }
                stopped.countDown();
            }, "link-stop"));
            PrintWriter out = line.getOut();
            out.println("Link " + LinkControl.hostPort(link.listenAddress()) + " -> " + LinkControl.hostPort(target) + " at " + start);
            out.println("Control: http://" + LinkControl.hostPort(controlApi.address()) + "/link (e.g. "
                    + spec.root().name() + " link set 3g --control " + LinkControl.hostPort(controlApi.address()) + "); Ctrl-C stops the link.");
            out.flush();
            stopped.await();
            return 0;
        }
    }

    /** What the control commands share: where the link's control is, and one request to it. */
    abstract static class Client implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--control", defaultValue = DEFAULT_CONTROL, paramLabel = "[HOST:]PORT",
                description = "The link's control (default: ${DEFAULT-VALUE}).")
        String control;

        /** Sends the request; prints the link's state, or the control's one sentence and exit 2 for a mistake. */
        int request(String method, String path) throws InterruptedException {
            InetSocketAddress at = address(spec.commandLine(), "--control", control, true);
            URI uri = URI.create("http://" + LinkControl.hostPort(at) + path);
            HttpResponse<String> response;
            try {
                response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(HttpRequest.newBuilder(uri)
                        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new CommandLine.ExecutionException(spec.commandLine(), "No link answers at " + LinkControl.hostPort(at)
                        + "; start one with: " + spec.root().name() + " link serve --to HOST:PORT (or pass --control where it listens).");
            }
            JsonNode body;
            try {
                body = new ObjectMapper().readTree(response.body());
            } catch (IOException e) {
                throw new CommandLine.ExecutionException(spec.commandLine(), "What answers at " + LinkControl.hostPort(at)
                        + " is not a link's control (HTTP " + response.statusCode() + ").");
            }
            if (response.statusCode() != 200) {
                spec.commandLine().getErr().println(body.path("error").asText("HTTP " + response.statusCode()));
                return 2;
            }
            JsonNode s = body;
            spec.commandLine().getOut().printf("%s -> %s: %s (RTT %s ms, down %s, up %s)%s, %d connections, %,d B up, %,d B down%n",
                    s.path("listen").asText(), s.path("target").asText(), s.path("profile").asText(), trim(s.path("rttMillis").asDouble()),
                    rate(s.path("downBitsPerSecond").asLong()), rate(s.path("upBitsPerSecond").asLong()),
                    s.path("down").asBoolean() ? ", DOWN" : "", s.path("connections").asLong(), s.path("bytesUp").asLong(),
                    s.path("bytesDown").asLong());
            spec.commandLine().getOut().flush();
            return 0;
        }

        private static String trim(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }

        private static String rate(long bits) {
            return bits >= 1_000_000_000 ? bits / 1_000_000_000.0 + " Gbit/s" : bits >= 1_000_000 ? bits / 1_000_000.0 + " Mbit/s"
                    : bits / 1000.0 + " kbit/s";
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a running link: profile, whether it is down, bytes each way.")
    static final class Show extends Client {
        @Override
        public Integer call() throws Exception {
            return request("GET", "/link");
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Give a running link another profile; open connections take it at once.",
            footer = {"", "Example:", "  ${ROOT-COMMAND-NAME} link set geo-satellite"})
    static final class Set extends Client {
        @Parameters(paramLabel = "PROFILE", description = "A named profile (see 'profiles').")
        String profile;

        @Override
        public Integer call() throws Exception {
            return request("POST", "/link/profile/" + java.net.URLEncoder.encode(profile, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Command(name = "cut", mixinStandardHelpOptions = true,
            description = "Cut a running link for SECONDS: open connections are reset and new ones refused until it is back.",
            footer = {"", "Example:", "  ${ROOT-COMMAND-NAME} link cut 10"})
    static final class Cut extends Client {
        @Parameters(paramLabel = "SECONDS", description = "How long the outage lasts (above 0, at most 86400).")
        double seconds;

        @Override
        public Integer call() throws Exception {
            return request("POST", "/link/cut?seconds=" + seconds);
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = "End a running link's outage now.")
    static final class Restore extends Client {
        @Override
        public Integer call() throws Exception {
            return request("POST", "/link/restore");
        }
    }
}
