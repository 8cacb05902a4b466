package io.crmpulse.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How long each endpoint of the dashboard's API takes against a database of {@code leads} leads
 * (argument; 1,000,000 by default), filled as {@link FilledDashboard} says, read as {@code
 * pulse_reader}. A benchmark, not a test: it prints what it measured and asserts nothing.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl dashboard exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *     "-Dexec.args=-cp %classpath io.crmpulse.bench.DashboardApiBenchmark 1000000"
 * </pre>
 */
public final class DashboardApiBenchmark {

    private static final int RUNS = 7;

    public static void main(String[] args) throws Exception {
        int leads = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        try (FilledDashboard dashboard = FilledDashboard.start(leads)) {
            HttpClient http = HttpClient.newHttpClient();
            System.out.printf("%,d leads; milliseconds over %d runs%n", leads, RUNS);
            for (String path :
                    List.of(
                            "/api/v1/today",
                            "/api/v1/sources?window=7",
                            "/api/v1/sources?window=30",
                            "/api/v1/reps",
                            "/api/v1/trends?days=30",
                            "/api/v1/trends?days=90",
                            "/api/v1/alerts?range=today",
                            "/api/v1/alerts?range=week",
                            "/api/v1/alerts/R1_JUNK_SPIKE%2Ftotal%2F5%2Fwarning",
                            "/api/v1/freshness",
                            "/api/v1/summary")) {
                List<Double> millis = new ArrayList<>();
                int bytes = 0;
                for (int run = 0; run <= RUNS; run++) {
                    long start = System.nanoTime();
                    HttpResponse<String> response =
                            http.send(
                                    HttpRequest.newBuilder(URI.create(dashboard.base() + path))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                    double took = (System.nanoTime() - start) / 1e6;
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(path + ": " + response.body());
                    }
                    bytes = response.body().length();
                    if (run > 0) { // the first warms the connection and the plan cache
                        millis.add(took);
                    }
                }
                Collections.sort(millis);
                System.out.printf(
                        "%-55s median %7.1f  max %7.1f  (%,d chars)%n",
                        path, millis.get(millis.size() / 2), millis.get(millis.size() - 1), bytes);
            }
        }
    }
}
