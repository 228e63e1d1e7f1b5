package org.thinrich.scenarios.drive;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinrich.calendar.core.CalendarChange;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.scenarios.link.LinkCounters;
import org.thinrich.scenarios.scenario.Step;

/**
 * Drives a CalDAV client ({@link CalDavReplica}) as a desktop calendar program behaves: views
 * come from its local copy, an edit shows at once and is sent by PUT or DELETE with If-Match (its
 * commit is the server's answer), and the copy is refreshed by a poll every {@code pollInterval}
 * (its propagation). Its traffic is what crossed its link, HTTP headers included.
 */
public final class CalDavDriver implements ClientDriver {
    private static final Logger log = LoggerFactory.getLogger(CalDavDriver.class);
    private final CalDavReplica replica;
    private final String path;
    private final ZoneId zone;
    private final Duration pollInterval;
    private final Supplier<LinkCounters> link;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> daemon(r, "caldav-send"));
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "caldav-poll"));
    private final ShownPage page;
    private String createdId;
    private int moves;
    private Future<?> inFlight;
    private volatile long lastCommitNanos = -1;
    private volatile Consumer<List<CalendarChange>> heard = changes -> { };
    /** Held while a step is measured: the poll waits for its next turn. */
    private final java.util.concurrent.locks.ReentrantLock quiet = new java.util.concurrent.locks.ReentrantLock();

    /** {@code link}: the counters of the link this client talks through (its bytes, as a capture would count them). */
    public CalDavDriver(String path, URI through, String user, String password, ZoneId zone, LocalDate today, Duration pollInterval,
                        Duration wait, Supplier<LinkCounters> link) {
        this.path = path;
        this.replica = new CalDavReplica(through, user, password, zone, wait);
        this.zone = zone;
        this.pollInterval = pollInterval;
        this.link = link;
        this.page = new ShownPage(today, zone);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** "caldav", or "caldav-5s" for one polling every 5 s. */
    @Override
    public String path() {
        return path;
    }

    /** Told what each of the program's polls brought. */
    public void onPolled(Consumer<List<CalendarChange>> listener) {
        heard = listener;
    }

    @Override
    public void connect() throws Exception {
        replica.connect();
        long every = Math.max(1, pollInterval.toMillis());
        poller.scheduleWithFixedDelay(() -> {
            if (!quiet.tryLock()) return; // a step is being measured: this poll is skipped
            try {
                List<CalendarChange> changes = replica.poll();
                if (!changes.isEmpty()) heard.accept(changes);
            } catch (Exception e) {
                log.debug("A CalDAV poll failed", e);
            } finally {
                quiet.unlock();
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public StepOutcome perform(Step step) throws Exception {
        long start = System.nanoTime();
        if (page.turn(step.kind())) {
            show();
            return StepOutcome.waited(System.nanoTime() - start, start);
        }
        switch (step.kind()) {
            case OPEN_EVENT -> replica.event(singleEvent().id()).orElseThrow();
            case CREATE_EVENT -> {
                ZonedDateTime free = Agenda.freeHour(week(), page.monday(), zone);
                CalendarEvent made = CalendarEvent.timed(replica.firstCalendarId(), step.title() == null ? "New event" : step.title(),
                        free, free.plusHours(1)).stored(0, java.time.Instant.now());
                replica.putLocally(made);
                long shown = System.nanoTime() - start;
                createdId = made.id();
                send(start, () -> replica.put(made, null));
                return new StepOutcome(shown, made.id(), start);
            }
            case MOVE_EVENT -> {
                CalendarEvent e = singleEvent();
                long minutes = moves++ % 2 == 0 ? 60 : -60;
                CalendarEvent moved = e.withTimes(e.start().plusMinutes(minutes), e.end().plusMinutes(minutes), false);
                String etag = replica.etagOf(e.id());
                replica.putLocally(moved);
                long shown = System.nanoTime() - start;
                send(start, () -> replica.put(moved, etag));
                return new StepOutcome(shown, e.id(), start);
            }
            case DELETE_EVENT -> {
                String id = createdId != null && replica.event(createdId).isPresent() ? createdId : singleEvent().id();
                createdId = null;
                // The copy forgets it at once; the DELETE follows.
                CalendarEvent gone = replica.event(id).orElseThrow();
                String etag = replica.forget(id);
                long shown = System.nanoTime() - start;
                send(start, () -> replica.delete(gone, etag));
                return new StepOutcome(shown, id, start);
            }
            case IDLE -> {
                Thread.sleep((long) (step.seconds() * 1000));
                return StepOutcome.waited(-1, start);
            }
            default -> throw new IllegalArgumentException(step.kind() + " is not a step a CalDAV client takes");
        }
        return StepOutcome.waited(System.nanoTime() - start, start);
    }

    /** Sends one write in the background, as programs do; its answer is the commit. */
    private void send(long start, java.util.concurrent.Callable<CalDavReplica.Written> write) {
        lastCommitNanos = -1;
        inFlight = sender.submit(() -> {
            CalDavReplica.Written answer = write.call();
            if (!answer.ok()) throw new IllegalStateException("The server answered " + answer.status() + " to an edit");
            lastCommitNanos = System.nanoTime() - start;
            return null;
        });
    }

    private List<CalendarEvent> show() {
        return replica.events(page.from(), page.to());
    }

    private List<CalendarEvent> week() {
        return replica.events(page.weekFrom(), page.weekTo());
    }

    private CalendarEvent singleEvent() {
        return Agenda.someSingleEvent(week()).orElseThrow(() -> new IllegalStateException("no single event in the week shown"));
    }

    @Override
    public void holdBackground(boolean hold) {
        if (hold) quiet.lock();
        else if (quiet.isHeldByCurrentThread()) quiet.unlock();
    }

    /** Waits for the write in flight, if any. */
    @Override
    public void settle() throws Exception {
        Future<?> pending = inFlight;
        if (pending != null) pending.get(2, TimeUnit.MINUTES);
    }

    /** What crossed the client's link: HTTP requests and answers, headers included, counted on the wire. */
    @Override
    public Traffic traffic() {
        LinkCounters c = link.get();
        return new Traffic(c.bytesUp(), c.bytesDown(), replica.requests(), replica.requests(), 0);
    }

    @Override
    public long lastCommitNanos() {
        return lastCommitNanos;
    }

    @Override
    public String servedBy() {
        return "";
    }

    @Override
    public boolean awaitWorking(Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                replica.poll();
                return true;
            } catch (Exception e) {
                Thread.sleep(200);
            }
        }
        return false;
    }

    @Override
    public void close() {
        poller.shutdownNow();
        sender.shutdownNow();
    }
}
