package org.thinrich.scenarios;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.thinrich.scenarios.link.LinkCheck;
import org.thinrich.scenarios.link.LinkProfile;
import org.thinrich.scenarios.link.LinkProfiles;
import org.thinrich.scenarios.load.LoadResult;
import org.thinrich.scenarios.load.LoadRunner;
import org.thinrich.scenarios.report.HtmlReport;
import org.thinrich.scenarios.report.LoadReport;
import org.thinrich.scenarios.report.ReportFiles;
import org.thinrich.scenarios.report.TerminalTable;
import org.thinrich.scenarios.run.RunResult;
import org.thinrich.scenarios.run.ScenarioRunner;
import org.thinrich.scenarios.scenario.Scenario;
import org.thinrich.scenarios.scenario.ScenarioException;
import org.thinrich.scenarios.scenario.ScenarioFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The workbench: run scenarios, list and check link profiles, start the server and each client. */
@Command(name = "workbench", mixinStandardHelpOptions = true, version = "workbench 0.1",
        description = "Thin versus rich: runs scenarios through emulated WAN links and reports what the user waited and what crossed the wire.",
        subcommands = {Workbench.Run.class, Workbench.CompareRuns.class, Workbench.Demo.class, Workbench.Profiles.class, Workbench.CheckLink.class, Workbench.Server.class,
                Workbench.Thin.class, Workbench.Rich.class, org.thinrich.scenarios.cluster.ClusterCommand.class,
                org.thinrich.scenarios.link.LinkCommand.class},
        footer = {"", "Examples:", "  ${ROOT-COMMAND-NAME} run scenarios/quick.yaml", "  ${ROOT-COMMAND-NAME} run --help"})
public final class Workbench implements Callable<Integer> {

    public static void main(String[] args) {
        quietLibraries(java.util.Arrays.asList(args));
        System.exit(commandLine().execute(args));
    }

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Show the libraries' own log lines (Jetty, Flyway, ...): warnings only without it.")
    boolean verbose;

    /**
     * Libraries log at INFO to standard error (Flyway says so for every replica it opens): noise
     * in a progress bar. Warnings and errors still show; --verbose shows all. The server command
     * keeps INFO, as a server's log should. Must run before the first logger is made.
     */
    static void quietLibraries(List<String> args) {
        boolean server = !args.isEmpty() && (args.get(0).equals("server") || args.get(0).equals("cluster"));
        if (!args.contains("--verbose") && !server && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
            // ical4j warns at every start that its time-zone alias file is missing; it has its built-in ones.
            System.setProperty("org.slf4j.simpleLogger.log.net.fortuna.ical4j.model.TimeZoneRegistryImpl", "error");
        }
    }

    /** The program as the user typed it: ./workbench from the launcher (it passes its $0), else workbench. */
    static final String NAME = System.getProperty("workbench.name", "workbench");

