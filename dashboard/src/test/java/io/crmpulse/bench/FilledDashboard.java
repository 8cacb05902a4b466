package io.crmpulse.bench;

import io.crmpulse.dashboard.DashboardServer;
import io.crmpulse.dashboard.DashboardSettings;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.db.TestDatabase;
import io.crmpulse.job.summary.DailyNumbersQuery;
import io.crmpulse.job.summary.OllamaClient;
import io.crmpulse.job.summary.SummaryStore;
import io.crmpulse.job.summary.SummaryWriter;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The dashboard's benchmarks' database and server: an embedded PostgreSQL holding {@code leads}
 * leads over two years, a fifth as many deals, 50,000 alerts with three outbox rows each, two years
 * of {@code daily_source_stats} for 12 sources and yesterday's summary, and the dashboard reading
 * it as {@code pulse_reader}.
 */
final class FilledDashboard implements AutoCloseable {

    static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");

    private final TestDatabase database;
    private final DashboardServer server;

    private FilledDashboard(TestDatabase database, DashboardServer server) {
        this.database = database;
        this.server = server;
    }

    /** Fills a new database with {@code leads} leads and starts the dashboard on it. */
    static FilledDashboard start(int leads) throws Exception {
        Path state = Files.createTempDirectory("crm-pulse-dashboard-bench");
        TestDatabase db = TestDatabase.start(state, ZONE);
        try {
            fill(db, leads);
            db.execute("ALTER ROLE pulse_reader LOGIN PASSWORD 'bench'");
            JdbcSettings reader = new JdbcSettings(db.settings().url(), "pulse_reader", "bench");
            return new FilledDashboard(
                    db,
                    DashboardServer.start(
                            new DashboardSettings(
                                    "127.0.0.1",
                                    0,
                                    Optional.empty(),
                                    reader,
                                    ZONE,
                                    DisplayFormat.parse("INR"))));
        } catch (Exception | Error e) {
            db.close();
            throw e;
        }
    }

    /** The dashboard's root, {@code http://127.0.0.1:<port>}, without a trailing slash. */
    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            database.close();
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
        summary(db, LocalDate.now(ZONE).minusDays(1));
    }

    /** The day's summary as the job writes it when the model cannot be asked: the template. */
    private static void summary(TestDatabase db, LocalDate day) throws Exception {
        OllamaClient noModel =
                new OllamaClient() {
                    @Override
                    public String preflight(String model) {
                        throw new UnsupportedOperationException("the template is not asked");
                    }

                    @Override
                    public ChatReply chat(ChatCall call) {
                        throw new UnsupportedOperationException("the template is not asked");
                    }
                };
        try (Connection c = db.connect()) {
            SummaryStore.insert(
                    c,
                    new SummaryWriter(
                                    noModel, "none", DisplayFormat.parse("INR"), Clock.systemUTC())
                            .fallback(
                                    new DailyNumbersQuery(ZONE).numbers(c, day),
                                    "benchmark: no model"),
                    Instant.now());
        }
    }
}
