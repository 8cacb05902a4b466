package io.crmpulse.bench;

import io.crmpulse.browser.HeadlessChromium;
import io.crmpulse.browser.Viewport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;

/**
 * How long the dashboard's page takes to load in headless Chromium against a database of {@code
 * leads} leads (first argument; 1,000,000 by default), filled as {@link FilledDashboard} says, at
 * desktop and phone size, {@code runs} times each (second argument; 5 by default): cold (a new
 * browser each time, nothing cached) and warm (a reload in the same browser). It prints, from the
 * start of the navigation, the time to DOMContentLoaded and to every panel having drawn its first
 * answer (the page's mark {@code pulse-loaded}), the bytes transferred until then, and each panel's
 * answer (request to last byte). A benchmark, not a test: it prints what it measured and asserts
 * nothing.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl dashboard exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *     "-Dexec.args=-cp %classpath io.crmpulse.bench.DashboardPageBenchmark 1000000 5"
 * </pre>
 */
public final class DashboardPageBenchmark {

    private static final Duration LOADED = Duration.ofSeconds(60);

    /** One load, as the Performance API of the page saw it. */
    private record Load(
            double domContentLoaded,
            double loaded,
            long bytes,
            long requests,
            Map<String, Number> answers) {}

    public static void main(String[] args) throws Exception {
        int leads = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (FilledDashboard dashboard = FilledDashboard.start(leads)) {
            String page = dashboard.base() + "/";
            System.out.printf(
                    "%,d leads; milliseconds from navigation start, medians (max) of %d loads%n",
                    leads, runs);
            for (Viewport viewport : List.of(Viewport.DESKTOP, Viewport.PHONE)) {
                List<Load> cold = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    try (HeadlessChromium browser = HeadlessChromium.start(viewport)) {
                        browser.open(page);
                        cold.add(load(browser));
                    }
                }
                List<Load> warm = new ArrayList<>();
                try (HeadlessChromium browser = HeadlessChromium.start(viewport)) {
                    browser.open(page);
                    load(browser);
                    for (int run = 0; run < runs; run++) {
                        browser.driver().navigate().refresh();
                        warm.add(load(browser));
                    }
                }
                print(viewport, "cold", cold);
                print(viewport, "warm", warm);
            }
        }
    }

    /** Waits until every panel has drawn, then reads the navigation's timings. */
    private static Load load(HeadlessChromium browser) {
        browser.waitUntil(
                "every panel has drawn its first answer",
                LOADED,
                d ->
                        "true"
                                .equals(
                                        ((JavascriptExecutor) d)
                                                .executeScript(
                                                        "return document.documentElement"
                                                                + ".dataset.loaded;")));
        @SuppressWarnings("unchecked")
        Map<String, Object> t =
                (Map<String, Object>)
                        ((JavascriptExecutor) browser.driver())
                                .executeScript(
                                        "const nav = performance.getEntriesByType('navigation')[0];"
                                                + " const loaded ="
                                                + " performance.getEntriesByName('pulse-loaded')[0];"
                                                + " const done = [nav].concat("
                                                + "performance.getEntriesByType('resource'))"
                                                + ".filter(e => e.responseEnd <= loaded.startTime);"
                                                + " return {dcl: nav.domContentLoadedEventEnd,"
                                                + " loaded: loaded.startTime,"
                                                + " bytes: done.reduce((s, e) => s +"
                                                + " e.transferSize, 0),"
                                                + " requests: done.length,"
                                                + " answers: Object.fromEntries(done"
                                                + ".filter(e => e.name.includes('/api/'))"
                                                + ".map(e => [new URL(e.name).pathname"
                                                + ".replace('/api/v1/', ''), e.duration]))};");
        return new Load(
                ((Number) t.get("dcl")).doubleValue(),
                ((Number) t.get("loaded")).doubleValue(),
                ((Number) t.get("bytes")).longValue(),
                ((Number) t.get("requests")).longValue(),
                (Map<String, Number>) t.get("answers"));
    }

    private static void print(Viewport viewport, String mode, List<Load> loads) {
        System.out.printf(
                "%-8s %s: DOMContentLoaded %s, every panel drawn %s, %s bytes in %d requests%n",
                viewport.name(),
                mode,
                stat(loads.stream().map(Load::domContentLoaded).toList()),
                stat(loads.stream().map(Load::loaded).toList()),
                String.format(
                        "%,d",
                        median(loads.stream().map(l -> (double) l.bytes()).toList()).longValue()),
                loads.get(0).requests());
        // Each panel's answer, request to last byte as the browser saw it.
        StringBuilder answers = new StringBuilder("         answers:");
        new java.util.TreeSet<>(loads.get(0).answers().keySet())
                .forEach(
                        path ->
                                answers.append(' ')
                                        .append(path)
                                        .append(' ')
                                        .append(
                                                stat(
                                                        loads.stream()
                                                                .map(
                                                                        l ->
                                                                                l.answers()
                                                                                        .get(path)
                                                                                        .doubleValue())
                                                                .toList())));
        System.out.println(answers);
    }

    private static String stat(List<Double> values) {
        return String.format("%.0f (%.0f)", median(values), Collections.max(values));
    }

    private static Double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
