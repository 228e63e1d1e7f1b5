package com.sun.glass.ui.monocle;

/**
 * Monocle's headless platform with a screen that hands each window's freshly painted pixels to
 * the server's display sessions. Chosen with {@code -Dmonocle.platform=Capturing}; lives in
 * Monocle's package because the headless classes it extends are package-private.
 */
class CapturingPlatformFactory extends HeadlessPlatformFactory {
    @Override
    protected NativePlatform createNativePlatform() {
        return new CapturingPlatform();
    }
}
