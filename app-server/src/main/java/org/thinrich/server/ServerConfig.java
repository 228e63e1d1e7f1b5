package org.thinrich.server;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import org.thinrich.server.store.UserAccounts;

/**
 * How a server is started. {@code port} 0 takes a free port (tests); {@code zone} is where
 * floating times from imported files are placed and where demo agendas are made.
 */
public record ServerConfig(String host, int port, Path dataDirectory, boolean demo, ZoneId zone, Clock clock,
                           int passwordIterations) {

    public static ServerConfig defaults(Path dataDirectory) {
        return new ServerConfig("127.0.0.1", 8080, dataDirectory, false, ZoneId.systemDefault(), Clock.systemUTC(),
                UserAccounts.DEFAULT_ITERATIONS);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(host, value, dataDirectory, demo, zone, clock, passwordIterations);
    }

    public ServerConfig withDemo(boolean value) {
        return new ServerConfig(host, port, dataDirectory, value, zone, clock, passwordIterations);
    }

    public ServerConfig withPasswordIterations(int value) {
        return new ServerConfig(host, port, dataDirectory, demo, zone, clock, value);
    }
}
