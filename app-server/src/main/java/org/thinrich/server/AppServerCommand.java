package org.thinrich.server;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.thinrich.calendar.core.CalendarColour;
import org.thinrich.calendar.core.UserCalendar;
import org.thinrich.calendar.core.ValidationException;
import org.thinrich.server.store.CalendarStore;
import org.thinrich.server.store.Database;
import org.thinrich.server.store.UserAccounts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.thinrich.server.display.dispatch.HostingMode;
import picocli.CommandLine.Parameters;

/** {@code app-server}: starts the calendar server, or adds a user to its data directory. */
@Command(name = "app-server", mixinStandardHelpOptions = true, version = "app-server 0.1",
        description = "The calendar server that both the thin and the rich client reach.",
        subcommands = AppServerCommand.AddUser.class)
public final class AppServerCommand implements Callable<Integer> {

    /** This command as parsed: a mistake found in call() is reported through it, to its error stream. */
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", defaultValue = "${env:THINRICH_HOST:-127.0.0.1}",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all). Env THINRICH_HOST.")
    String host;

    @Option(names = "--port", defaultValue = "${env:THINRICH_PORT:-8080}",
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one). Env THINRICH_PORT.")
    int port;

    @Option(names = "--data-dir", defaultValue = "${env:THINRICH_DATA_DIR:-data}",
            description = "Directory of the database file (default: ${DEFAULT-VALUE}). Env THINRICH_DATA_DIR.")
    Path dataDirectory;

    @Option(names = "--database-url", defaultValue = "${env:THINRICH_DATABASE_URL}", paramLabel = "URL",
            description = "Keep the store on this PostgreSQL server (jdbc:postgresql://HOST:PORT/DB), which several servers may share, "
                    + "instead of the embedded file in --data-dir. User and password from the environment: THINRICH_DATABASE_USER "
                    + "and THINRICH_DATABASE_PASSWORD (or PGUSER and PGPASSWORD). Env THINRICH_DATABASE_URL.")
    String databaseUrl;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "${env:THINRICH_ZONE}",
            description = "Time zone of the demo agendas, of floating times in imported files and of thin sessions' calendars, "
                    + "e.g. Europe/Berlin (default: this machine's). Env THINRICH_ZONE.")
    String zone;

    @Option(names = "--node-name", paramLabel = "NAME",
            description = "Name this server in a Calendar-Node header of every answer, as a node of a cluster does (default: none).")
    String nodeName;

    @Option(names = "--trusted-proxy", paramLabel = "ADDRESS", split = ",",
            description = "A load balancer on another machine (its IP address; several separated by commas) whose X-Forwarded-For "
                    + "names the client, so that failed logins are counted per client. This machine's own is always trusted.")
    java.util.List<String> trustedProxies = new java.util.ArrayList<>();

    @Option(names = "--caldav-over-plain-http",
            description = "Let CalDAV clients on other machines send their password over plain HTTP. Without it, only clients on "
                    + "this machine and clients behind a TLS proxy (X-Forwarded-Proto: https from a trusted proxy) may log in over CalDAV.")
    boolean caldavOverPlainHttp;

    @Option(names = "--vnc-port", defaultValue = "${env:THINRICH_VNC_PORT:-5900}", paramLabel = "PORT",
            description = "Where VNC viewers (TigerVNC, noVNC) log in to a thin session, on loopback only (default: ${DEFAULT-VALUE}; "
                    + "0 picks a free port, -1 none). From other machines use an SSH tunnel, or WebSocket at /vnc/websockify behind TLS.")
    int vncPort;

    @Option(names = "--tombstone-days", defaultValue = "${env:THINRICH_TOMBSTONE_DAYS:-30}",
            description = "Days deleted events are remembered for replicas; one away longer resyncs fully (default: ${DEFAULT-VALUE}).")
    int tombstoneDays;

    @Option(names = "--weeks-ahead", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Thin sessions keep the weeks before and after the one shown built: week switches about twice as fast, "
                    + "about 12 MB more heap per session (default: on; --no-weeks-ahead to save the memory).")
    boolean weeksAhead;

    @Option(names = "--thin-sessions", defaultValue = "${env:THINRICH_THIN_SESSIONS:-pool}", paramLabel = "MODE",
            description = "Where thin sessions run: pool (a session host process per core, up to 16 sessions each), pool:HOSTS:SESSIONS, "
                    + "process-per-session, or in-process (the server's one JavaFX thread) (default: ${DEFAULT-VALUE}). "
                    + "Env THINRICH_THIN_SESSIONS.")
    String thinSessions;

    @Option(names = "--max-thin-sessions", defaultValue = "32",
            description = "Thin sessions the server runs at most, in all its processes (default: ${DEFAULT-VALUE}).")
    int maxThinSessions;

    @Option(names = "--demo-users", defaultValue = "0", paramLabel = "N",
            description = "Also create the demo users user1 .. userN (password userN-demo), e.g. for a load run (default: none).")
    int demoUsers;

    /** For a program that starts the server as its child (the desktop demo): the server stops when that program ends, however it ended. */
    @Option(names = "--exit-with", paramLabel = "PID", hidden = true)
    Long exitWith;

    @Option(names = "--demo", description = "Create the demo users alice and bob with agendas around this week, if missing.")
    boolean demo;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine line = new CommandLine(new AppServerCommand());
        // A user's mistake gets one sentence, not a stack trace or a page of usage.
        line.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println(e.getMessage() + ". Run 'app-server --help' for the options.");
            return 2;
        });
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(e.getMessage() != null ? e.getMessage() : e.toString());
            return 1;
        });
        return line;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0 to 65535.");
        if (tombstoneDays < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--tombstone-days must be 1 or more.");
        if (demoUsers < 0 || demoUsers > 10_000) throw new CommandLine.ParameterException(spec.commandLine(), "--demo-users must be 0 to 10000.");
        if (maxThinSessions < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--max-thin-sessions must be 1 or more.");
        HostingMode mode;
        try {
            mode = HostingMode.parse(thinSessions);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage().replaceAll("\\.$", ""));
        }
        java.time.ZoneId zoneId;
        try {
            zoneId = zone == null || zone.isBlank() ? java.time.ZoneId.systemDefault() : java.time.ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--zone '" + zone + "' is no time zone; say e.g. Europe/Berlin or UTC");
        }
        ServerConfig config = ServerConfig.defaults(dataDirectory).withZone(zoneId).withPort(port).withDemo(demo).withHost(host)
                .withTombstoneRetention(java.time.Duration.ofDays(tombstoneDays)).withDisplayWeeksAhead(weeksAhead)
                .withThinSessions(mode).withMaxDisplaySessions(maxThinSessions).withDatabase(databaseAddress())
                .withNodeName(nodeName).withTrustedProxies(new java.util.HashSet<>(trustedProxies))
                .withCaldavOverPlainHttp(caldavOverPlainHttp).withVncPort(vncPort);
        AppServer server = AppServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
        if (exitWith != null) {
            // Even a parent killed with SIGKILL, which runs no hook, leaves no server behind.
            ProcessHandle.of(exitWith).ifPresentOrElse(parent -> parent.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
        }
        if (demoUsers > 0) {
            int made = DemoData.seed(server.accounts(), server.store(), config.clock(), config.zone(), DemoData.numberedUsers(demoUsers)).size();
            System.out.println("Demo users user1 .. user" + demoUsers + " ready (" + made + " new; password userN-demo)");
        }
        if (server.vncPort() > 0) {
            System.out.println("VNC viewers connect to 127.0.0.1:" + server.vncPort() + " (noVNC: " + server.uri().toString().replace("http", "ws")
                    + "/vnc/websockify) with a calendar login");
        }
        System.out.println("Calendar server listening on " + server.uri() + " (data in "
                + (databaseUrl != null ? databaseAddress() : dataDirectory.toAbsolutePath()) + ")");
        for (String user : server.demoUsersCreated()) {
            System.out.println("Demo user created: " + user + " / password " + DemoData.passwordOf(user));
        }
        if (demo && server.demoUsersCreated().isEmpty()) {
            System.out.println("Demo users exist already: alice / " + DemoData.passwordOf("alice") + ", bob / " + DemoData.passwordOf("bob"));
        }
        System.out.println("Try: curl " + server.uri() + "/health");
        System.out.flush();
        server.join();
        return 0;
    }

    /** The PostgreSQL server given by --database-url and the environment; null for the embedded file. */
    Database.Address databaseAddress() {
        if (databaseUrl == null || databaseUrl.isBlank()) return null;
        try {
            return Database.Address.fromEnvironment(databaseUrl, System.getenv());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The store's database as the options say: the PostgreSQL server, or the embedded file. */
    Database openDatabase() {
        Database.Address server = databaseAddress();
        return server != null ? Database.open(server) : Database.open(dataDirectory);
    }

    @Command(name = "add-user", mixinStandardHelpOptions = true,
            description = "Adds a user with one calendar named Personal. Run it while the server is stopped.")
    static final class AddUser implements Callable<Integer> {
        @CommandLine.ParentCommand
        AppServerCommand parent;

        @Parameters(index = "0", description = "User name: lower-case letters, digits, '.', '_' or '-'.")
        String name;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input instead of asking, "
                + "e.g. printf '%%s\\n' \"$PASSWORD\" | ... add-user carol --password-stdin")
        boolean passwordFromStdin;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            char[] password = readPassword();
            if (password == null) return 2;
            try (Database database = parent.openDatabase()) {
                UserAccounts accounts = new UserAccounts(database, Clock.systemUTC(), UserAccounts.DEFAULT_ITERATIONS);
                accounts.create(name, password);
                new CalendarStore(database, Clock.systemUTC())
                        .addCalendar(new UserCalendar(name + "-personal", name, "Personal", CalendarColour.GREEN));
            } catch (ValidationException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            }
            spec.commandLine().getOut().println("User " + name + " added.");
            return 0;
        }

        /** The password typed at the terminal or piped in; null (after saying why) when there is none to read. */
        private char[] readPassword() throws IOException {
            Console console = System.console();
            if (!passwordFromStdin) {
                if (console != null) return console.readPassword("Password for %s: ", name);
                // A pipe without the flag: reading it anyway would take whatever happens to be there as the password.
                spec.commandLine().getErr().println("There is no terminal to ask for " + name + "'s password on; to pipe it in, add "
                        + "--password-stdin (e.g. printf '%s\\n' \"$PASSWORD\" | ... add-user " + name + " --password-stdin).");
                return null;
            }
            byte[] bytes = System.in.readNBytes(4 * UserAccounts.MAX_PASSWORD + 2);
            String line = new String(bytes, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            if (line.isEmpty()) {
                spec.commandLine().getErr().println("No password arrived on standard input; --password-stdin reads its first line, "
                        + "e.g. printf '%s\\n' \"$PASSWORD\" | ... add-user " + name + " --password-stdin.");
                return null;
            }
            return line.toCharArray();
        }
    }
}
