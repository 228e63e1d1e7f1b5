package org.thinrich.scenarios.drive;

import java.time.Duration;
import org.thinrich.scenarios.scenario.Step;

/**
 * Performs a workload's steps on one client as a user would: the thin client by pointer and keys
 * at the controls' on-screen positions, the rich client through its UI model.
 */
public interface ClientDriver extends AutoCloseable {
    /** "thin" or "rich". */
    String path();

    /** Logs in through the link and waits until the client shows the user's week. */
    void connect() throws Exception;

    StepOutcome perform(Step step) throws Exception;

    /** Waits until what the last step set off has finished crossing the link (frames, sync). */
    void settle() throws Exception;

    /** What the client counted so far: WebSocket payload, messages, frames. */
    Traffic traffic();

    /** The commit latency of the last edit when the client itself knows it (the rich client's ack), else -1. */
    long lastCommitNanos();

    /** The cluster node that serves this client now (its Calendar-Node header); empty when the server names none. */
    String servedBy();

    /**
     * After its server died under it, waits until the user can work again: the thin client shows a
     * picture from a session (resumed or new), the rich client noticed the loss and is online and in
     * step again. False when {@code within} passed first.
     */
    boolean awaitWorking(Duration wait) throws Exception;

    /**
     * Holds (true) or lets go (false) the client's own background work that is not part of a step,
     * such as a CalDAV client's poll, so that a step's bytes are its own; the idle steps measure it.
     */
    default void holdBackground(boolean hold) throws InterruptedException {
    }

    /** The thin client's display session; empty for the rich client, which has none. */
    default String sessionId() {
        return "";
    }

    /** The rich client's edits made but not yet acknowledged by the server; 0 for the thin client, which keeps none. */
    default int unsentEdits() {
        return 0;
    }

    @Override
    void close();

    /**
     * What a step did: how long the user waited for it, and for an edit the event it changed and
     * when the step began (commit and propagation are measured from then).
     */
    record StepOutcome(long responseNanos, String eventId, long startNanos) {
        public static StepOutcome waited(long responseNanos, long startNanos) {
            return new StepOutcome(responseNanos, null, startNanos);
        }
    }

    record Traffic(long payloadUp, long payloadDown, long messagesUp, long messagesDown, long frames) {
        public Traffic minus(Traffic earlier) {
            return new Traffic(payloadUp - earlier.payloadUp, payloadDown - earlier.payloadDown, messagesUp - earlier.messagesUp,
                    messagesDown - earlier.messagesDown, frames - earlier.frames);
        }
    }
}
