package org.thinrich.server;

import java.nio.file.Path;
import org.thinrich.server.display.dispatch.HostingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import org.thinrich.server.store.Database;
import org.thinrich.server.store.UserAccounts;

/**
 * How a server is started. {@code port} 0 takes a free port (tests); {@code zone} is where
 * floating times from imported files are placed and where demo agendas are made. A thin session
 * whose client went away is kept {@code displayGrace} for a resume. Deleted events are kept as
 * tombstones for {@code tombstoneRetention} so that replicas learn of deletions; a replica that
 * was away longer starts over with a full resync. With {@code displayWeeksAhead} a thin session's
 * week page keeps the weeks before and after the one shown built: week switches about twice as
 * fast, for about 12 MB more heap per session. {@code thinSessions} says where thin sessions run:
 * in this process or in session hosts (see {@link HostingMode}). {@code database} is a PostgreSQL
 * server the store lives on, which several servers may share; null for the embedded H2 file in
 * {@code dataDirectory}. {@code nodeName}, when set, names this server in a header of every answer
 * (a node of a cluster; see {@link AppServer#NODE_HEADER}). {@code trustedProxies}: addresses besides
 * this machine's whose X-Forwarded-For names the client (a load balancer on another machine), so
 * that failed logins are counted per client, not per proxy. {@code caldavOverPlainHttp} lets CalDAV clients on
 * other machines send their password over plain HTTP (by default only loopback clients, and clients
 * behind a TLS proxy, may). {@code vncPort} is where VNC viewers connect over TCP, on loopback
 * only, since a password may not cross a network in the clear (0 takes a free port, -1 none); they
 * can always connect over WebSocket at /vnc/websockify, where a TLS proxy may stand in front.
 */