    static CommandLine commandLine() {
        CommandLine line = new CommandLine(new Workbench());
        line.setCommandName(NAME);
        line.setParameterExceptionHandler((e, args) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            e.getCommandLine().getErr().println(e.getMessage() + ". Run '" + command + " --help' for its options.");
            return 2;
        });
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(e instanceof ScenarioException || e.getMessage() != null ? e.getMessage() : e.toString());
            return 1;
        });
        return line;
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run a scenario file and write samples.csv, report.json and report.html.",
            footer = {"", "Examples:", "  ${ROOT-COMMAND-NAME} run scenarios/quick.yaml",
                    "  ${ROOT-COMMAND-NAME} run scenarios/standard.yaml --profiles lan,3g --repetitions 5",
                    "  ${ROOT-COMMAND-NAME} run scenarios/quick.yaml --json | jq '.steps[0]'",
                    "  ${ROOT-COMMAND-NAME} run scenarios/quick.yaml --pcap captures/   (then: wireshark -X lua_script:docs/wireshark/thinrich.lua ...)"})
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "SCENARIO", description = "A scenario file, e.g. scenarios/standard.yaml.")
        Path file;
        @Option(names = "--out", description = "Where to write the report (default: reports/NAME-TIME).")
        Path out;
        @Option(names = "--server", paramLabel = "SERVER",
                description = "Run on this server instead of the file's: embedded, cluster (needs haproxy) or a URL.")
        String server;
        @Option(names = "--nodes", paramLabel = "N", description = "With --server cluster: the nodes (default: the file's, else 2).")
        Integer nodes;
        @Option(names = "--profiles", paramLabel = "PROFILE", split = ",",
                description = "Link profiles to run instead of the file's, e.g. lan,3g (see the profiles command).")
        List<String> profiles;
        @Option(names = "--repetitions", paramLabel = "N", description = "Repetitions instead of the file's (1 to 1000).")
        Integer repetitions;
        @Option(names = "--clients", paramLabel = "CLIENT", split = ",",
                description = "Clients instead of the file's, e.g. thin,rich,vnc-tight,caldav-5s.")
        List<String> clients;
        @Option(names = "--pcap", paramLabel = "DIR",
                description = "Write what crossed each client's link to DIR/PROFILE-CLIENT.pcapng for Wireshark or tshark "
                        + "(dissectors in docs/wireshark/).")
        Path pcap;
        @Option(names = {"-J", "--json"},
                description = "Print a summary as one line of JSON on standard output (per profile, client and step: latencies and bytes); "
                        + "the table and progress go to standard error.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Scenario scenario = ScenarioFile.load(file);
            try {
                if (server != null || nodes != null) scenario = scenario.onServer(server != null ? server : scenario.server(), nodes);
                if (profiles != null || repetitions != null || clients != null) scenario = scenario.overridden(profiles, repetitions, clients);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage().replaceAll("\\.$", ""));
            }
            // With --json, standard output carries the JSON alone.
            PrintStream text = json ? System.err : System.out;
            Path directory = out != null ? out
                    : Path.of("reports", scenario.name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            Files.createDirectories(directory);
            if (scenario.load() != null) {
                text.printf("Capacity run %s: %s users of %s%s%n", scenario.name(), scenario.load().users(), scenario.load().clients(),
                        scenario.load().clients().contains("thin") ? " (thin sessions " + scenario.load().thinSessions() + ")" : "");
                LoadResult load = new LoadRunner(scenario, directory.resolve("work"), text::println).run();
                Path html = LoadReport.write(load, directory);
                LoadReport.print(load, text);
                text.println("\nReport: " + html.toAbsolutePath() + (load.failures().isEmpty() ? "" : " (INCOMPLETE)"));
                if (json) System.out.println(ReportFiles.oneLine(LoadReport.summary(load, directory)));
                return load.failures().isEmpty() ? 0 : 3;
            }
            text.printf("Running %s: %d profiles x %s x %d repetitions of %d steps%n", scenario.name(), scenario.profiles().size(),
                    scenario.clients(), scenario.repetitions(), scenario.workload().size());
            RunResult result;
            try (ProgressBarProgress progress = new ProgressBarProgress()) {
                ScenarioRunner runner = new ScenarioRunner(scenario, directory.resolve("work"), progress);
                if (pcap != null) runner.capturingInto(pcap);
                result = runner.run();
            }
            ReportFiles.writeCsv(result, directory);
            ReportFiles.writeJson(result, directory);
            Path html = HtmlReport.write(result, directory);
            TerminalTable.print(result, text);
            text.println("\nReport: " + html.toAbsolutePath() + (result.complete() ? "" : " (INCOMPLETE)"));
            if (json) System.out.println(ReportFiles.oneLine(ReportFiles.summary(result, directory)));
            return result.complete() ? 0 : 3;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Two report folders side by side: each step's response and bytes, the change, and whether it is outside the runs' spread.",
            footer = {"", "Examples:", "  ${ROOT-COMMAND-NAME} compare reports/standard-20261204-101500 reports/standard-20261205-093000",
                    "  ${ROOT-COMMAND-NAME} compare --fail-on-worse baseline/ reports/latest/   (exit 1 when a step got worse)"})
    static final class CompareRuns implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "A", description = "The baseline: a folder 'run' wrote (or its report.json).")
        Path a;
        @Parameters(index = "1", paramLabel = "B", description = "The run to compare with it.")
        Path b;
        @Option(names = "--fail-on-worse", description = "Exit 1 when any step's response or bytes got worse outside the runs' spread.")
        boolean failOnWorse;
        @Option(names = {"-J", "--json"}, description = "Print the comparison as one line of JSON instead of the table.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            org.thinrich.scenarios.report.Compare.Run baseline = org.thinrich.scenarios.report.Compare.read(a);
            org.thinrich.scenarios.report.Compare.Run other = org.thinrich.scenarios.report.Compare.read(b);
            var rows = org.thinrich.scenarios.report.Compare.compare(baseline, other);
            if (json) System.out.println(ReportFiles.oneLine(org.thinrich.scenarios.report.Compare.json(baseline, other, rows)));
            else org.thinrich.scenarios.report.Compare.print(baseline, other, rows, System.out);
            return failOnWorse && org.thinrich.scenarios.report.Compare.anyWorse(rows) ? 1 : 0;
        }
    }

    /** The progress bar on the terminal, one tick per step. */
    static final class ProgressBarProgress implements ScenarioRunner.Progress, AutoCloseable {
        private ProgressBar bar;

        @Override
        public void started(long totalSteps) {
            bar = new ProgressBarBuilder().setTaskName("steps").setInitialMax(totalSteps).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(500).build();
        }

        @Override
        public void stepDone(String what) {
            if (bar != null) {
                bar.setExtraMessage(what);
                bar.step();
            }
        }

        @Override
        public void close() {
            if (bar != null) bar.close();
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Both clients side by side behind a chosen link profile, with a live dashboard (needs a display).",
            footer = {"", "Example:", "  ${ROOT-COMMAND-NAME} demo --profile 3g"})
    static final class Demo implements Callable<Integer> {
        @Option(names = "--profile", defaultValue = "lan", description = "Link profile to start with (default: ${DEFAULT-VALUE}).")
        String profile;
        @Option(names = "--user", defaultValue = "alice", description = "Demo user (default: ${DEFAULT-VALUE}).")
        String user;
        @Option(names = "--reports", defaultValue = "reports", description = "Where 'Save report' writes (default: ${DEFAULT-VALUE}).")
        Path reports;

        @Override
        public Integer call() {
            LinkProfile start = LinkProfiles.named(profile);
            try {
                org.thinrich.scenarios.desk.DemoLauncher.launch(start, user, user + "-demo", reports);
            } catch (RuntimeException e) {
                if (String.valueOf(e.getMessage()).contains("DISPLAY") || e instanceof UnsupportedOperationException) {
                    System.err.println("The demo opens windows and needs a display; without one, run a scenario: " + NAME + " run scenarios/quick.yaml");
                    return 1;
                }
                throw e;
            }
            return 0;
        }
    }

    @Command(name = "profiles", mixinStandardHelpOptions = true, description = "List the named link profiles and their sources.",
            footer = {"", "Example:", "  ${ROOT-COMMAND-NAME} profiles"})
    static final class Profiles implements Callable<Integer> {
        @Override
        public Integer call() {
            PrintStream out = System.out;
            for (LinkProfile p : LinkProfiles.all()) out.printf("%-14s %s%n%14s source: %s%n", p.name(), p, "", p.source());
            return 0;
        }
    }

    @Command(name = "check-link", mixinStandardHelpOptions = true, description = "Measure the link emulator against profiles (RTT within max(1 ms, 2 %%), throughput within 5 %%).",
            footer = {"", "Example:", "  ${ROOT-COMMAND-NAME} check-link lan 3g"})
    static final class CheckLink implements Callable<Integer> {
        @Parameters(paramLabel = "PROFILE", arity = "0..*", description = "Profiles to check (default: all).")
        List<String> names;

        @Override
        public Integer call() throws Exception {
            List<LinkProfile> profiles = names == null || names.isEmpty() ? LinkProfiles.all() : names.stream().map(LinkProfiles::named).toList();
            List<String> off = new java.util.ArrayList<>();
            for (LinkProfile p : profiles) {
                LinkCheck.Result r = LinkCheck.check(p);
                System.out.println(r);
                if (!r.ok()) off.add(r.problems());
            }
            if (off.isEmpty()) return 0;
            System.out.println();
            System.out.println(off.size() + " of " + profiles.size() + " profiles are off their targets here (" + String.join("; ", off)
                    + "). A loaded or small machine delays the emulator's relay; figures measured at those profiles carry that error.");
            return 1;
        }
    }

    /** A subcommand that hands its arguments, options included, to another program's main. */
    abstract static class PassThrough implements Callable<Integer> {
        @CommandLine.Unmatched
        List<String> options;

        abstract void launch(String[] arguments);

        @Override
        public Integer call() {
            launch(options == null ? new String[0] : options.toArray(String[]::new));
            return 0;
        }
    }

    @Command(name = "server", description = "Start the calendar server (takes the server's own options, e.g. --demo --port 8080).",
            footer = {"", "Example:", "  ${ROOT-COMMAND-NAME} server --demo --port 8080 --data-dir data", "  ${ROOT-COMMAND-NAME} server --help   (the server's own options)"})
    static final class Server extends PassThrough {
        @Override
        void launch(String[] arguments) {
            org.thinrich.server.AppServerCommand.main(arguments);
        }
    }

    @Command(name = "thin", description = "Start the thin client's window (needs a display; takes its own options, "
            + "e.g. --user alice --password alice-demo).",
            footer = {"", "Example:", "  ${ROOT-COMMAND-NAME} thin --server http://127.0.0.1:8080 --user alice --password alice-demo"})
    static final class Thin extends PassThrough {
        @Override
        void launch(String[] arguments) {
            withDisplay("thin client", () -> org.thinrich.thin.view.ThinViewer.main(arguments));
        }
    }

    @Command(name = "rich", description = "Start the rich client's window (needs a display; takes its own options, "
            + "e.g. --user alice --password alice-demo).",
            footer = {"", "Example:", "  ${ROOT-COMMAND-NAME} rich --server http://127.0.0.1:8080 --user alice --password alice-demo"})
    static final class Rich extends PassThrough {
        @Override
        void launch(String[] arguments) {
            withDisplay("rich client", () -> org.thinrich.rich.view.RichClient.main(arguments));
        }
    }

    /** Runs a window's main; without a display, one sentence instead of JavaFX's stack trace. */
    static void withDisplay(String what, Runnable main) {
        String problem = noDisplay(what, System.getenv("DISPLAY"), System.getProperty("os.name", ""), System.getProperty("glass.platform"));
        if (problem != null) throw new CommandLine.ExecutionException(new CommandLine(new Workbench()), problem);
        main.run();
    }

    /** Why a window cannot open here (a Unix without DISPLAY and no headless glass), or null. */
    static String noDisplay(String what, String display, String os, String glassPlatform) {
        boolean unix = !os.startsWith("Mac") && !os.startsWith("Windows");
        if (!unix || "Monocle".equals(glassPlatform) || (display != null && !display.isBlank())) return null;
        return "The " + what + " opens a window and needs a display (DISPLAY is not set); run it on a desktop, "
                + "or without one run a scenario: " + NAME + " run scenarios/quick.yaml";
    }
}
