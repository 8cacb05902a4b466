package io.crmpulse.bench;

import io.crmpulse.dashboard.DashboardServer;
import io.crmpulse.dashboard.DashboardSettings;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.db.TestDatabase;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * How long each endpoint of the dashboard's API takes against a database of {@code leads} leads
 * (argument; 1,000,000 by default) over two years, a fifth as many deals, 50,000 alerts with three
 * outbox rows each, and two years of {@code daily_source_stats} for 12 sources, read as {@code
 * pulse_reader}. A benchmark, not a test: it prints what it measured and asserts nothing.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl dashboard exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *     "-Dexec.args=-cp %classpath io.crmpulse.bench.DashboardApiBenchmark 1000000"
 * </pre>
 */
public final class DashboardApiBenchmark {

    private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
    private static final int RUNS = 7;

    public static void main(String[] args) throws Exception {
        int leads = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path state = Files.createTempDirectory("crm-pulse-dashboard-bench");
        try (TestDatabase db = TestDatabase.start(state, ZONE)) {
            fill(db, leads);
            db.execute("ALTER ROLE pulse_reader LOGIN PASSWORD 'bench'");
            JdbcSettings reader = new JdbcSettings(db.settings().url(), "pulse_reader", "bench");
            try (DashboardServer server =
                    DashboardServer.start(
                            new DashboardSettings(
                                    "127.0.0.1",
                                    0,
                                    Optional.empty(),
                                    reader,
                                    ZONE,
                                    DisplayFormat.parse("INR")))) {
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
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://127.0.0.1:"
                                                                        + server.port()
                                                                        + path))
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
                            path,
                            millis.get(millis.size() / 2),
                            millis.get(millis.size() - 1),
                            bytes);
                }
            }
        }
    }

    private static void fill(TestDatabase db, int leads) throws Exception {
        for (String sql :
                List.of(
                        "INSERT INTO crm_leads SELECT 'l' || i, 'Source ' || (i % 12), 's',"
                                + " (ARRAY['converted', 'junk', 'untouched', 'attempted',"
                                + " 'contacted'])[1 + i % 5], 'o' || (i % 60), 'Rep ' || (i % 60),"
                                + " now(), now(), false, NULL, current_date - (i % 730)"
                                + " FROM generate_series(1, "
                                + leads
                                + ") i",
                        "INSERT INTO crm_deals (id, stage, stage_class, amount, exchange_rate,"
                                + " amount_home, probability, owner_id, owner_name, lead_source,"
                                + " created_time, modified_time, won_at, won_day) SELECT 'd' || i,"
                                + " 'x', (ARRAY['open', 'won', 'lost'])[1 + i % 3], 1000, 1, 1000,"
                                + " 50, 'o' || (i % 60), 'Rep', 'Source ' || (i % 12), now(), now(),"
                                + " CASE WHEN i % 3 = 1 THEN now() END, CASE WHEN i % 3 = 1 THEN"
                                + " current_date - (i % 730) END FROM generate_series(1, "
                                + leads / 5
                                + ") i",
                        "INSERT INTO daily_source_stats SELECT current_date - d, 'Source ' || s,"
                                + " 100, 30, 20, 5, 2, 2000 FROM generate_series(0, 729) d,"
                                + " generate_series(0, 11) s",
                        "INSERT INTO lead_source_quality SELECT 'Source ' || s, 1000, 300, 100,"
                                + " 100, 200, 300, 0.3, 0.5, 0.3, 100, 30, 30, 40, 1000000, 500000,"
                                + " 2000000, 0.4 FROM generate_series(0, 11) s",
                        "INSERT INTO rep_pipeline SELECT 'o' || i, 'Rep ' || i, 100, 1, 1, 1, 1,"
                                + " 1, 0.1, 0.1, 0.1, 1, 1, 1, 1, 1, 1, 1, 0.1"
                                + " FROM generate_series(0, 59) i",
                        "INSERT INTO alerts (alert_id, rule, subject, severity, observed, expected,"
                                + " message, fired_at) SELECT 'R1_JUNK_SPIKE/total/' || i ||"
                                + " '/warning', 'R1_JUNK_SPIKE', 'total', 'warning', 0.4, 0.2, 'm',"
                                + " now() - (i || ' minutes')::interval * 30"
                                + " FROM generate_series(1, 50000) i",
                        "INSERT INTO notifications (dedup_key, kind, ref, severity, recipient,"
                                + " body, status, next_attempt_at) SELECT 'alert:R1_JUNK_SPIKE/total/'"
                                + " || i || '/warning:' || r, 'alert', 'R1_JUNK_SPIKE/total/' || i ||"
                                + " '/warning', 'warning', 'whatsapp:+9198123456' || r, 'b', 'sent',"
                                + " now() FROM generate_series(1, 50000) i, generate_series(10, 12) r",
                        "INSERT INTO sync_state (module, cursor, last_successful_poll) VALUES"
                                + " ('Leads', now(), now()), ('Deals', now(), now())",
                        "ANALYZE")) {
            db.execute(sql);
        }
    }
}
