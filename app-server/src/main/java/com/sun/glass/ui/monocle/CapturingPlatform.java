package com.sun.glass.ui.monocle;

/** The headless platform, with {@link CapturingScreen} as its screen. */
class CapturingPlatform extends HeadlessPlatform {
    @Override
    protected NativeScreen createScreen() {
        return new CapturingScreen();
    }
}
