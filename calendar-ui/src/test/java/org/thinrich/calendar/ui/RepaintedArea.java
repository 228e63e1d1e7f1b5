package org.thinrich.calendar.ui;

import com.sun.javafx.geom.DirtyRegionContainer;
import com.sun.javafx.geom.DirtyRegionPool;
import com.sun.javafx.geom.RectBounds;
import com.sun.javafx.geom.transform.BaseTransform;
import com.sun.javafx.geom.transform.GeneralTransform3D;
import com.sun.javafx.scene.NodeHelper;
import com.sun.javafx.scene.SceneHelper;
import com.sun.javafx.sg.prism.NGNode;
import javafx.scene.Scene;

/** What Prism will repaint of a scene, asked of its render graph as Prism's painter asks it. */
final class RepaintedArea {
    /** Prism's default number of dirty regions (prism.dirtyregioncount). */
    private static final int REGIONS = 6;

    private RepaintedArea() {
    }

    /** Pixels in the dirty regions of the scene's render graph; call on the JavaFX thread after a pulse's sync. */
    static long of(Scene scene) {
        NGNode root;
        SceneHelper.setAllowPGAccess(true); // as JavaFX does around its own reads of the render graph
        try {
            root = NodeHelper.getPeer(scene.getRoot());
        } finally {
            SceneHelper.setAllowPGAccess(false);
        }
        RectBounds window = new RectBounds(0, 0, (float) scene.getWidth(), (float) scene.getHeight());
        DirtyRegionContainer regions = new DirtyRegionContainer(REGIONS);
        int status = root.accumulateDirtyRegions(window, new RectBounds(), new DirtyRegionPool(REGIONS), regions,
                BaseTransform.IDENTITY_TRANSFORM.copy(), new GeneralTransform3D());
        if (status == DirtyRegionContainer.DTR_CONTAINS_CLIP) return (long) (window.getWidth() * window.getHeight());
        long area = 0;
        for (int i = 0; i < regions.size(); i++) {
            RectBounds r = regions.getDirtyRegion(i);
            area += (long) (r.getWidth() * r.getHeight());
        }
        return area;
    }
}
