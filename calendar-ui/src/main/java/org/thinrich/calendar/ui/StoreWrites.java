package org.thinrich.calendar.ui;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;

/**
 * The calendar UI's writes to its service, run one after another on a thread of their own, with
 * their outcome handed back to the JavaFX thread. The view shows an edit at once and the store
 * commits it meanwhile: on the server every thin session shares the one JavaFX thread, and a
 * commit there (7 ms for a drag's release into the H2 store) held up every session's input and
 * frames, not only the one that edited.
 *
 * <p>In order: a later edit of an event never overtakes an earlier one. The thread ends after a
 * few idle seconds, so idle sessions keep none.
 */
final class StoreWrites {
    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), work -> {
        Thread t = new Thread(work, "calendar-store-writes");
        t.setDaemon(true);
        return t;
    });
    /** Writes handed over whose outcome the JavaFX thread has not seen yet; JavaFX thread only. */
    private int pending;

    /**
     * Runs {@code write} on the writes' thread, then {@code done} with its result or {@code refused}
     * with its exception on the JavaFX thread. Call on the JavaFX thread.
     */
    <T> void write(Supplier<T> write, Consumer<T> done, Consumer<RuntimeException> refused) {
        if (thread.isShutdown()) { // an edit as the window closes: said, not thrown into JavaFX's handler
            refused.accept(new IllegalStateException("The calendar is closing; this change was not saved."));
            return;
        }
        pending++;
        thread.execute(() -> {
            T result;
            try {
                result = write.get();
            } catch (RuntimeException e) {
                Platform.runLater(() -> {
                    pending--;
                    refused.accept(e);
                });
                return;
            }
            Platform.runLater(() -> {
                pending--;
                done.accept(result);
            });
        });
    }

    /** True when every write handed over is done and its outcome handled; JavaFX thread only. */
    boolean idle() {
        return pending == 0;
    }

    /**
     * Takes no more writes; those handed over still reach the store, waited for up to {@code grace}
     * (they take milliseconds), so that closing a window right after an edit loses nothing.
     */
    void close(Duration grace) {
        thread.shutdown();
        try {
            thread.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
