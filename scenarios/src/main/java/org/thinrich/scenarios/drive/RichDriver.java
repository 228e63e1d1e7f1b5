package org.thinrich.scenarios.drive;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.rich.engine.RichEngine;
import org.thinrich.rich.engine.RichMetrics;
import org.thinrich.scenarios.scenario.Step;

/**
 * Drives the rich client through its UI model, the calendar service its window binds to: a week
 * switch is the query for the new week, an edit is the service call. Response latency is the wall
 * time of that work, which involves no network: that is the point of the rich path.
 */
public final class RichDriver implements ClientDriver {
    private final RichEngine engine;
    private final ZoneId zone;
    private final Duration wait;
    private final String path;
    private final ShownPage page;
    private String createdId;
    private int moves;

    public RichDriver(URI through, String user, String password, Path replicaDirectory, ZoneId zone, LocalDate today, Duration wait) {
        this("rich", null, through, user, password, replicaDirectory, zone, today, wait);
    }

    /** {@code path} names the client in the report; {@code keepAlive} (null: the client's default) is its ping interval. */
    public RichDriver(String path, Duration keepAlive, URI through, String user, String password, Path replicaDirectory, ZoneId zone,
            LocalDate today, Duration wait) {
        this.path = path;
        this.engine = RichEngine.open(through, user, password, replicaDirectory, Clock.systemUTC());
        if (keepAlive != null) engine.pingEvery(keepAlive);
        this.zone = zone;
        this.wait = wait;
        this.page = new ShownPage(today, zone);
    }

    @Override
    public String path() {
        return path;
    }

    public RichEngine engine() {
        return engine;
    }

    @Override
    public void connect() throws Exception {
        engine.checkLogin();
        engine.goOnline();
        if (!engine.awaitSynced(wait)) throw new IllegalStateException("The rich client did not finish its first sync within " + wait);
    }

    @Override
    public StepOutcome perform(Step step) throws Exception {
        long start = System.nanoTime();
        if (page.turn(step.kind())) {
            show();
            return StepOutcome.waited(System.nanoTime() - start, start);
        }
        switch (step.kind()) {
            case OPEN_EVENT -> {
                CalendarEvent e = singleEvent();
                engine.calendar().event(e.id()).orElseThrow();
            }
            case CREATE_EVENT -> {
                ZonedDateTime free = Agenda.freeHour(week(), page.monday(), zone);
                String calendar = engine.calendar().calendars().get(0).id();
                CalendarEvent created = engine.calendar().create(CalendarEvent.timed(calendar,
                        step.title() == null ? "New event" : step.title(), free, free.plusHours(1)));
                createdId = created.id();
                return new StepOutcome(System.nanoTime() - start, created.id(), start);
            }
            case MOVE_EVENT -> {
                CalendarEvent e = singleEvent();
                long minutes = moves++ % 2 == 0 ? 60 : -60;
                engine.calendar().update(e.id(), EventPatch.times(e.start().plusMinutes(minutes), e.end().plusMinutes(minutes), false));
                return new StepOutcome(System.nanoTime() - start, e.id(), start);
            }
            case DELETE_EVENT -> {
                String id = createdId != null && engine.calendar().event(createdId).isPresent() ? createdId : singleEvent().id();
                createdId = null;
                engine.calendar().delete(id);
                return new StepOutcome(System.nanoTime() - start, id, start);
            }
            case IDLE -> {
                Thread.sleep((long) (step.seconds() * 1000));
                return StepOutcome.waited(-1, start);
            }
        }
        return StepOutcome.waited(System.nanoTime() - start, start);
    }

    /** What the window asks of the model when it shows a week or a month. */
    private List<CalendarEvent> show() {
        return engine.calendar().events(page.from(), page.to());
    }

    private List<CalendarEvent> week() {
        return engine.calendar().events(page.weekFrom(), page.weekTo());
    }

    private CalendarEvent singleEvent() {
        return Agenda.someSingleEvent(week()).orElseThrow(() -> new IllegalStateException("no single event in the week shown"));
    }

    @Override
    public void settle() throws Exception {
        if (!engine.awaitSynced(wait)) throw new IllegalStateException("The rich client did not sync within " + wait);
    }

    @Override
    public Traffic traffic() {
        RichMetrics m = engine.metrics();
        return new Traffic(m.bytesUp(), m.bytesDown(), m.messagesUp(), m.messagesDown(), 0);
    }

    @Override
    public String servedBy() {
        return engine.servedBy();
    }

    /** Online again after the engine noticed its connection was lost (its server died), and in step. */
    @Override
    public boolean awaitWorking(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        long noticeBy = System.nanoTime() + Math.min(within.toNanos(), Duration.ofSeconds(5).toNanos());
        while (engine.state() == org.thinrich.rich.engine.SyncState.ONLINE && System.nanoTime() < noticeBy) Thread.sleep(1);
        return engine.awaitSynced(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    @Override
    public int unsentEdits() {
        return engine.pendingOperations();
    }

    @Override
    public long lastCommitNanos() {
        double ms = engine.metrics().lastCommitMillis();
        return ms < 0 ? -1 : (long) (ms * 1e6);
    }

    @Override
    public void close() {
        engine.close();
    }
}
