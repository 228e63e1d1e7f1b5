package org.thinrich.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A user's mistakes on the command line get one plain sentence and a non-zero exit, no stack trace. */
class AppServerCommandTest {
    @TempDir
    Path directory;

    private record Run(int exitCode, String err) {
    }

    private Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine line = AppServerCommand.commandLine();
        line.setErr(new PrintWriter(err, true));
        line.setOut(new PrintWriter(new StringWriter(), true));
        int code = line.execute(args);
        return new Run(code, err.toString());
    }

    @Test
    void weeksAheadIsOnUnlessTurnedOff() {
        CommandLine on = AppServerCommand.commandLine();
        on.parseArgs();
        assertThat(((AppServerCommand) on.getCommand()).weeksAhead).isTrue();
        CommandLine off = AppServerCommand.commandLine();
        off.parseArgs("--no-weeks-ahead");
        assertThat(((AppServerCommand) off.getCommand()).weeksAhead).isFalse();
    }

    @Test
    void unknownFlagIsNamed() {
        Run run = run("--prot", "8080");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Unknown options: '--prot'").endsWith("Run 'app-server --help' for the options.\n")
                .doesNotContain("\tat ").hasLineCount(1);
    }

    @Test
    void aWrongThinSessionsModeIsOneSentenceAndStartsNothing() {
        Path data = directory.resolve("never");
        Run run = run("--thin-sessions", "threads", "--data-dir", data.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Thin sessions 'threads': say in-process, process-per-session, pool or pool:HOSTS:SESSIONS")
                .doesNotContain("\tat ").hasLineCount(1);
        assertThat(data).doesNotExist();
        CommandLine defaults = AppServerCommand.commandLine();
        defaults.parseArgs();
        assertThat(((AppServerCommand) defaults.getCommand()).thinSessions).as("the default").isEqualTo("pool");
    }

    @Test
    void aDatabaseUrlOfAnotherKindIsOneSentence() {
        Run run = run("--database-url", "jdbc:mysql://127.0.0.1/calendar", "--data-dir", directory.resolve("never").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("--database-url must look like jdbc:postgresql://HOST:PORT/DATABASE")
                .doesNotContain("\tat ").hasLineCount(1);
        assertThat(directory.resolve("never")).doesNotExist();
    }

    @Test
    void portInUseSaysWhatToDo() {
        try (AppServer taken = AppServer.start(ServerConfig.defaults(directory.resolve("a")).withPort(0).withPasswordIterations(1_000))) {
            Run run = run("--port", String.valueOf(taken.port()), "--data-dir", directory.resolve("b").toString());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err().strip()).isEqualTo("Port " + taken.port()
                    + " on 127.0.0.1 is in use; stop the program using it or pass --port with a free port.");
            assertThat(directory.resolve("b")).as("no database made for a server that did not start").doesNotExist();
        }
    }

    @Test
    void dataDirectoryUsedByAnotherServerIsNamed() throws Exception {
        try (ServerProcess other = ServerProcess.start(directory)) {
            Run run = run("--port", "0", "--data-dir", directory.toString());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err().strip()).startsWith("The data directory").endsWith("is in use by another server; stop it or choose another --data-dir.");
        }
    }

    @Test
    void addUserThenLogIn() {
        Path data = directory.resolve("users");
        var stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("correct-horse\n".getBytes()));
            assertThat(run("--data-dir", data.toString(), "add-user", "carol", "--password-stdin").exitCode()).isZero();
        } finally {
            System.setIn(stdin);
        }
        try (AppServer server = AppServer.start(ServerConfig.defaults(data).withPort(0))) {
            ApiClient carol = new ApiClient(server.uri()).login("carol", "correct-horse");
            assertThat(carol.get("/api/calendars").json().get(0).get("name").asText()).isEqualTo("Personal");
        }
    }

    @Test
    void aPipedPasswordWithoutTheFlagOrAnEmptyPipeSaysWhatToDo() {
        Path data = directory.resolve("users");
        var stdin = System.in;
        try {
            // Under the test there is no terminal (System.console() is null), as when a password is piped in.
            System.setIn(new java.io.ByteArrayInputStream("correct-horse\n".getBytes()));
            Run noFlag = run("--data-dir", data.toString(), "add-user", "dave");
            assertThat(noFlag.exitCode()).isEqualTo(2);
            assertThat(noFlag.err()).startsWith("There is no terminal to ask for dave's password on; to pipe it in, add --password-stdin")
                    .hasLineCount(1).doesNotContain("8 to 256");
            System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
            Run empty = run("--data-dir", data.toString(), "add-user", "dave", "--password-stdin");
            assertThat(empty.exitCode()).isEqualTo(2);
            assertThat(empty.err()).startsWith("No password arrived on standard input").hasLineCount(1);
            System.setIn(new java.io.ByteArrayInputStream("short\n".getBytes()));
            Run tooShort = run("--data-dir", data.toString(), "add-user", "dave", "--password-stdin");
            assertThat(tooShort.exitCode()).isEqualTo(1);
            assertThat(tooShort.err()).contains("8 to 256").hasLineCount(1);
        } finally {
            System.setIn(stdin);
        }
    }
}
