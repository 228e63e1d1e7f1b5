package org.thinrich.calendar.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class StoreWritesTest {
    @Start
    void start(Stage stage) {
        // The JavaFX toolkit, for the answers; no window needed.
    }

    @Test
    void writesRunInOrderOffTheJavaFxThreadAndAreAnsweredOnIt() throws Exception {
        StoreWrites writes = new StoreWrites();
        List<String> written = new CopyOnWriteArrayList<>();
        List<String> answered = new CopyOnWriteArrayList<>();
        FxThread.run(() -> {
            for (int i = 0; i < 50; i++) {
                String name = "write " + i;
                writes.write(() -> {
                    written.add(name + (Platform.isFxApplicationThread() ? " on the JavaFX thread" : ""));
                    return name;
                }, result -> answered.add(result + (Platform.isFxApplicationThread() ? "" : " off the JavaFX thread")), e -> { });
            }
            assertThat(writes.idle()).as("writes on their way").isFalse();
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> FxThread.call(writes::idle));
        List<String> expected = java.util.stream.IntStream.range(0, 50).mapToObj(i -> "write " + i).toList();
        assertThat(written).containsExactlyElementsOf(expected);
        assertThat(answered).containsExactlyElementsOf(expected);
        FxThread.run(() -> writes.close(Duration.ofSeconds(1)));
    }

    @Test
    void aRefusedWriteIsAnsweredWithItsReason() throws Exception {
        StoreWrites writes = new StoreWrites();
        AtomicReference<String> reason = new AtomicReference<>();
        FxThread.run(() -> writes.write(() -> {
            throw new IllegalArgumentException("The title is 250 characters long; at most 200 are allowed.");
        }, result -> reason.set("stored"), e -> reason.set(e.getMessage())));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> reason.get() != null);
        assertThat(reason.get()).contains("250 characters");
        assertThat(FxThread.call(writes::idle)).isTrue();
        FxThread.run(() -> writes.close(Duration.ofSeconds(1)));
    }

    @Test
    void aWriteAfterCloseIsRefusedWithASentenceNotThrown() {
        StoreWrites writes = new StoreWrites();
        AtomicReference<String> reason = new AtomicReference<>();
        FxThread.run(() -> {
            writes.close(Duration.ofSeconds(1));
            writes.write(() -> "never", result -> reason.set("stored"), e -> reason.set(e.getMessage()));
        });
        assertThat(reason.get()).isEqualTo("The calendar is closing; this change was not saved.");
        assertThat(FxThread.call(writes::idle)).isTrue();
    }
}
