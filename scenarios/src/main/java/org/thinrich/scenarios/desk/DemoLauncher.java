package org.thinrich.scenarios.desk;

import java.nio.file.Path;
import javafx.application.Application;
import org.thinrich.scenarios.link.LinkProfile;

/** Starts the desktop demo with its settings. */
public final class DemoLauncher {
    private DemoLauncher() {
    }

    public static void launch(LinkProfile profile, String user, String password, Path reports) {
        DemoApp.profile = profile;
        DemoApp.user = user;
        DemoApp.password = password;
        DemoApp.reports = reports;
        org.thinrich.calendar.ui.HeadlessFx.quietClassPathWarning();
        Application.launch(DemoApp.class);
    }
}
