package io.crmpulse.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.bidi.log.ConsoleLogEntry;
import org.openqa.selenium.bidi.log.JavascriptLogEntry;
import org.openqa.selenium.bidi.log.LogLevel;
import org.openqa.selenium.bidi.module.LogInspector;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A headless Chromium for a page's tests: Debian's {@code chromium}, driven through Debian's {@code
 * chromedriver} (both installed by {@code .ci/run}), never a browser or driver downloaded at test
 * time. It records what the page's console reports as errors, writes screenshots, measures the
 * page's width and waits for the page to change.
 *
 * <p>Close it after the test: it ends the browser and its driver.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeadlessChromium.class);

    /** Where Debian's {@code chromium} package puts the browser. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /** Where Debian's {@code chromium-driver} package puts the driver of that same version. */
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** Where screenshots go unless a test says otherwise: the module's {@code target/}. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static final Duration CONSOLE_SYNC_TIMEOUT = Duration.ofSeconds(10);

    private final ChromeDriver driver;
    private final LogInspector logInspector;
    private final Viewport viewport;
    private final Path screenshots;
    private final Duration startup;
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
    private final List<String> consoleMarkers = new CopyOnWriteArrayList<>();

    private HeadlessChromium(
            ChromeDriver driver, Viewport viewport, Path screenshots, Duration startup) {
        this.driver = driver;
        this.viewport = viewport;
        this.screenshots = screenshots;
        this.startup = startup;
        this.logInspector = new LogInspector(driver);
        logInspector.onConsoleEntry(this::onConsoleEntry);
        logInspector.onJavaScriptException(this::onJavaScriptException);
    }

    /**
     * Starts Chromium at the given size, its screenshots under {@link #SCREENSHOTS}.
     *
     * @throws IllegalStateException if Debian's chromium or chromium-driver is not installed
     */
    public static HeadlessChromium start(Viewport viewport) {
        return start(viewport, SCREENSHOTS);
    }

    /**
     * Starts Chromium at the given size, its screenshots under {@code screenshots}.
     *
     * @throws IllegalStateException if Debian's chromium or chromium-driver is not installed
     */
    public static HeadlessChromium start(Viewport viewport, Path screenshots) {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(
                        binary
                                + " is missing: the browser tests need Debian's chromium and"
                                + " chromium-driver (apt-get install -y chromium chromium-driver;"
                                + " .ci/run installs them)");
            }
        }
        // Selenium hands SE_* properties to Selenium Manager; it is not run at all when the
        // driver's path is given, and must never reach the network if a change makes it run.
        System.setProperty("SE_OFFLINE", "true");
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER.toFile())
                        .usingAnyFreePort()
                        .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.enableBiDi();
        options.addArguments(
                "--headless=new",
                // Tests run as root in CI, where Chromium's sandbox refuses to start.
                "--no-sandbox",
                "--disable-gpu");
        // Chromium's emulation sets the page's viewport exactly; a window size would include the
        // browser's own bars, and would not zoom a too-wide page out as a phone does.
        options.setExperimentalOption(
                "mobileEmulation",
                Map.of(
                        "deviceMetrics",
                        Map.of(
                                "width", viewport.width(),
                                "height", viewport.height(),
                                "pixelRatio", viewport.pixelRatio(),
                                "touch", viewport.mobile(),
                                "mobile", viewport.mobile())));
        long started = System.nanoTime();
        ChromeDriver driver = new ChromeDriver(service, options);
        Duration startup = Duration.ofNanos(System.nanoTime() - started);
        LOG.info(
                "Chromium {} started at {}x{} ({}) in {} ms",
                driver.getCapabilities().getBrowserVersion(),
                viewport.width(),
                viewport.height(),
                viewport.name(),
                startup.toMillis());
        try {
            return new HeadlessChromium(driver, viewport, screenshots, startup);
        } catch (RuntimeException e) {
            driver.quit();
            throw e;
        }
    }

    /** The Selenium driver, for what this class does not cover. */
    public WebDriver driver() {
        return driver;
    }

    /** The size this browser was started at. */
    public Viewport viewport() {
        return viewport;
    }

    /** How long the browser and its driver took to start. */
    public Duration startup() {
        return startup;
    }

    /** Loads {@code url} and waits until the document has loaded. */
    public void open(String url) {
        driver.get(url);
    }

    /**
     * Every console error and uncaught exception the browser reported since it started: {@code
     * console.error} calls as {@code "console.error: <text>"}, exceptions as {@code "uncaught:
     * <message>"}.
     *
     * <p>The browser reports them asynchronously; this first waits until everything the page logged
     * before the call has arrived. Console entries keep their order, and so do exceptions, but not
     * with each other: Selenium delivers the two kinds of event on separate threads.
     */
    public List<String> consoleErrors() {
        String marker = "crm-pulse-console-sync-" + UUID.randomUUID();
        ((JavascriptExecutor) driver).executeScript("console.debug(arguments[0])", marker);
        waitUntil(
                "the browser to report its console up to " + marker,
                CONSOLE_SYNC_TIMEOUT,
                d -> consoleMarkers.contains(marker));
        return List.copyOf(consoleErrors);
    }

    /**
     * Writes a screenshot of the whole page (not only the part in the window) to {@code
     * <screenshots>/<name>-<viewport>.png}.
     *
     * @return the file written
     */
    public Path screenshot(String name) {
        // A full-page capture is a Chrome DevTools command; chromedriver relays it itself, so no
        // DevTools version of Selenium's is needed.
        Map<String, Object> shot =
                driver.executeCdpCommand(
                        "Page.captureScreenshot",
                        Map.of("format", "png", "captureBeyondViewport", true));
        Path file = screenshots.resolve(name + "-" + viewport.name() + ".png");
        try {
            Files.createDirectories(screenshots);
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the screenshot " + file, e);
        }
        return file;
    }

    /** How wide the open page's content is against its layout viewport. */
    public PageWidth pageWidth() {
        @SuppressWarnings("unchecked")
        Map<String, Number> width =
                (Map<String, Number>)
                        ((JavascriptExecutor) driver)
                                .executeScript(
                                        "return {scroll: document.documentElement.scrollWidth,"
                                                + " viewport: document.documentElement.clientWidth};");
        return new PageWidth(width.get("scroll").longValue(), width.get("viewport").longValue());
    }

    /**
     * Waits until {@code condition} holds on the open page, polling it.
     *
     * @param what what is awaited, for the timeout's message
     * @return the condition's first value that is neither null nor false
     * @throws org.openqa.selenium.TimeoutException naming {@code what} if it does not hold in time
     */
    public <T> T waitUntil(String what, Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout)
                .pollingEvery(Duration.ofMillis(100))
                .withMessage("waiting for " + what)
                .until(condition);
    }

    private void onConsoleEntry(ConsoleLogEntry entry) {
        String text = entry.getText();
        if (text != null && text.startsWith("crm-pulse-console-sync-")) {
            consoleMarkers.add(text);
        } else if (entry.getLevel() == LogLevel.ERROR) {
            consoleErrors.add("console.error: " + text);
        }
    }

    private void onJavaScriptException(JavascriptLogEntry entry) {
        consoleErrors.add("uncaught: " + entry.getText());
    }

    /** Ends the browser and its driver. */
    @Override
    public void close() {
        try {
            logInspector.close();
        } catch (RuntimeException e) {
            LOG.warn("Could not stop listening to the browser's console", e);
        } finally {
            driver.quit();
        }
    }
}
