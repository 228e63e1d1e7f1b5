package org.thinrich.scenarios.drive;

import java.awt.event.KeyEvent;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.Function;
import javafx.geometry.Point2D;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.ui.CalendarControls;
import org.thinrich.scenarios.scenario.Step;
import org.thinrich.server.AppServer;
import org.thinrich.thin.engine.ThinEngine;
import org.thinrich.thin.engine.ThinListener;

/**
 * Drives the thin client as a person would: pointer and keys at the on-screen positions of the
 * controls, waiting to see the result before the next input where a person would. Positions are
 * read from the session's own UI on the embedded server, which is why the thin path needs it.
 *
 * <p>Response latency is the wall time from a step's first input to the painted update that
 * reflects its last input.
 */
public final class ThinDriver implements ClientDriver {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 800;

    private final AppServer server;
    private final URI through;
    private final String user;
    private final String password;
    private final ZoneId zone;
    private final ChangeLog stored;
    private final Duration wait;
    private final ThinEngine engine;
    private String createdId;
    private int moves;
    private long lookupNanos;

    /**
     * @param through the server's address through the link
     * @param stored  the embedded store's changes, to tell which event a step created
     */
    public ThinDriver(AppServer server, URI through, String user, String password, ZoneId zone, ChangeLog stored, Duration wait,
            ThinListener listener) {
        this.server = server;
        this.through = through;
        this.user = user;
        this.password = password;
        this.zone = zone;
        this.stored = stored;
        this.wait = wait;
        this.engine = new ThinEngine(through, listener);
    }

    @Override
    public String path() {
        return "thin";
    }

    @Override
    public void connect() throws Exception {
        engine.connect(user, password, WIDTH, HEIGHT);
        settle();
    }

    public ThinEngine engine() {
        return engine;
    }

    /**
     * Each step first looks up where its control is (on the server's UI, like a person's eye), then
     * starts the clock and sends the input. Lookups needed midway are not counted in the wait.
     */
    @Override
    public StepOutcome perform(Step step) throws Exception {
        switch (step.kind()) {
            case NEXT_WEEK -> {
                return clickAndWait(at(c -> c.button(">")));
            }
            case PREVIOUS_WEEK -> {
                return clickAndWait(at(c -> c.button("<")));
            }
            case SWITCH_TO_MONTH -> {
                return clickAndWait(at(c -> c.button("Month")));
            }
            case SWITCH_TO_WEEK -> {
                return clickAndWait(at(c -> c.button("Week")));
            }
            case OPEN_EVENT -> {
                Point2D p = positionOf(singleEvent());
                long start = startClock();
                reflected(engine.doubleClick((int) p.getX(), (int) p.getY()));
                long waited = elapsed(start);
                reflected(engine.typeKey(KeyEvent.VK_ESCAPE, 0)); // close it again, outside the measured wait
                return StepOutcome.waited(waited, start);
            }
            case CREATE_EVENT -> {
                return create(step);
            }
            case MOVE_EVENT -> {
                CalendarEvent e = singleEvent();
                Point2D from = positionOf(e);
                double hour = at(c -> c.hourHeight(e.start().toLocalDate(), LocalTime.of(12, 0)));
                boolean down = moves++ % 2 == 0; // down, then back up: the event stays in view however often
                long start = startClock();
                reflected(engine.drag((int) from.getX(), (int) from.getY(), (int) from.getX(),
                        (int) (from.getY() + (down ? hour : -hour)), 6));
                return new StepOutcome(elapsed(start), e.id(), start);
            }
            case DELETE_EVENT -> {
                CalendarEvent e = createdId != null ? server.store().event(user, createdId).orElse(singleEvent()) : singleEvent();
                createdId = null;
                Point2D p = positionOf(e);
                long start = startClock();
                reflected(engine.doubleClick((int) p.getX(), (int) p.getY()));
                reflected(click(at(c -> c.button("Delete"))));
                return new StepOutcome(elapsed(start), e.id(), start);
            }
            case IDLE -> {
                long start = System.nanoTime();
                Thread.sleep((long) (step.seconds() * 1000));
                return StepOutcome.waited(-1, start);
            }
        }
        throw new IllegalArgumentException("No thin step for " + step.kind());
    }

    private StepOutcome clickAndWait(Point2D p) throws InterruptedException {
        long start = startClock();
        reflected(click(p));
        return StepOutcome.waited(elapsed(start), start);
    }

    private long startClock() {
        lookupNanos = 0;
        return System.nanoTime();
    }

    /** The wall time since {@code start}, less the lookups made meanwhile. */
    private long elapsed(long start) {
        return System.nanoTime() - start - lookupNanos;
    }

    private Point2D positionOf(CalendarEvent e) {
        return at(c -> c.event(e.title())).orElseThrow(() -> new IllegalStateException("'" + e.title() + "' is not on screen"));
    }

    /** Double-click a free hour (the calendar creates an event there), then open it and type its title. */
    private StepOutcome create(Step step) throws Exception {
        LocalDate monday = Agenda.mondayOf(server.displays().inspect(engine.sessionId(), app -> app.view().getDate()));
        List<CalendarEvent> week = server.store().events(user, monday.atStartOfDay(zone).toInstant(), monday.plusDays(7).atStartOfDay(zone).toInstant());
        ZonedDateTime free = Agenda.freeHour(week, monday, zone);
        Point2D slot = at(c -> c.slot(free.toLocalDate(), free.toLocalTime().plusMinutes(20))).orElseThrow();
        long start = startClock();
        reflected(engine.doubleClick((int) slot.getX(), (int) slot.getY()));
        CalendarEvent created = stored.firstCreated(start).map(h -> h.change().event())
                .orElseThrow(() -> new IllegalStateException("double-clicking a free hour created no event"));
        Point2D entry = positionOf(created);
        engine.doubleClick((int) entry.getX(), (int) entry.getY());
        engine.text(step.title() == null ? "New event" : step.title());
        reflected(engine.typeKey(KeyEvent.VK_ENTER, 0));
        createdId = created.id();
        return new StepOutcome(elapsed(start), created.id(), start);
    }

    private CalendarEvent singleEvent() {
        return at(CalendarControls::someSingleEvent).orElseThrow(() -> new IllegalStateException("no single event on screen"));
    }

    private int click(Point2D p) {
        return engine.click((int) p.getX(), (int) p.getY());
    }

    private void reflected(int input) throws InterruptedException {
        if (!engine.awaitReflected(input, wait)) throw new IllegalStateException("input " + input + " was not shown within " + wait);
    }

    /** Where a control is, read on the server's JavaFX thread: the position a person sees. */
    private <T> T at(Function<CalendarControls, T> look) {
        long t0 = System.nanoTime();
        try {
            return server.displays().inspect(engine.sessionId(), app -> look.apply(new CalendarControls(app)));
        } finally {
            lookupNanos += System.nanoTime() - t0;
        }
    }

    @Override
    public void settle() throws Exception {
        Duration rtt = Duration.ofMillis((long) Math.max(1, engine.metrics().lastRttMillis()));
        engine.awaitQuiet(Duration.ofMillis(Math.max(300, 2 * rtt.toMillis())), wait);
    }

    @Override
    public Traffic traffic() {
        var m = engine.metrics();
        return new Traffic(m.bytesUp(), m.bytesDown(), m.messagesUp(), m.messagesDown(), m.frames());
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
