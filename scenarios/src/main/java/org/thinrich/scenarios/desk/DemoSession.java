package org.thinrich.scenarios.desk;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.thinrich.rich.engine.RichEngine;
import org.thinrich.scenarios.link.LinkProfile;
import org.thinrich.scenarios.link.WanLink;
import org.thinrich.thin.engine.ThinEngine;
import org.thinrich.thin.engine.ThinListener;

/**
 * Both clients of one user, each behind its own emulated link with the same profile: what the
 * desktop demo shows and its dashboard measures. No JavaFX here; the windows attach to the engines.
 */
public final class DemoSession implements AutoCloseable {
    private final WanLink thinLink;
    private final WanLink richLink;
    private final ThinEngine thin;
    private final RichEngine rich;
    private volatile LinkProfile profile;

    private DemoSession(WanLink thinLink, WanLink richLink, ThinEngine thin, RichEngine rich, LinkProfile profile) {
        this.thinLink = thinLink;
        this.richLink = richLink;
        this.thin = thin;
        this.rich = rich;
        this.profile = profile;
    }

    /**
     * Opens the links in front of {@code server} and both engines through them. The thin engine
     * paints into {@code thinView} (a window, or nothing headless); call {@link #connect} next.
     */
    public static DemoSession open(URI server, String user, String password, LinkProfile profile, Path replicas, ThinListener thinView) {
        return open(server, user, password, profile, replicas, thinView, java.time.ZoneId.systemDefault());
    }

    /** As above, the thin session showing {@code zone}: the zone the rich client's window shows, so both show the same hours. */
    public static DemoSession open(URI server, String user, String password, LinkProfile profile, Path replicas, ThinListener thinView,
            java.time.ZoneId zone) {
        InetSocketAddress address = new InetSocketAddress(server.getHost(), server.getPort());
        WanLink thinLink = WanLink.start(address, profile, 1);
        WanLink richLink = WanLink.start(address, profile, 2);
        ThinEngine thin = new ThinEngine(thinLink.uri(), thinView).zone(zone);
        RichEngine rich = RichEngine.open(richLink.uri(), user, password, replicas.resolve(user), Clock.systemUTC());
        // The dashboard shows both round trips live, so both measure every 2 s here, where the
        // keep-alive's bytes (14 and 26 a ping) do not matter; a profile change shows within seconds.
        thin.keepAliveEvery(Duration.ofSeconds(2));
        rich.pingEvery(Duration.ofSeconds(2));
        return new DemoSession(thinLink, richLink, thin, rich, profile);
    }

    /** Logs both clients in; the thin one shows a framebuffer of the given size. */
    public void connect(String user, String password, int thinWidth, int thinHeight) throws Exception {
        rich.checkLogin();
        rich.goOnline();
        thin.connect(user, password, thinWidth, thinHeight);
        if (!rich.awaitSynced(Duration.ofSeconds(60))) throw new IllegalStateException("The rich client did not sync within a minute.");
    }

    public ThinEngine thin() {
        return thin;
    }

    public RichEngine rich() {
        return rich;
    }

    public LinkProfile profile() {
        return profile;
    }

    /** Both links take the profile at once, open connections too. */
    public void setProfile(LinkProfile next) {
        profile = next;
        thinLink.setProfile(next);
        richLink.setProfile(next);
    }

    /** An outage of both links: connections are reset and refused until it ends. */
    public void cut(Duration length) {
        thinLink.cut(length);
        richLink.cut(length);
    }

    public boolean linksDown() {
        return thinLink.isDown();
    }

    @Override
    public void close() {
        thin.close();
        rich.close();
        thinLink.close();
        richLink.close();
    }
}
