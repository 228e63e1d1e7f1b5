package org.thinrich.rich.replica;

import org.thinrich.calendar.core.CalendarChange;

/** What the replica changed, to announce to the UI; {@code opSeq} is the queued operation, or 0 when none was. */
public record ReplicaChange(CalendarChange change, long opSeq) {
}
