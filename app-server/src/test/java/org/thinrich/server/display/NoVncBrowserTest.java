package org.thinrich.server.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javafx.geometry.Point2D;
import javafx.scene.control.ButtonBase;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.thinrich.calendar.ui.CalendarControls;
import org.thinrich.calendar.ui.FxThread;
import org.thinrich.display.protocol.encoding.Framebuffer;
import org.thinrich.server.AppServer;
import org.thinrich.server.ServerConfig;

/**
 * The browser as a thin client: a real headless Chromium (Debian's chromium and chromium-driver)
 * opens /vnc/, logs in as alice on the project's page, noVNC (served by the server, from npm)
 * connects over /vnc/websockify, and the canvas shows what the session shows, the picture the
 * JavaFX thin client paints (ThinPathEndToEndTest holds that one to the same render, exactly),
 * before and after a click on "next week" on the canvas. noVNC asks for JPEG (quality 6) for
 * many-coloured pieces, so pixels are compared within a tolerance. Skipped where Chromium is
 * missing, except in CI, where .ci/run installs it and sets THINRICH_REQUIRE_BROWSER=1.
 */
class NoVncBrowserTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path directory;
    private AppServer server;
    private ChromeDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) browser.quit();
        if (server != null) server.close();
    }

    @Test
    void chromiumLogsInOnVncPageAndItsCanvasShowsTheSessionBeforeAndAfterNextWeek() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if ("1".equals(System.getenv("THINRICH_REQUIRE_BROWSER"))) {
            assertThat(present).as("chromium and chromedriver are needed here (THINRICH_REQUIRE_BROWSER=1)").isTrue();
        }
        Assumptions.assumeTrue(present, "chromium or chromium-driver is not installed");
        server = AppServer.start(ServerConfig.defaults(directory.resolve("data")).withPort(0).withDemo(true).withPasswordIterations(1_000)
                .withZone(ZONE).withClock(Clock.fixed(ZonedDateTime.of(2026, 11, 26, 9, 0, 0, 0, ZONE).toInstant(), ZONE))
                .withDisplayGrace(Duration.ofSeconds(5)));
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + directory.resolve("chromium"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build(), options);

        browser.get(server.uri() + "/vnc/");
        assertThat(browser.getTitle()).isEqualTo("Calendar in the browser (VNC)");
        assertThat(noVncModule()).as("noVNC's module served with a JavaScript type").isTrue();
        // A wrong password: the page says the server's sentence, and no session is opened.
        browser.findElement(By.id("user")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("not-hers");
        browser.findElement(By.id("open")).click();
        new WebDriverWait(browser, WAIT).until(b -> "refused".equals(b.findElement(By.tagName("body")).getDomAttribute("data-state")));
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Wrong user name or password.");
        assertThat(server.displays().sessionIdsOf("alice")).isEmpty();

        browser.navigate().refresh();
        DisplaySession session = openAsAlice();

        assertThat(canvasShows(session)).as("the canvas shows the session's first picture").isTrue();
        LocalDate shown = FxThread.call(() -> session.app().view().getDate());
        Point2D next = FxThread.call(() -> CalendarControls.centre(session.app().root().lookupAll("*").stream()
                .filter(n -> n instanceof ButtonBase b && ">".equals(b.getText()) && CalendarControls.isShown(b)).findFirst().orElseThrow()));
        WebElement canvas = browser.findElement(By.cssSelector("#screen canvas"));
        new Actions(browser).moveToElement(canvas, (int) next.getX() - canvas.getSize().getWidth() / 2,
                (int) next.getY() - canvas.getSize().getHeight() / 2).click().perform();
        LocalDate expected = shown.with(DayOfWeek.MONDAY).plusWeeks(1);
        new WebDriverWait(browser, WAIT).until(b -> expected.equals(FxThread.call(() -> session.app().view().getDate())));
        assertThat(canvasShows(session)).as("the canvas shows the next week as the session does").isTrue();
        assertThat(server.metrics().get("vnc_updates_pushed")).as("noVNC took the continuous updates offered").isPositive();
        Files.write(Path.of(System.getProperty("basedir", "."), "target", "novnc-chromium.png"), browser.getScreenshotAs(OutputType.BYTES));

        // With ?resize=remote the page asks for the window's size (ExtendedDesktopSize) and the session takes it.
        browser.get(server.uri() + "/vnc/?resize=remote");
        DisplaySession sized = openAsAlice();
        long area = ((Number) ((JavascriptExecutor) browser).executeScript(
                "const s = document.getElementById('screen'); return s.clientWidth * 10000 + s.clientHeight;")).longValue();
        new WebDriverWait(browser, WAIT).until(b -> sized.width() == area / 10000 && sized.height() == area % 10000);
        assertThat(sized.width()).as("the session is as wide as the page's screen area").isNotEqualTo(1280);
        assertThat(canvasShows(sized)).as("the canvas shows the session at its new size").isTrue();
        Files.write(Path.of(System.getProperty("basedir", "."), "target", "novnc-chromium-fitted.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    /** Logs in as alice on the page shown and returns the session opened for it: one of its own. */
    private DisplaySession openAsAlice() {
        List<String> before = server.displays().sessionIdsOf("alice");
        browser.findElement(By.id("user")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("alice-demo");
        browser.findElement(By.id("open")).click();
        new WebDriverWait(browser, WAIT).until(b -> "connected".equals(b.findElement(By.tagName("body")).getDomAttribute("data-state")));
        List<String> now = new ArrayList<>(server.displays().sessionIdsOf("alice"));
        now.removeAll(before);
        assertThat(now).as("a session of its own for the browser").hasSize(1);
        return server.displays().sessionsById().get(now.get(0));
    }

    private boolean noVncModule() {
        Object type = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('novnc/package/core/rfb.js').then(r => done(r.headers.get('content-type'))).catch(e => done(String(e)));");
        return String.valueOf(type).startsWith("text/javascript");
    }

    /** Waits until the canvas holds the session's render, within JPEG's error; false after {@link #WAIT}. */
    private boolean canvasShows(DisplaySession session) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        double worst = 1;
        while (System.nanoTime() < end) {
            Framebuffer rendered = new Framebuffer(session.width(), session.height(), FxThread.call(session::renderNow));
            String data = (String) ((JavascriptExecutor) browser).executeScript(
                    "return document.querySelector('#screen canvas').toDataURL('image/png');");
            BufferedImage canvas = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(data.substring(data.indexOf(',') + 1))));
            if (canvas.getWidth() == rendered.width() && canvas.getHeight() == rendered.height()) {
                long off = 0;
                for (int y = 0; y < rendered.height(); y++) {
                    for (int x = 0; x < rendered.width(); x++) {
                        if (distance(canvas.getRGB(x, y), rendered.get(x, y)) > 48) off++;
                    }
                }
                worst = (double) off / ((long) rendered.width() * rendered.height());
                if (worst < 0.002) return true;
            }
            Thread.sleep(200);
        }
        System.out.println("Pixels off by more than 48 levels: " + worst);
        return false;
    }

    private static int distance(int a, int b) {
        return Math.max(Math.abs((a >> 16 & 255) - (b >> 16 & 255)), Math.max(Math.abs((a >> 8 & 255) - (b >> 8 & 255)), Math.abs((a & 255) - (b & 255))));
    }
}
