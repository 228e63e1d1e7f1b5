package com.sun.glass.ui.monocle;

import java.nio.Buffer;
import java.nio.IntBuffer;
import org.thinrich.server.display.WindowPixels;

/**
 * A headless screen that gives every window upload (the whole window, just repainted by Prism,
 * which paints only what changed) to {@link WindowPixels} before composing it. Windows placed
 * beyond the screen's width are not composed at all: no one looks at that screen.
 */
class CapturingScreen extends HeadlessScreen {
    CapturingScreen() {
        WindowPixels.markActive();
    }

    @Override
    public void uploadPixels(Buffer pixels, int x, int y, int width, int height, float alpha) {
        if (pixels instanceof IntBuffer ints) WindowPixels.uploaded(ints, x, y, width, height);
        if (x < getWidth()) super.uploadPixels(pixels, x, y, width, height, alpha);
    }
}
