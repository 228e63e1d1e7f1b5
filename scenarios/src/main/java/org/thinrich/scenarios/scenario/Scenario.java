package org.thinrich.scenarios.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import org.thinrich.scenarios.link.LinkProfile;
import org.thinrich.scenarios.link.LinkProfiles;

/**
 * A scenario as its YAML file says it (see scenarios/README.md): the server (embedded, a cluster
 * of {@code nodes} started for the run, or a URL),
 * who logs in, the profiles to sweep, the paths to drive, the workload and its repetitions (after
 * {@code warmup} unrecorded passes per client), and the seed that makes jitter, loss and choices
 * repeatable; where the embedded server runs thin sessions ({@code thinSessions}: in-process,
 * process-per-session or pool:K:M); and, for a capacity run, the load ramp ({@link LoadPlan}).
 */
public record Scenario(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty("description") String description,
        @JsonProperty("server") String server,
        @JsonProperty("user") String user,
        @JsonProperty("password") String password,
        @JsonProperty("seed") Long seed,
        @JsonProperty("repetitions") Integer repetitions,
        @JsonProperty("warmup") Integer warmup,
        @JsonProperty(value = "profiles", required = true) List<String> profiles,
        @JsonProperty("customProfiles") List<CustomProfile> customProfiles,
        @JsonProperty("clients") List<String> clients,
        @JsonProperty("thinkMillis") Integer thinkMillis,
        @JsonProperty("watcher") Boolean watcher,
        @JsonProperty(value = "workload", required = true) List<Step> workload,
        @JsonProperty("thinSessions") String thinSessions,
        @JsonProperty("load") LoadPlan load,
        @JsonProperty("nodes") Integer nodes,
        @JsonProperty("caldavPollSeconds") Double caldavPollSeconds) {

    public static final String EMBEDDED = "embedded";
    /** A CalDAV client: "caldav" polls every caldavPollSeconds, "caldav-5s" every 5 s. */
    private static final java.util.regex.Pattern CALDAV_CLIENT = java.util.regex.Pattern.compile("caldav(?:-(\\d+(?:\\.\\d+)?)s)?");
    /** Three tiers on this machine: embedded PostgreSQL, {@code nodes} servers, HAProxy in front (needs haproxy). */
    public static final String CLUSTER = "cluster";

    public Scenario {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("A scenario needs a name.");
        description = description == null ? "" : description;
        server = server == null ? EMBEDDED : server;
        if (!server.equals(EMBEDDED) && !server.equals(CLUSTER) && !server.matches("https?://[^\\s/]+(:\\d+)?/?")) {
            throw new IllegalArgumentException("server is 'embedded', 'cluster' or a URL such as http://127.0.0.1:8080, not '" + server + "'.");
        }
        if (nodes != null && !server.equals(CLUSTER)) throw new IllegalArgumentException("nodes goes with server: cluster.");
        nodes = nodes == null ? 2 : nodes;
        if (nodes < 1 || nodes > 16) throw new IllegalArgumentException("nodes must be 1 to 16.");
        user = user == null ? "alice" : user;
        password = password == null ? user + "-demo" : password;
        seed = seed == null ? 42L : seed;
        repetitions = repetitions == null ? 1 : repetitions;
        if (repetitions < 1 || repetitions > 1000) throw new IllegalArgumentException("repetitions must be 1 to 1000.");
        warmup = warmup == null ? 0 : warmup;
        if (warmup < 0 || warmup > 100) throw new IllegalArgumentException("warmup must be 0 to 100.");
        if (profiles == null || profiles.isEmpty()) throw new IllegalArgumentException("profiles lists at least one link profile.");
        customProfiles = customProfiles == null ? List.of() : List.copyOf(customProfiles);
        clients = clients == null ? List.of("thin", "rich") : List.copyOf(clients);
        if (clients.isEmpty() || !clients.stream().allMatch(c -> c.equals("thin") || rich(c) || CALDAV_CLIENT.matcher(c).matches()
                || VNC_CLIENT.matcher(c).matches())) {
            throw new IllegalArgumentException("clients are 'thin', 'rich', 'rich-ka60s' (a keep-alive ping every 60 s instead of 20), "
                    + "'caldav' (polling every caldavPollSeconds), 'caldav-5s' (polling every 5 s), or 'vnc' (Tight), 'vnc-tight', "
                    + "'vnc-zrle', 'vnc-raw' (each also with '-pull': no continuous updates), not " + clients + ".");
        }
        if (!server.equals(EMBEDDED) && clients.stream().anyMatch(c -> VNC_CLIENT.matcher(c).matches())) {
            throw new IllegalArgumentException("VNC clients need the embedded server, whose VNC port the workbench knows; leave out server:.");
        }
        if (clients.stream().distinct().count() != clients.size()) throw new IllegalArgumentException("clients names one client twice: " + clients + ".");
        caldavPollSeconds = caldavPollSeconds == null ? 30.0 : caldavPollSeconds;
        if (caldavPollSeconds < 0.1 || caldavPollSeconds > 3600) throw new IllegalArgumentException("caldavPollSeconds must be 0.1 to 3600.");
        thinkMillis = thinkMillis == null ? 300 : thinkMillis;
        if (thinkMillis < 0 || thinkMillis > 60_000) throw new IllegalArgumentException("thinkMillis must be 0 to 60000.");
        watcher = watcher == null || watcher;
        if (workload == null || workload.isEmpty()) throw new IllegalArgumentException("workload lists at least one step.");
        if (!server.equals(CLUSTER) && workload.stream().anyMatch(w -> w.kind().fault())) {
            throw new IllegalArgumentException("Fault steps (kill-node, restart-node, stop-database) need server: cluster.");
        }
        workload = List.copyOf(workload);
        profiles = List.copyOf(profiles);
        thinSessions = thinSessions == null ? "in-process" : thinSessions;
        org.thinrich.server.display.dispatch.HostingMode.parse(thinSessions); // says what is wrong
        if (load != null && !server.equals(EMBEDDED)) { // (a cluster too)
            throw new IllegalArgumentException("A load ramp starts servers of its own (with numbered users and each thinSessions mode); "
                    + "leave out server:.");
        }
        if (!server.equals(EMBEDDED) && !server.equals(CLUSTER) && !thinSessions.equals("in-process")) {
            throw new IllegalArgumentException("thinSessions applies to the embedded server and the cluster's nodes; a server given by URL "
                    + "was started with its own --thin-sessions.");
        }
    }

    /** The profiles to sweep, named or custom, in the order given; throws naming an unknown one. */
    public List<LinkProfile> linkProfiles() {
        List<LinkProfile> result = new ArrayList<>();
        for (String p : profiles) {
            LinkProfile found = customProfiles.stream().filter(c -> c.name().equals(p)).map(CustomProfile::toProfile).findFirst()
                    .orElseGet(() -> LinkProfiles.find(p).orElse(null));
            if (found == null) throw new UnknownProfileException(p);
            result.add(found);
        }
        return result;
    }

    /** The same scenario on another server ({@code nodes} null: the file's, if it was a cluster). */
    public Scenario onServer(String otherServer, Integer otherNodes) {
        Integer keptNodes = otherNodes != null ? otherNodes : otherServer.equals(CLUSTER) && cluster() ? nodes : null;
        return new Scenario(name, description, otherServer, user, password, seed, repetitions, warmup, profiles, customProfiles, clients,
                thinkMillis, watcher, workload, thinSessions, load, keptNodes, caldavPollSeconds);
    }

    /**
     * The same scenario with the profiles, repetitions or clients given on the command line instead of
     * the file's (null keeps the file's); throws naming a value that is not allowed.
     */
    public Scenario overridden(List<String> otherProfiles, Integer otherRepetitions, List<String> otherClients) {
        Scenario s = new Scenario(name, description, server, user, password, seed, otherRepetitions != null ? otherRepetitions : repetitions,
                warmup, otherProfiles != null ? otherProfiles : profiles, customProfiles, otherClients != null ? otherClients : clients,
                thinkMillis, watcher, workload, thinSessions, load, server.equals(CLUSTER) ? nodes : null, caldavPollSeconds);
        s.linkProfiles();
        return s;
    }

    /**
     * A VNC viewer: "vnc" asks for Tight, "vnc-zrle" for ZRLE, and so on; with fences and continuous
     * updates as TigerVNC's viewer takes them, or with "-pull" (e.g. "vnc-tight-pull") RFC 6143's
     * requests alone.
     */
    private static final java.util.regex.Pattern VNC_CLIENT = java.util.regex.Pattern.compile("vnc(?:-(tight|zrle|raw))?(-pull)?");

    /** Whether {@code client} is a VNC viewer. */
    public static boolean vnc(String client) {
        return VNC_CLIENT.matcher(client).matches();
    }

    /**
     * The RFB encodings a VNC client of this name offers, preferred first, and compression level 2:
     * what TigerVNC's viewer sends with that PreferredEncoding and JPEG off.
     */
    public static java.util.List<Integer> vncEncodings(String client) {
        java.util.regex.Matcher m = VNC_CLIENT.matcher(client);
        String preferred = m.matches() && m.group(1) != null ? m.group(1) : "tight";
        java.util.List<Integer> encodings = new java.util.ArrayList<>(java.util.List.of(org.thinrich.rfb.Rfb.encodingId(preferred)));
        for (String other : java.util.List.of("tight", "zrle", "raw", "copyrect")) {
            int id = org.thinrich.rfb.Rfb.encodingId(other);
            if (!encodings.contains(id)) encodings.add(id);
        }
        encodings.add(org.thinrich.rfb.Rfb.COMPRESS_LEVEL_0 + 2);
        if (m.matches() && m.group(2) == null) {
            encodings.add(org.thinrich.rfb.Rfb.FENCE_PSEUDO);
            encodings.add(org.thinrich.rfb.Rfb.CONTINUOUS_UPDATES_PSEUDO);
        }
        return encodings;
    }

    /** A rich client: "rich" pings every 20 s (the client's default), "rich-ka60s" every 60 s, "rich-ka0s" never. */
    private static final java.util.regex.Pattern RICH_CLIENT = java.util.regex.Pattern.compile("rich(?:-ka(\\d{1,4})s)?");

    /** Whether {@code client} is a rich client. */
    public static boolean rich(String client) {
        return RICH_CLIENT.matcher(client).matches();
    }

    /** How often a rich client of this name pings to keep its connection known alive; null: the client's default. */
    public static java.time.Duration keepAlive(String client) {
        java.util.regex.Matcher m = RICH_CLIENT.matcher(client);
        return m.matches() && m.group(1) != null ? java.time.Duration.ofSeconds(Integer.parseInt(m.group(1))) : null;
    }

    /** Whether {@code client} is a CalDAV client. */
    public static boolean caldav(String client) {
        return CALDAV_CLIENT.matcher(client).matches();
    }

    /** How often a CalDAV client of this scenario polls: as its name says, else caldavPollSeconds. */
    public java.time.Duration pollInterval(String client) {
        java.util.regex.Matcher m = CALDAV_CLIENT.matcher(client);
        double seconds = m.matches() && m.group(1) != null ? Double.parseDouble(m.group(1)) : caldavPollSeconds;
        return java.time.Duration.ofMillis((long) (seconds * 1000));
    }

    public boolean embedded() {
        return server.equals(EMBEDDED);
    }

    public boolean cluster() {
        return server.equals(CLUSTER);
    }

    /** A profile name that is neither a named profile nor one of the scenario's own. */
    public static final class UnknownProfileException extends IllegalArgumentException {
        public final String profile;

        UnknownProfileException(String profile) {
            super("Unknown link profile '" + profile + "'; known: " + String.join(", ",
                    LinkProfiles.all().stream().map(LinkProfile::name).toList()) + ", or one under customProfiles.");
            this.profile = profile;
        }
    }
}
