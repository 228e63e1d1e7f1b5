package org.thinrich.scenarios.drive;

import java.awt.event.KeyEvent;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.geometry.Point2D;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.ui.ScreenMap;
import org.thinrich.scenarios.scenario.Step;
import org.thinrich.thin.engine.ThinListener;

/**
 * Drives a remote display as a person would: pointer and keys at the on-screen positions of the
 * controls, waiting to see the result before the next input where a person would. Positions come
 * from the session's screen map, which the server gives the session's own user over HTTP (see
 * {@link UserApi}): any server given by URL can be driven. The display is the thin client's
 * ({@link ThinScreen}) or a VNC viewer's ({@link VncScreen}) on a session of the same server.
 *
 * <p>Response latency is the wall time from a step's first input to the painted update that
 * reflects its last input (for VNC, which does not say, the last update of the burst it set off).
 */
public final class ThinDriver implements ClientDriver {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 800;

    private final URI server;
    private final URI through;
    private final String user;
    private final String password;
    private final ZoneId zone;
    private final Duration wait;
    private final String path;
    private final RemoteScreen engine;
    private UserApi lookup;
    private String createdId;
    private int moves;
    private long lookupNanos;
    /** The part of {@link #lookupNanos} that came after the last input was shown. */
    private long lastConfirmation;

    /**
     * @param server  the server's own address, for the screen lookups
     * @param through the server's address through the link, for the thin client
     */
    public ThinDriver(URI server, URI through, String user, String password, ZoneId zone, Duration wait, ThinListener listener) {
        this.server = server;
        this.through = through;
        this.user = user;
        this.password = password;
        this.zone = zone;
        this.wait = wait;
        this.path = "thin";
        this.engine = new ThinScreen(through, user, password, zone, listener);
    }

    private ThinDriver(String path, URI server, RemoteScreen screen, String user, String password, ZoneId zone, Duration wait) {
        this.server = server;
        this.through = server;
        this.user = user;
        this.password = password;
        this.zone = zone;
        this.wait = wait;
        this.path = path;
        this.engine = screen;
    }