public record ServerConfig(String host, int port, Path dataDirectory, boolean demo, ZoneId zone, Clock clock,
                           int passwordIterations, Duration displayGrace, int maxDisplaySessions, Duration tombstoneRetention,
                           boolean displayWeeksAhead, HostingMode thinSessions, Database.Address database,
                           String nodeName, java.util.Set<String> trustedProxies,
                           boolean caldavOverPlainHttp, int vncPort) {

    public static ServerConfig defaults(Path dataDirectory) {
        return new ServerConfig("127.0.0.1", 8080, dataDirectory, false, ZoneId.systemDefault(), Clock.systemUTC(),
                UserAccounts.DEFAULT_ITERATIONS, Duration.ofSeconds(60), 32, Duration.ofDays(30), true, HostingMode.IN_PROCESS, null, null, java.util.Set.of(), false, -1);
    }

    public ServerConfig withHost(String value) {
        return new ServerConfig(value, port, dataDirectory, demo, zone, clock, passwordIterations, displayGrace, maxDisplaySessions, tombstoneRetention, displayWeeksAhead, thinSessions, database, nodeName, trustedProxies, caldavOverPlainHttp, vncPort);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(host, value, dataDirectory, demo, zone, clock, passwordIterations, displayGrace, maxDisplaySessions, tombstoneRetention, displayWeeksAhead, thinSessions, database, nodeName, trustedProxies, caldavOverPlainHttp, vncPort);
    }

    public ServerConfig withDemo(boolean value) {
        return new ServerConfig(host, port, dataDirectory, value, zone, clock, passwordIterations, displayGrace, maxDisplaySessions, tombstoneRetention, displayWeeksAhead, thinSessions, database, nodeName, trustedProxies, caldavOverPlainHttp, vncPort);
    }

    public ServerConfig withPasswordIterations(int value) {
        return new ServerConfig(host, port, dataDirectory, demo, zone, clock, value, displayGrace, maxDisplaySessions, tombstoneRetention, displayWeeksAhead, thinSessions, database, nodeName, trustedProxies, caldavOverPlainHttp, vncPort);
    }

    public ServerConfig withDisplayGrace(Duration value) {
        return new ServerConfig(host, port, dataDirectory, demo, zone, clock, passwordIterations, value, maxDisplaySessions, tombstoneRetention, displayWeeksAhead, thinSessions, database, nodeName, trustedProxies, caldavOverPlainHttp, vncPort);
    }

    public ServerConfig withZone(ZoneId value) {
        return new ServerConfig(host, port, dataDirectory, demo, value, clock, passwordIterations, displayGrace, maxDisplaySessions, tombstoneRetention, displayWeeksAhead, thinSessions, database, nodeName, trustedProxies, caldavOverPlainHttp, vncPort);
    }

    public ServerConfig withClock(Clock value) {
        return new ServerConfig(host, port, dataDirectory, demo, zone, value, passwordIterations, displayGrace, maxDisplaySessions, tombstoneRetention, displayWeeksAhead, thinSessions, database, nodeName, trustedProxies, caldavOverPlainHttp, vncPort);
    }

    public ServerConfig withTombstoneRetention(Duration value) {
        return new ServerConfig(host, port, dataDirectory, demo, zone, clock, passwordIterations, displayGrace, maxDisplaySessions, value, displayWeeksAhead, thinSessions, database, nodeName, trustedProxies, caldavOverPlainHttp, vncPort);
    }

    public ServerConfig withDisplayWeeksAhead(boolean value) {
        return new ServerConfig(host, port, dataDirectory, demo, zone, clock, passwordIterations, displayGrace, maxDisplaySessions, tombstoneRetention, value, thinSessions, database, nodeName, trustedProxies, caldavOverPlainHttp, vncPort);
    }

    public ServerConfig withThinSessions(HostingMode value) {
        return new ServerConfig(host, port, dataDirectory, demo, zone, clock, passwordIterations, displayGrace, maxDisplaySessions, tombstoneRetention, displayWeeksAhead, value, database, nodeName, trustedProxies, caldavOverPlainHttp, vncPort);
    }

    public ServerConfig withMaxDisplaySessions(int value) {
        return new ServerConfig(host, port, dataDirectory, demo, zone, clock, passwordIterations, displayGrace, value, tombstoneRetention, displayWeeksAhead, thinSessions, database, nodeName, trustedProxies, caldavOverPlainHttp, vncPort);
    }

    public ServerConfig withDatabase(Database.Address value) {
        return new ServerConfig(host, port, dataDirectory, demo, zone, clock, passwordIterations, displayGrace, maxDisplaySessions, tombstoneRetention, displayWeeksAhead, thinSessions, value, nodeName, trustedProxies, caldavOverPlainHttp, vncPort);
    }

    public ServerConfig withNodeName(String value) {
        return new ServerConfig(host, port, dataDirectory, demo, zone, clock, passwordIterations, displayGrace, maxDisplaySessions, tombstoneRetention, displayWeeksAhead, thinSessions, database, value, trustedProxies, caldavOverPlainHttp, vncPort);
    }

    public ServerConfig withTrustedProxies(java.util.Set<String> value) {
        return new ServerConfig(host, port, dataDirectory, demo, zone, clock, passwordIterations, displayGrace, maxDisplaySessions, tombstoneRetention, displayWeeksAhead, thinSessions, database, nodeName, java.util.Set.copyOf(value), caldavOverPlainHttp, vncPort);
    }

    public ServerConfig withCaldavOverPlainHttp(boolean value) {
        return new ServerConfig(host, port, dataDirectory, demo, zone, clock, passwordIterations, displayGrace, maxDisplaySessions, tombstoneRetention, displayWeeksAhead, thinSessions, database, nodeName, trustedProxies, value, vncPort);
    }

    public ServerConfig withVncPort(int value) {
        return new ServerConfig(host, port, dataDirectory, demo, zone, clock, passwordIterations, displayGrace, maxDisplaySessions, tombstoneRetention, displayWeeksAhead, thinSessions, database, nodeName, trustedProxies, caldavOverPlainHttp, value);
    }
}
