package org.thinrich.scenarios.drive;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.thinrich.calendar.core.CalendarChange;

/**
 * Changes heard by one listener, each with the moment it was heard on this process's clock: the
 * embedded server's store (when a change was committed) or a watching client (when it showed it).
 */
public final class ChangeLog {
    public record Heard(long nanos, CalendarChange change) {
    }

    private final List<Heard> heard = new CopyOnWriteArrayList<>();

    public void add(CalendarChange change) {
        heard.add(new Heard(System.nanoTime(), change));
    }

    /** The first change of {@code eventId} heard at or after {@code fromNanos}. */
    public Optional<Heard> first(String eventId, long fromNanos) {
        return heard.stream().filter(h -> h.nanos() >= fromNanos && h.change().event().id().equals(eventId)).findFirst();
    }

    /** The last change of {@code eventId} heard at or after {@code fromNanos}. */
    public Optional<Heard> last(String eventId, long fromNanos) {
        return heard.stream().filter(h -> h.nanos() >= fromNanos && h.change().event().id().equals(eventId)).reduce((a, b) -> b);
    }

    /** The first event created at or after {@code fromNanos}. */
    public Optional<Heard> firstCreated(long fromNanos) {
        return heard.stream().filter(h -> h.nanos() >= fromNanos && h.change().kind() == CalendarChange.Kind.CREATED).findFirst();
    }
}
