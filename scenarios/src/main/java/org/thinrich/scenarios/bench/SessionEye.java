package org.thinrich.scenarios.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javafx.geometry.Point2D;
import org.thinrich.calendar.core.CalendarEvent;
import org.thinrich.calendar.core.EventPatch;
import org.thinrich.calendar.ui.CalendarControls;
import org.thinrich.calendar.ui.ScreenMap;
import org.thinrich.scenarios.drive.UserApi;
import org.thinrich.server.AppServer;

/**
 * How the thin-path benchmark sees a session's controls and a user's stored events: in the
 * server's own objects when the server and its sessions run in the benchmark's process, or as any
 * harness outside the project does, over HTTP as the session's user (the session's screen map and
 * {@code /api/events}), for sessions in session hosts and for a server given by URL.
 */
interface SessionEye {
    /** A thin session and the user it shows. */
    record Viewing(String user, String sessionId) {
    }

    /** The centre of the visible button labelled {@code text}. */
    Point2D button(Viewing in, String text);

    /** The first visible single (not recurring) timed event of the week shown, as stored. */
    Optional<CalendarEvent> someSingleEvent(Viewing in);

    /** The centre of the first visible timed event titled {@code title}. */
    Optional<Point2D> event(Viewing in, String title);

    /** Pixels per hour in the week view around noon of {@code date}. */
    double hourHeight(Viewing in, LocalDate date);

    /** The shown week grid in scene coordinates: min x, min y, width, height. */
    double[] weekGrid(Viewing in);

    /** {@code user}'s event {@code id} as stored now. */
    CalendarEvent stored(String user, String id);

    /** Changes {@code user}'s event as another client of theirs would (the HTTP API, the rich client's sync). */
    void update(String user, String id, EventPatch patch);

    /** Through the in-process server's objects, read on its JavaFX thread: the positions a person sees. */
    static SessionEye inProcess(AppServer server) {
        return new SessionEye() {
            private <T> T at(Viewing in, Function<CalendarControls, T> look) {
                return server.displays().inspect(in.sessionId(), app -> look.apply(new CalendarControls(app)));
            }

            @Override
            public Point2D button(Viewing in, String text) {
                return at(in, c -> c.button(text));
            }

            @Override
            public Optional<CalendarEvent> someSingleEvent(Viewing in) {
                return at(in, CalendarControls::someSingleEvent);
            }

            @Override
            public Optional<Point2D> event(Viewing in, String title) {
                return at(in, c -> c.event(title));
            }

            @Override
            public double hourHeight(Viewing in, LocalDate date) {
                return at(in, c -> c.hourHeight(date, LocalTime.NOON));
            }

            @Override
            public double[] weekGrid(Viewing in) {
                return at(in, c -> {
                    var b = c.weekGrid();
                    return new double[] {b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight()};
                });
            }

            @Override
            public CalendarEvent stored(String user, String id) {
                return server.store().event(user, id).orElseThrow();
            }

            @Override
            public void update(String user, String id, EventPatch patch) {
                server.store().update(user, id, patch);
            }
        };
    }

    /** Over HTTP as each user, with the passwords {@code passwords} gives. */
    static SessionEye overHttp(URI server, Function<String, String> passwords) {
        return new SessionEye() {
            private final Map<String, UserApi> apis = new ConcurrentHashMap<>();

            private UserApi api(String user) {
                return apis.computeIfAbsent(user, u -> call(() -> UserApi.login(server, u, passwords.apply(u))));
            }

            private ScreenMap screen(Viewing in) {
                return call(() -> api(in.user()).screen(in.sessionId()));
            }

            @Override
            public Point2D button(Viewing in, String text) {
                ScreenMap.Button b = screen(in).button(text).orElseThrow(() -> new IllegalArgumentException("No visible button '" + text + "'"));
                return new Point2D(b.x(), b.y());
            }

            @Override
            public Optional<CalendarEvent> someSingleEvent(Viewing in) {
                return screen(in).events().stream().filter(e -> !e.recurring()).findFirst().map(e -> stored(in.user(), e.id()));
            }

            @Override
            public Optional<Point2D> event(Viewing in, String title) {
                return screen(in).event(title).map(e -> new Point2D(e.x(), e.y()));
            }

            @Override
            public double hourHeight(Viewing in, LocalDate date) {
                ScreenMap screen = screen(in);
                return screen.slot(date, 13, 0).orElseThrow().getY() - screen.slot(date, 12, 0).orElseThrow().getY();
            }

            /** From the day columns' centres and the hour lines of the working day, which the week shown scrolls to. */
            @Override
            public double[] weekGrid(Viewing in) {
                var days = screen(in).days();
                if (days.size() < 2) throw new IllegalStateException("No week shown");
                double column = days.get(1).x() - days.get(0).x();
                double top = days.get(0).hours().get(8);
                double bottom = days.get(0).hours().get(18);
                return new double[] {days.get(0).x() - column / 2, top, column * days.size(), bottom - top};
            }

            @Override
            public CalendarEvent stored(String user, String id) {
                return call(() -> api(user).event(id));
            }

            @Override
            public void update(String user, String id, EventPatch patch) {
                call(() -> api(user).update(id, patch));
            }
        };
    }

    private static <T> T call(HttpCall<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    interface HttpCall<T> {
        T run() throws IOException, InterruptedException;
    }
}
