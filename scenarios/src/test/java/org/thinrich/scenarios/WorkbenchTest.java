package org.thinrich.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The workbench's own sentences for a user's mistakes. */
class WorkbenchTest {
    @Test
    void aWindowWithoutADisplayIsOneSentence() {
        assertThat(Workbench.noDisplay("thin client", null, "Linux", null))
                .isEqualTo("The thin client opens a window and needs a display (DISPLAY is not set); run it on a desktop, "
                        + "or without one run a scenario: workbench run scenarios/quick.yaml");
        assertThat(Workbench.noDisplay("thin client", ":0", "Linux", null)).isNull();
        assertThat(Workbench.noDisplay("rich client", null, "Linux", "Monocle")).as("headless glass").isNull();
        assertThat(Workbench.noDisplay("rich client", null, "Mac OS X", null)).isNull();
    }
}
