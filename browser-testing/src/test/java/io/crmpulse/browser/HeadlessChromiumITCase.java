package io.crmpulse.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/** The browser harness against small pages served by the test itself. */
class HeadlessChromiumITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String HEAD =
            "<!doctype html><html><head><meta charset=utf-8>"
                    + "<meta name=viewport content='width=device-width, initial-scale=1'>"
                    + "<style>body{margin:0;font-family:sans-serif}</style></head><body>";

    private static final AtomicReference<String> value = new AtomicReference<>("before");
    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void servePages() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        page("/clean", "<h1>Today</h1><p>42 leads</p>");
        page(
                "/broken",
                "<h1>Today</h1><script>console.error('the leads panel could not load');"
                        + "setTimeout(() => { throw new Error('panel exploded'); });</script>");
        page("/fits", "<div style='max-width:100%'>" + "forty-two leads ".repeat(40) + "</div>");
        page("/wide", "<div style='width:600px;background:#ddd'>a table too wide</div>");
        page(
                "/live",
                "<p id=value>…</p><script>"
                        + "async function poll() {"
                        + " const r = await fetch('/value');"
                        + " document.getElementById('value').textContent = await r.text(); }"
                        + "poll(); setInterval(poll, 200);</script>");
        server.createContext("/value", exchange -> respond(exchange, "text/plain", value.get()));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void reportsConsoleErrorsAndUncaughtExceptions() {
        try (HeadlessChromium chromium = HeadlessChromium.start(Viewport.DESKTOP)) {
            chromium.open(base + "/clean");
            assertThat(chromium.consoleErrors()).isEmpty();

            chromium.open(base + "/broken");
            chromium.waitUntil(
                    "the uncaught exception", TIMEOUT, d -> chromium.consoleErrors().size() == 2);
            assertThat(chromium.consoleErrors())
                    .containsExactlyInAnyOrder(
                            "console.error: the leads panel could not load",
                            "uncaught: Error: panel exploded");
        }
    }

    @Test
    void findsAPageWiderThanAPhone() {
        try (HeadlessChromium chromium = HeadlessChromium.start(Viewport.PHONE)) {
            chromium.open(base + "/fits");
            PageWidth fits = chromium.pageWidth();
            assertThat(fits.viewportWidth()).isEqualTo(390);
            assertThat(fits.hasNoHorizontalScroll()).as("%s", fits).isTrue();

            chromium.open(base + "/wide");
            PageWidth wide = chromium.pageWidth();
            assertThat(wide.scrollWidth()).isEqualTo(600);
            assertThat(wide.hasNoHorizontalScroll()).as("%s", wide).isFalse();
            assertThat(chromium.consoleErrors()).isEmpty();
        }
    }

    @Test
    void seesThePageChangeWithoutAReload() {
        value.set("before");
        try (HeadlessChromium chromium = HeadlessChromium.start(Viewport.DESKTOP)) {
            chromium.open(base + "/live");
            chromium.waitUntil(
                    "the first value",
                    TIMEOUT,
                    d -> d.findElement(By.id("value")).getText().equals("before"));
            // Marks this document: a reload would make a new one without the mark.
            ((JavascriptExecutor) chromium.driver()).executeScript("window.sameDocument = 'yes'");

            value.set("after");
            chromium.waitUntil(
                    "the changed value",
                    TIMEOUT,
                    d -> d.findElement(By.id("value")).getText().equals("after"));

            assertThat(
                            ((JavascriptExecutor) chromium.driver())
                                    .executeScript("return window.sameDocument"))
                    .isEqualTo("yes");
            assertThat(chromium.consoleErrors()).isEmpty();
        }
    }

    @Test
    void writesScreenshotsAtDesktopAndPhoneWidth() throws IOException {
        for (Viewport viewport : new Viewport[] {Viewport.DESKTOP, Viewport.PHONE}) {
            Path expected = Path.of("target/screenshots/harness-" + viewport.name() + ".png");
            Files.deleteIfExists(expected);
            try (HeadlessChromium chromium = HeadlessChromium.start(viewport)) {
                chromium.open(base + "/fits");
                Path file = chromium.screenshot("harness");

                assertThat(file).isEqualTo(expected);
                BufferedImage image = ImageIO.read(file.toFile());
                assertThat(image).as("a PNG at %s", file).isNotNull();
                assertThat(image.getWidth()).isEqualTo(viewport.width() * viewport.pixelRatio());
                assertThat(image.getHeight())
                        .isGreaterThanOrEqualTo(viewport.height() * viewport.pixelRatio());
            }
        }
    }

    private static void page(String path, String body) {
        server.createContext(
                path, exchange -> respond(exchange, "text/html", HEAD + body + "</body></html>"));
    }

    private static void respond(HttpExchange exchange, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
