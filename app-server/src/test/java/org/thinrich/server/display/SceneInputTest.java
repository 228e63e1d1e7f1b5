package org.thinrich.server.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import javafx.css.PseudoClass;
import javafx.scene.Scene;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import org.junit.jupiter.api.Test;
import org.thinrich.calendar.ui.FxThread;

/** The scene hooks thin sessions rely on, on a real headless stage. */
class SceneInputTest {

    /**
     * A node whose look depends on its size, as CalendarFX's entry views do: it sets a pseudo-class
     * while laid out. Left to JavaFX, the CSS that asks for waits for the next pulse: a second
     * pulse with changes, and a dirty scene root that makes Prism repaint the whole window.
     */
    @Test
    void cssAskedForDuringLayoutIsSettledInThePulseThatLaidOut() throws Exception {
        DisplaySessions.startToolkit(); // as the server does: the toolkit starts once per test JVM
        PseudoClass narrow = PseudoClass.getPseudoClass("narrow");
        AtomicInteger pulsesWithChanges = new AtomicInteger();
        Region restyling = new Region() {
            @Override
            protected void layoutChildren() {
                pseudoClassStateChanged(narrow, getWidth() < 150);
            }
        };
        restyling.getStyleClass().add("restyling");
        restyling.setMaxWidth(Region.USE_PREF_SIZE);
        restyling.setPrefWidth(200);
        Stage stage = FxThread.call(() -> {
            Stage s = new Stage(StageStyle.UNDECORATED);
            Scene scene = new Scene(new StackPane(restyling), 300, 100);
            scene.getStylesheets().add("data:text/css,.restyling { -fx-background-color: green; } .restyling:narrow { -fx-background-color: red; }");
            SceneInput input = new SceneInput(scene);
            scene.addPostLayoutPulseListener(() -> {
                input.settleCss();
                if (input.hasPendingChanges()) pulsesWithChanges.incrementAndGet();
            });
            s.setScene(scene);
            s.show();
            return s;
        });
        try {
            Thread.sleep(500); // the first pulses show the new window
            pulsesWithChanges.set(0);
            FxThread.run(() -> restyling.setPrefWidth(100));
            Thread.sleep(500); // 30 or more pulses
            assertThat(FxThread.call(() -> restyling.getBackground().getFills().get(0).getFill())).isEqualTo(Color.RED);
            assertThat(pulsesWithChanges.get()).as("pulses that had something to sync after one change").isEqualTo(1);
        } finally {
            FxThread.run(stage::close);
        }
    }
}