    /**
     * A VNC viewer on the server's VNC port at {@code vncHost}:{@code vncPort} (through the link),
     * offering {@code encodings} in order; {@code path} names it in the report ("vnc-tight").
     */
    public static ThinDriver vnc(String path, URI server, String vncHost, int vncPort, String user, String password, ZoneId zone,
                                 Duration wait, List<Integer> encodings) {
        return new ThinDriver(path, server, new VncScreen(vncHost, vncPort, server, user, password, encodings), user, password, zone, wait);
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public void connect() throws Exception {
        engine.connect();
        lookup = UserApi.login(server, user, password);
        settle();
    }

    /**
     * Each step first looks up where its control is (on the server's UI, like a person's eye), then
     * starts the clock and sends the input. Lookups needed midway are not counted in the wait.
     */
    @Override
    public StepOutcome perform(Step step) throws Exception {
        switch (step.kind()) {
            case NEXT_WEEK -> {
                return clickAndWait(button(">"));
            }
            case PREVIOUS_WEEK -> {
                return clickAndWait(button("<"));
            }
            case SWITCH_TO_MONTH -> {
                return clickAndWait(button("Month"));
            }
            case SWITCH_TO_WEEK -> {
                return clickAndWait(button("Week"));
            }
            case OPEN_EVENT -> {
                Point2D p = centre(singleEvent());
                long start = startClock();
                reflected(engine.doubleClick((int) p.getX(), (int) p.getY()));
                long waited = elapsed(start);
                reflected(engine.typeKey(KeyEvent.VK_ESCAPE)); // close it again, outside the measured wait
                return StepOutcome.waited(waited, start);
            }
            case CREATE_EVENT -> {
                return create(step);
            }
            case MOVE_EVENT -> {
                ScreenMap screen = screen();
                ScreenMap.Event e = singleEvent(screen);
                Point2D from = centre(e);
                LocalDate day = ZonedDateTime.parse(e.start()).toLocalDate();
                double hour = screen.slot(day, 13, 0).orElseThrow().getY() - screen.slot(day, 12, 0).orElseThrow().getY();
                boolean down = moves++ % 2 == 0; // down, then back up: the event stays in view however often
                long start = startClock();
                reflected(engine.drag((int) from.getX(), (int) from.getY(), (int) from.getX(),
                        (int) (from.getY() + (down ? hour : -hour)), 6));
                return new StepOutcome(elapsed(start), e.id(), excluding(start));
            }
            case DELETE_EVENT -> {
                ScreenMap screen = screen();
                String created = createdId;
                ScreenMap.Event e = screen.events().stream().filter(shown -> shown.id().equals(created)).findFirst()
                        .orElseGet(() -> singleEvent(screen));
                createdId = null;
                Point2D p = centre(e);
                long start = startClock();
                reflected(engine.doubleClick((int) p.getX(), (int) p.getY()));
                reflected(click(button("Delete")));
                return new StepOutcome(elapsed(start), e.id(), excluding(start));
            }
            case IDLE -> {
                long start = System.nanoTime();
                Thread.sleep((long) (step.seconds() * 1000));
                return StepOutcome.waited(-1, start);
            }
        }
        throw new IllegalArgumentException("No thin step for " + step.kind());
    }

    private StepOutcome clickAndWait(Point2D p) throws Exception {
        long start = startClock();
        reflected(click(p));
        return StepOutcome.waited(elapsed(start), start);
    }

    private long startClock() {
        lookupNanos = 0;
        return System.nanoTime();
    }

    /**
     * The step's start for its commit and propagation, moved on by the time not counted in its wait
     * (all of it spent before the step's last input, whose effect is what is committed).
     */
    private long excluding(long start) {
        return start + lookupNanos - lastConfirmation;
    }

    /** The wall time since {@code start}, less the lookups and the screen's confirmations made meanwhile. */
    private long elapsed(long start) {
        return System.nanoTime() - start - lookupNanos;
    }

    /** Double-click a free hour (the calendar creates an event there), then open it and type its title. */
    private StepOutcome create(Step step) throws Exception {
        ScreenMap before = screen();
        LocalDate monday = Agenda.mondayOf(before.date());
        List<CalendarEvent> week = before.events().stream().map(e -> shownAt(before, monday, e)).toList();
        ZonedDateTime free = Agenda.freeHour(week, monday, zone);
        Point2D slot = before.slot(free.toLocalDate(), free.getHour(), 20).orElseThrow();
        Set<String> shown = before.events().stream().map(ScreenMap.Event::id).collect(Collectors.toSet());
        long start = startClock();
        reflected(engine.doubleClick((int) slot.getX(), (int) slot.getY()));
        ScreenMap.Event created = newEvent(shown).orElseThrow(() -> new IllegalStateException("double-clicking the free hour " + free
                + " at (" + (int) slot.getX() + ", " + (int) slot.getY() + ") created no event; the page showed " + before.events().stream()
                .map(e -> "'" + e.title() + "' " + e.start() + " to " + e.end() + " at (" + (int) e.x() + ", " + (int) e.y() + ")")
                .collect(Collectors.joining(", "))));
        // Beside the point that made it: pressed there again within the double-click time, the
        // toolkit counts clicks three and four, and a triple click opens no editor.
        Point2D entry = centre(created).add(24, 0);
        engine.doubleClick((int) entry.getX(), (int) entry.getY());
        engine.text(step.title() == null ? "New event" : step.title());
        reflected(engine.typeKey(KeyEvent.VK_ENTER));
        createdId = created.id();
        return new StepOutcome(elapsed(start), created.id(), excluding(start));
    }

    /**
     * The event as it occupies the page: a recurring event's screen entry carries its series' first
     * start, so its occurrence is put on the day whose column it is drawn in (else a weekly meeting
     * would look like a free hour, and a double-click there opens it instead of making an event).
     */
    private static CalendarEvent shownAt(ScreenMap page, LocalDate monday, ScreenMap.Event e) {
        ZonedDateTime start = ZonedDateTime.parse(e.start());
        ZonedDateTime end = ZonedDateTime.parse(e.end());
        if (e.recurring()) {
            LocalDate day = monday;
            double nearest = Double.MAX_VALUE;
            for (int d = 0; d < 7; d++) {
                Optional<Point2D> column = page.slot(monday.plusDays(d), 12, 0);
                if (column.isPresent() && Math.abs(column.get().getX() - e.x()) < nearest) {
                    nearest = Math.abs(column.get().getX() - e.x());
                    day = monday.plusDays(d);
                }
            }
            java.time.Duration length = java.time.Duration.between(start, end);
            start = day.atTime(start.toLocalTime()).atZone(start.getZone());
            end = start.plus(length);
        }
        return CalendarEvent.timed(e.calendarId(), e.title(), start, end);
    }

    /** The event that appeared on screen beside those {@code shown} before, once it is stored (bounded wait, not counted). */
    private Optional<ScreenMap.Event> newEvent(Set<String> shown) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            Optional<ScreenMap.Event> created = screen().events().stream().filter(e -> !shown.contains(e.id())).findFirst();
            if (created.isPresent()) return created;
            long t0 = System.nanoTime();
            Thread.sleep(10);
            lookupNanos += System.nanoTime() - t0;
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    /** The first visible single (not recurring) timed event of the page. */
    private static ScreenMap.Event singleEvent(ScreenMap screen) {
        return screen.events().stream().filter(e -> !e.recurring()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no single event on screen"));
    }

    private ScreenMap.Event singleEvent() throws Exception {
        return singleEvent(screen());
    }

    private static Point2D centre(ScreenMap.Event e) {
        return new Point2D(e.x(), e.y());
    }

    /** The toolbar's buttons stay where they are whatever the page shows: looked up once each. */
    private static final Set<String> TOOLBAR = Set.of("<", ">", "Today", "Day", "Week", "Month", "Year");
    private final java.util.Map<String, Point2D> toolbar = new java.util.HashMap<>();

    private Point2D button(String text) throws Exception {
        Point2D known = toolbar.get(text);
        if (known != null) return known;
        ScreenMap.Button b = screen().button(text).orElseThrow(() -> new IllegalStateException("No visible button '" + text + "'"));
        Point2D at = new Point2D(b.x(), b.y());
        if (TOOLBAR.contains(text)) toolbar.put(text, at);
        return at;
    }

    private int click(Point2D p) throws Exception {
        return engine.click((int) p.getX(), (int) p.getY());
    }

    private void reflected(int input) throws InterruptedException {
        long shown = engine.awaitShown(input, wait);
        if (shown < 0) throw new IllegalStateException("input " + input + " was not shown within " + wait);
        // A VNC viewer knows an input was shown only once no more updates came for a while: that
        // wait is not the user's (for the thin client it is about nothing).
        lastConfirmation = System.nanoTime() - shown;
        lookupNanos += lastConfirmation;
    }

    /** The session's page as shown now, asked of the server like a person's glance: not counted in the wait. */
    private ScreenMap screen() throws Exception {
        long t0 = System.nanoTime();
        try {
            return lookup.screen(engine.sessionId(), engine.affinity());
        } finally {
            lookupNanos += System.nanoTime() - t0;
        }
    }

    @Override
    public String servedBy() {
        return engine.servedBy();
    }

    @Override
    public String sessionId() {
        return engine.sessionId();
    }

    /** Connected to a session again and a frame of it painted since this call; then quiet. */
    @Override
    public boolean awaitWorking(Duration within) throws Exception {
        boolean working = engine.awaitWorking(within);
        if (working) toolbar.clear(); // another session's UI, maybe laid out anew
        return working;
    }

    @Override
    public void settle() throws Exception {
        engine.settle(wait);
    }

    @Override
    public Traffic traffic() {
        return engine.traffic();
    }

    @Override
    public long lastCommitNanos() {
        return -1;
    }

    @Override
    public void close() {
        engine.close();
    }
}
