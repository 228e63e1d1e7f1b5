package org.thinrich.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The migrations of the two databases are one schema: the same versions, ending in the same tables and columns. */
class MigrationsTest {
    @TempDir
    Path directory;

    @Test
    void bothDatabasesHaveTheSameVersions() throws Exception {
        assertThat(versions(Database.Kind.POSTGRESQL)).isEqualTo(versions(Database.Kind.H2)).isNotEmpty();
    }

    @Test
    void bothDatabasesEndWithTheSameColumns() throws Exception {
        Set<String> h2;
        try (Database database = StoreBackend.H2.open(directory)) {
            h2 = columns(database);
        }
        Set<String> postgres;
        try (Database database = StoreBackend.POSTGRESQL.open(directory)) {
            postgres = columns(database);
        }
        assertThat(h2).contains("events.title", "change_log.version", "store_identity.sync_horizon");
        assertThat(postgres).isEqualTo(h2);
    }

    @Test
    void aDatabaseServerThatIsNotThereIsOneSentence() throws Exception {
        int closedPort;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/calendar";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Database.open(new Database.Address(url, "calendar", "secret")))
                .isInstanceOf(StoreException.class)
                .hasMessage("Cannot reach the database server at " + url + "; start it or correct --database-url.");
    }

    @Test
    void aDatabaseThatDoesNotExistIsOneSentence() {
        Database.Address right = StoreBackend.POSTGRESQL.newAddress();
        String url = right.url().replaceFirst("/store_[0-9_]+", "/nosuchdb");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Database.open(new Database.Address(url, right.user(), right.password())))
                .hasMessage("The database server has no database named in " + url + "; create it (createdb) or correct --database-url.");
    }

    @Test
    void anAddressTakesItsCredentialsFromTheEnvironment() {
        String url = "jdbc:postgresql://db.example:5432/calendar";
        assertThat(Database.Address.fromEnvironment(url, java.util.Map.of("THINRICH_DATABASE_USER", "cal", "THINRICH_DATABASE_PASSWORD", "pw")))
                .isEqualTo(new Database.Address(url, "cal", "pw"));
        assertThat(Database.Address.fromEnvironment(url, java.util.Map.of("PGUSER", "pg", "PGPASSWORD", "pgpw")))
                .isEqualTo(new Database.Address(url, "pg", "pgpw"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Database.Address.fromEnvironment(url, java.util.Map.of()))
                .hasMessage("--database-url needs a database user: set THINRICH_DATABASE_USER (and THINRICH_DATABASE_PASSWORD)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Database.Address.fromEnvironment("jdbc:mysql://x/y", java.util.Map.of()))
                .hasMessageStartingWith("--database-url must look like jdbc:postgresql://HOST:PORT/DATABASE");
    }

    @Test
    void anAddressPrintsNoPassword() {
        var address = new Database.Address("jdbc:postgresql://db.example:5432/calendar?password=in-the-url", "calendar", "s3cret-pw");
        assertThat(address.toString()).isEqualTo("jdbc:postgresql://db.example:5432/calendar as calendar")
                .doesNotContain("in-the-url").doesNotContain("s3cret-pw");
    }

    private static Set<String> versions(Database.Kind kind) throws IOException, URISyntaxException {
        Path folder = Path.of(MigrationsTest.class.getResource("/" + kind.migrations().substring("classpath:".length())).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString().replaceAll("__.*", "")).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** table.column of the store's own tables (Flyway's history aside). */
    private static Set<String> columns(Database database) throws SQLException {
        Set<String> result = new TreeSet<>();
        try (Connection c = database.connection(); var s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT table_name, column_name FROM information_schema.columns "
                     + "WHERE LOWER(table_schema) = 'public' AND LOWER(table_name) <> 'flyway_schema_history'")) {
            while (r.next()) result.add((r.getString(1) + "." + r.getString(2)).toLowerCase(Locale.ROOT));
        }
        return result;
    }
}
