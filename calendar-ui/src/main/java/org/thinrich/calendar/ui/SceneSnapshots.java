package org.thinrich.calendar.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** Writes what a scene shows to a PNG file: README screenshots and visual checks of windows. */
public final class SceneSnapshots {
    private SceneSnapshots() {
    }

    /**
     * Lets the scene lay out and load for a few pulses, then writes it as PNG. Call from any thread
     * but the JavaFX one.
     */
    public static void writePng(Scene scene, Path file) throws IOException {
        settle();
        WritableImage image = FxThread.call(() -> scene.snapshot(null));
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile())) {
            throw new IOException("No PNG writer available");
        }
    }

    /** Waits until a few layout pulses have passed, so lazily loaded entries are on screen. */
    public static void settle() {
        for (int i = 0; i < 6; i++) {
            FxThread.run(() -> { });
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
