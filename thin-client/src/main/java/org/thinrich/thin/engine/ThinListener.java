package org.thinrich.thin.engine;

import java.util.List;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.display.protocol.encoding.Rect;

/** What a view hears from the engine, on the engine's network thread. */
public interface ThinListener {
    /** The framebuffer was (re)allocated; everything must be repainted. */
    default void resized(Framebuffer framebuffer) {
    }

    /** These rectangles of the framebuffer changed; copy them while holding the framebuffer's lock. */
    default void painted(Framebuffer framebuffer, List<Rect> damaged) {
    }

    default void stateChanged(ConnectionState state, String detail) {
    }

    default void cursorChanged(int shape) {
    }
}
