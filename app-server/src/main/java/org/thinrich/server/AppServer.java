package org.thinrich.server;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.thinrich.server.caldav.CalDavHandler;
import org.thinrich.server.display.DisplayEndpoint;
import org.thinrich.server.display.DisplaySessions;
import org.thinrich.server.display.DisplayLine;
import org.thinrich.server.display.dispatch.DisplayRelay;
import org.thinrich.server.display.dispatch.RelayedLine;
import org.thinrich.server.http.ClientAddress;
import org.thinrich.server.vnc.VncService;
import org.thinrich.server.vnc.VncSocket;
import org.thinrich.server.vnc.VncTcpServer;
import org.thinrich.server.display.dispatch.HostingMode;
import org.thinrich.server.display.dispatch.SessionHosts;
import org.thinrich.server.display.host.HostSettings;
import org.thinrich.server.sync.SyncEndpoint;
import org.thinrich.server.http.ApiHandler;
import org.thinrich.server.store.CalendarStore;
import org.thinrich.server.store.ChangeFeed;
import org.thinrich.server.store.Database;
import org.thinrich.server.store.UserAccounts;

/**
 * The calendar server: the store (in its embedded database file, or on a PostgreSQL server shared
 * with other servers), and Jetty answering on one port.
 */
public final class AppServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AppServer.class);
    /** The response header that names a node of a cluster on every answer, WebSocket upgrades included (--node-name). */
    public static final String NODE_HEADER = "Calendar-Node";

    private final Database database;
    private final CalendarStore store;
    private final UserAccounts accounts;
    private final ServerMetrics metrics = new ServerMetrics();
    private final Server jetty;
    private final List<String> demoUsersCreated;
    private DisplaySessions displays;
    private ChangeFeed changeFeed;
    private SessionHosts hosts;
    private VncService vnc;
    private VncTcpServer vncTcp;
    private final ScheduledExecutorService syncPokes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sync-pokes");
        t.setDaemon(true);
        return t;
    });

    private AppServer(ServerConfig config) throws Exception {
        // A port in use is found before the database is touched: a server that cannot start leaves
        // no new database file (nor H2's trace file) behind.
        if (config.port() != 0) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new java.net.InetSocketAddress(config.host(), config.port()));
            }
        }
        database = config.database() != null ? Database.open(config.database()) : Database.open(config.dataDirectory());
        try {
            store = new CalendarStore(database, config.clock());
            accounts = new UserAccounts(database, config.clock(), config.passwordIterations());
            // Other servers on the same PostgreSQL database write too: their changes reach ours through its notices.
            if (database.kind() == Database.Kind.POSTGRESQL) changeFeed = ChangeFeed.start(database.server(), store);
            demoUsersCreated = config.demo() ? DemoData.seed(accounts, store, config.clock(), config.zone()) : List.of();

            QueuedThreadPool threads = new QueuedThreadPool(64, 4);
            threads.setName("http");
            jetty = new Server(threads);
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            if (config.nodeName() != null) {
                // A node of a cluster names itself on every answer: behind the load balancer, a
                // client (and a failure scenario) can tell which node it is on.
                http.addCustomizer((request, responseHeaders) -> {
                    responseHeaders.put(NODE_HEADER, config.nodeName());
                    return request;
                });
            }
            ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
            connector.setHost(config.host());
            connector.setPort(config.port());
            jetty.addConnector(connector);
            displays = new DisplaySessions(store, config.zone(), config.clock(), config.maxDisplaySessions(), config.displayGrace(),
                    config.displayWeeksAhead());
            HostingMode mode = config.thinSessions();
            if (mode.hosted()) {
                HostSettings settings = new HostSettings(database.openToHosts(), config.zone(),
                        Math.min(mode.sessionsPerHost(), config.maxDisplaySessions()), config.displayGrace(), config.displayWeeksAhead());
                hosts = new SessionHosts(mode, settings, store, config.maxDisplaySessions(), hostJvmOptions(mode));
                SessionHosts toldOfChanges = hosts;
                store.onCommitted(toldOfChanges::changedHere);
            }
            ApiHandler api = new ApiHandler(store, accounts, metrics, config.zone(), () -> displays.metrics().snapshot())
                    .trustingProxies(config.trustedProxies())
                    .withScreens((sessionId, user) -> hosts != null ? hosts.screenMap(sessionId, user) : displays.screenMap(sessionId, user))
                    .withSessionLists(user -> hosts != null ? hosts.sessionIdsOf(user) : displays.sessionIdsOf(user));
            // VNC viewers get thin sessions too, wherever those run; the server translates RFB.
            DisplaySessions inProcess = displays;
            SessionHosts hosted = hosts;
            vnc = new VncService(accounts, api.loginThrottle(), metrics, hosted != null
                    ? (user, hello, peer) -> RelayedLine.open(hosted, user, hello, peer)
                    : (user, hello, peer) -> DisplayLine.inProcess(inProcess, metrics, user, hello, peer));
            // WebSocket endpoints first; every other request goes on to the HTTP API.
            WebSocketUpgradeHandler sockets = WebSocketUpgradeHandler.from(jetty, container -> {
                container.setIdleTimeout(Duration.ofMinutes(2));
                container.addMapping("/display", (request, response, callback) -> {
                    var zone = org.thinrich.server.display.SessionZone.fromQuery(request.getHttpURI().getQuery());
                    return hosts != null ? new DisplayRelay(hosts, accounts, metrics, zone) : new DisplayEndpoint(displays, accounts, metrics, zone);
                });
                container.addMapping("/sync", (request, response, callback) -> new SyncEndpoint(store, accounts, metrics, config.zone(), syncPokes));
                container.addMapping("/vnc/websockify", (request, response, callback) -> {
                    // noVNC asks for the "binary" subprotocol (or none); the frames are binary either way.
                    if (request.getSubProtocols().contains("binary")) response.setAcceptedSubProtocol("binary");
                    String client = ClientAddress.of(request, config.trustedProxies());
                    return new VncSocket(vnc, client, ClientAddress.loopback(client) || ClientAddress.overTls(request, config.trustedProxies()));
                });
            });
            // CalDAV (/dav/, /.well-known/caldav) before the API, over the same store, accounts and login throttle.
            CalDavHandler caldav = new CalDavHandler(store, accounts, api.loginThrottle(), metrics, config.zone(), config.trustedProxies(),
                    config.caldavOverPlainHttp(), api);
            // Multistatus answers gzipped for programs that accept it (Thunderbird and DAVx5 do, and
            // Radicale answers so); GET and PUT are left alone, so an event's ETag stays its version.
            GzipHandler gzip = new GzipHandler(caldav);
            gzip.setIncludedPaths("/dav/*");
            gzip.setIncludedMethods("PROPFIND", "REPORT");
            // The browser's way in: noVNC and the login page at /vnc/, over /vnc/websockify above.
            ResourceHandler vncPages = new ResourceHandler();
            vncPages.setBaseResource(ResourceFactory.of(jetty).newClassLoaderResource("vnc-web/"));
            vncPages.setDirAllowed(false);
            vncPages.setWelcomeFiles(java.util.List.of("index.html"));
            sockets.setHandler(new Handler.Sequence(new ContextHandler(vncPages, "/vnc"), gzip));
            jetty.setHandler(sockets);
            jetty.setStopTimeout(5_000);
            Duration retention = config.tombstoneRetention();
            syncPokes.scheduleAtFixedRate(() -> {
                try {
                    store.forgetTombstonesBefore(config.clock().instant().minus(retention));
                } catch (RuntimeException e) {
                    log.warn("Forgetting old tombstones failed", e);
                }
            }, 1, 60 * 60, TimeUnit.SECONDS);
            if (config.vncPort() >= 0) {
                try {
                    vncTcp = new VncTcpServer(config.vncPort(), vnc);
                } catch (BindException e) {
                    throw new StartupException("VNC port " + config.vncPort() + " on loopback is in use; pass --vnc-port with a free port"
                            + " (0 picks one) or --vnc-port -1 for none.", e);
                }
            }
            jetty.start();
        } catch (Exception e) {
            if (vncTcp != null) vncTcp.close();
            if (vnc != null) vnc.close();
            if (hosts != null) hosts.close();
            if (displays != null) displays.close();
            syncPokes.shutdownNow();
            if (changeFeed != null) changeFeed.close();
            database.close();
            throw e;
        }
    }

    /**
     * Starts a server; throws {@link StartupException} with one sentence for the mistakes a user
     * can fix (port taken, data directory in use).
     */
    public static AppServer start(ServerConfig config) {
        try {
            return new AppServer(config);
        } catch (IOException e) {
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new StartupException("Port " + config.port() + " on " + config.host()
                        + " is in use; stop the program using it or pass --port with a free port.", e);
            }
            throw new StartupException("The server could not start: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new StartupException(e.getMessage(), e);
        } catch (Exception e) {
            throw new StartupException("The server could not start: " + e.getMessage(), e);
        }
    }

    public int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    public URI uri() {
        String host = ((ServerConnector) jetty.getConnectors()[0]).getHost();
        return URI.create("http://" + (host == null ? "127.0.0.1" : host) + ":" + port());
    }

    public CalendarStore store() {
        return store;
    }

    public UserAccounts accounts() {
        return accounts;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    /** The loopback port VNC viewers connect to, or -1 when there is none. */
    public int vncPort() {
        return vncTcp == null ? -1 : vncTcp.port();
    }

    public DisplaySessions displays() {
        return displays;
    }

    public List<String> demoUsersCreated() {
        return demoUsersCreated;
    }

    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            log.warn("Jetty did not stop cleanly", e);
        }
        if (vncTcp != null) vncTcp.close();
        if (vnc != null) vnc.close();
        if (hosts != null) hosts.close();
        if (displays != null) displays.close();
        syncPokes.shutdownNow();
        if (changeFeed != null) changeFeed.close();
        database.close();
    }

    /**
     * A host's JVM: serial GC and a heap sized for its sessions (about 12 MB of frames and 60 MB of
     * UI each, more with weeks ahead), so that idle hosts stay small. A host out of memory exits at
     * once: its server then tells its clients and they start anew, where a host whose JavaFX thread
     * died of it would hang (a process-per-session host laying out a 5,000-event week did).
     */
    private static java.util.List<String> hostJvmOptions(HostingMode mode) {
        int heapMb = 160 + 96 * Math.min(mode.sessionsPerHost(), 64);
        return java.util.List.of("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Xmx" + heapMb + "m", "-Xss512k");
    }

    /** The session hosts when thin sessions run in hosts (null when they run in this process). */
    public SessionHosts hosts() {
        return hosts;
    }

    /** The server could not start for a reason the message states in one sentence. */
    public static final class StartupException extends RuntimeException {
        StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
