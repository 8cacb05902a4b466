package io.crmpulse.job.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.crmpulse.sinks.jdbc.JdbcSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema of DESIGN.md 4.3 with the columns of docs/METRICS.md, migrated by {@link
 * SchemaMigrator} onto a fresh embedded PostgreSQL, one for the whole class.
 */
class SchemaMigrationITCase {

    private static final ZoneId BUSINESS_ZONE = ZoneId.of("Asia/Kolkata");

    private static final String[] MATRIX_COLUMNS = {
        "leads bigint not null",
        "junk_leads bigint not null",
        "untouched_leads bigint not null",
        "attempted_leads bigint not null",
        "contacted_leads bigint not null",
        "converted_leads bigint not null",
        "junk_rate numeric(9,4) null",
        "contact_rate numeric(9,4) null",
        "conversion_rate numeric(9,4) null",
        "deals bigint not null",
        "open_deals bigint not null",
        "won_deals bigint not null",
        "lost_deals bigint not null",
        "pipeline_value numeric(38,2) not null",
        "weighted_pipeline numeric(38,2) not null",
        "won_value numeric(38,2) not null",
        "win_rate numeric(9,4) null",
        "updated_at timestamptz not null"
    };

    private static final String[] DAILY_COLUMNS = {
        "leads_created bigint not null",
        "junk_leads bigint not null",
        "contacted_leads bigint not null",
        "converted_leads bigint not null",
        "deals_won bigint not null",
        "won_value numeric(38,2) not null",
        "updated_at timestamptz not null"
    };

    @TempDir static Path stateDir;
    private static TestPostgres postgres;
    private static JdbcSettings db;
    private static SchemaMigrator.Result firstMigration;

    @BeforeAll
    static void migrateAFreshDatabase() throws Exception {
        postgres = new TestPostgres(stateDir.resolve("postgres"), TestDatabase.freePort());
        db = postgres.start();
        firstMigration = new SchemaMigrator(db, BUSINESS_ZONE).migrate();
    }

    @AfterAll
    static void stopDatabase() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void theMigrationAppliesOnAFreshDatabase() throws SQLException {
        assertThat(firstMigration).isEqualTo(new SchemaMigrator.Result("2", 2));
        assertThat(
                        rows(
                                "SELECT version || ' ' || description || ' ' || success"
                                        + " FROM flyway_schema_history ORDER BY installed_rank"))
                .containsExactly("1 crm pulse schema true", "2 dashboard true");
    }

    @Test
    void postgresSetsUpdatedAtOnEveryUpsert() throws Exception {
        try (Connection c = connect(db.user(), db.password());
                Statement s = c.createStatement()) {
            s.execute(
                    "INSERT INTO daily_source_stats (day, lead_source, leads_created, junk_leads,"
                            + " contacted_leads, converted_leads, deals_won, won_value)"
                            + " VALUES (DATE '2026-01-01', 'Trigger test', 1, 0, 0, 0, 0, 0)");
            s.execute(
                    "UPDATE daily_source_stats SET updated_at = TIMESTAMPTZ '2000-01-01 00:00Z',"
                            + " leads_created = 2 WHERE lead_source = 'Trigger test'");
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT updated_at > now() - interval '1 minute' FROM"
                                    + " daily_source_stats WHERE lead_source = 'Trigger test'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).isTrue();
            }
            s.execute("DELETE FROM daily_source_stats WHERE lead_source = 'Trigger test'");
        }
    }

    @Test
    void migratingAgainChangesNothing() throws SQLException {
        String before =
                rows("SELECT count(*) || ' ' || max(installed_on) FROM flyway_schema_history")
                        .get(0);

        SchemaMigrator.Result again = new SchemaMigrator(db, BUSINESS_ZONE).migrate();

        assertThat(again).isEqualTo(new SchemaMigrator.Result("2", 0));
        assertThat(rows("SELECT count(*) || ' ' || max(installed_on) FROM flyway_schema_history"))
                .containsExactly(before);
    }

    @Test
    void everyTableOfTheDesignExistsWithItsKey() throws SQLException {
        Map<String, String> primaryKeys = new LinkedHashMap<>();
        for (String row :
                rows(
                        "SELECT tc.table_name || '=' || string_agg(k.column_name, ','"
                                + "        ORDER BY k.ordinal_position)"
                                + " FROM information_schema.table_constraints tc"
                                + " JOIN information_schema.key_column_usage k"
                                + "   ON k.constraint_schema = tc.constraint_schema"
                                + "  AND k.constraint_name = tc.constraint_name"
                                + " WHERE tc.table_schema = 'public'"
                                + "   AND tc.constraint_type = 'PRIMARY KEY'"
                                + "   AND tc.table_name <> 'flyway_schema_history'"
                                + " GROUP BY tc.table_name")) {
            String[] parts = row.split("=", 2);
            primaryKeys.put(parts[0], parts[1]);
        }

        assertThat(primaryKeys)
                .containsOnly(
                        entry("crm_leads", "id"),
                        entry("crm_deals", "id"),
                        entry("deal_stage_events", "deal_id,changed_at,to_stage"),
                        entry("lead_source_quality", "lead_source"),
                        entry("rep_pipeline", "owner_id"),
                        entry("daily_source_stats", "day,lead_source"),
                        entry("daily_rep_stats", "day,owner_id"),
                        entry("alerts", "alert_id"),
                        entry("ai_summaries", "day"),
                        entry("notifications", "dedup_key"),
                        entry("sync_state", "module"),
                        entry("dead_letters", "id"));
        assertThat(
                        rows(
                                "SELECT table_name FROM information_schema.tables"
                                        + " WHERE table_schema = 'public' AND table_type = 'VIEW'"
                                        + " ORDER BY table_name"))
                .containsExactly(
                        "v_alerts_today",
                        "v_dead_letters",
                        "v_freshness",
                        "v_notifications",
                        "v_rep_leaderboard",
                        "v_source_quality_30d",
                        "v_source_quality_7d");
    }

    @Test
    void theMatrixTablesHaveExactlyTheMetricsColumns() throws SQLException {
        assertThat(columns("lead_source_quality"))
                .containsExactly(
                        concat(new String[] {"lead_source text not null"}, MATRIX_COLUMNS));
        assertThat(columns("rep_pipeline"))
                .containsExactly(
                        concat(
                                new String[] {"owner_id text not null", "owner_name text not null"},
                                MATRIX_COLUMNS));
    }

    @Test
    void theDailyTablesHaveExactlyTheMetricsColumns() throws SQLException {
        assertThat(columns("daily_source_stats"))
                .containsExactly(
                        concat(
                                new String[] {"day date not null", "lead_source text not null"},
                                DAILY_COLUMNS));
        assertThat(columns("daily_rep_stats"))
                .containsExactly(
                        concat(
                                new String[] {"day date not null", "owner_id text not null"},
                                DAILY_COLUMNS));
    }

    @Test
    void theMirrorsHoldTheNormalizedColumnsAndNoPersonalData() throws SQLException {
        assertThat(columns("crm_leads"))
                .containsExactly(
                        "id text not null",
                        "lead_source text not null",
                        "lead_status text not null",
                        "status_class text not null",
                        "owner_id text not null",
                        "owner_name text not null",
                        "created_time timestamptz not null",
                        "modified_time timestamptz not null",
                        "converted boolean not null",
                        "converted_at timestamptz null",
                        "cohort_day date not null");
        assertThat(columns("crm_deals"))
                .containsExactly(
                        "id text not null",
                        "deal_name text null",
                        "stage text null",
                        "stage_class text not null",
                        "amount numeric(18,2) not null",
                        "exchange_rate numeric(18,6) not null",
                        "amount_home numeric(18,2) not null",
                        "probability integer not null",
                        "owner_id text not null",
                        "owner_name text not null",
                        "lead_source text not null",
                        "closing_date date null",
                        "created_time timestamptz not null",
                        "modified_time timestamptz not null",
                        "won_at timestamptz null",
                        "lost_at timestamptz null",
                        "won_day date null");
        assertThat(columns("deal_stage_events"))
                .containsExactly(
                        "deal_id text not null",
                        "changed_at timestamptz not null",
                        "to_stage text not null",
                        "from_stage text null",
                        "to_stage_class text not null",
                        "amount_home numeric(18,2) not null");
    }

    @Test
    void theOperationalTablesHaveTheColumnsTheDesignNames() throws SQLException {
        assertThat(names("alerts"))
                .contains(
                        "alert_id",
                        "rule",
                        "subject",
                        "severity",
                        "observed",
                        "expected",
                        "message",
                        "fired_at",
                        "window_start",
                        "window_end",
                        "n",
                        "test");
        assertThat(columns("ai_summaries"))
                .containsExactly(
                        "day date not null",
                        "facts jsonb not null",
                        "dashboard_report text not null",
                        "whatsapp_report text not null",
                        "model text null",
                        "status text not null",
                        "created_at timestamptz not null",
                        "verdict_reasons jsonb null",
                        "attempts integer null",
                        "latency_ms bigint null",
                        "prompt_hash text null",
                        "dashboard_marks jsonb null");
        assertThat(names("notifications"))
                .containsExactly(
                        "dedup_key",
                        "channel",
                        "recipient",
                        "body",
                        "status",
                        "provider_id",
                        "attempts",
                        "last_error",
                        "created_at",
                        "updated_at",
                        "kind",
                        "ref",
                        "severity",
                        "message_id",
                        "error_code",
                        "next_attempt_at",
                        "last_attempt_at",
                        "sent_at");
        assertThat(columns("sync_state"))
                .containsExactly(
                        "module text not null",
                        "cursor timestamptz null",
                        "records_synced bigint not null",
                        "api_calls bigint not null",
                        "last_successful_poll timestamptz null",
                        "lag_seconds numeric null",
                        "updated_at timestamptz not null");
        assertThat(columns("dead_letters"))
                .containsExactly(
                        "id text not null",
                        "module text not null",
                        "record_id text null",
                        "reason text not null",
                        "payload text null",
                        "received_at timestamptz not null",
                        "updated_at timestamptz not null");
    }

    @Test
    void theMetricColumnsCarryTheirDefinitions() throws SQLException {
        assertThat(
                        rows(
                                "SELECT col_description('lead_source_quality'::regclass, ordinal_position)"
                                        + " FROM information_schema.columns"
                                        + " WHERE table_name = 'lead_source_quality'"
                                        + "   AND column_name = 'contact_rate'"))
                .containsExactly(
                        "(contacted_leads + converted_leads) / leads, 4 decimals half up; null when"
                                + " leads is 0.");
    }

    @Test
    void constraintsRejectValuesOutsideTheDefinitions() throws SQLException {
        try (Connection c = connect(db.user(), db.password())) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                assertThatThrownBy(
                                () ->
                                        s.execute(
                                                "INSERT INTO crm_deals (id, stage_class, amount,"
                                                        + " exchange_rate, amount_home, probability,"
                                                        + " owner_id, owner_name, lead_source,"
                                                        + " created_time, modified_time) VALUES"
                                                        + " ('d', 'open', 1, 1, 1, 101, 'o', 'O',"
                                                        + " 'Web', now(), now())"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("crm_deals_probability_check");
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void theSourceQualityViewsCountTheLastDaysOfTheData() throws SQLException {
        try (Connection c = connect(db.user(), db.password())) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(
                        "INSERT INTO crm_leads (id, lead_source, lead_status, status_class,"
                                + " owner_id, owner_name, created_time, modified_time, converted,"
                                + " converted_at, cohort_day) VALUES"
                                + lead("L1", "Web", "junk", "2026-03-10")
                                + ","
                                + lead("L2", "Web", "converted", "2026-03-07")
                                + ","
                                + lead("L3", "Web", "contacted", "2026-03-04")
                                + ","
                                + lead("L4", "Web", "untouched", "2026-03-03")
                                + ","
                                + lead("L5", "Referral", "attempted", "2026-03-09")
                                + ","
                                + lead("L6", "Referral", "contacted", "2026-01-29"));
                s.execute(
                        "INSERT INTO crm_deals (id, stage, stage_class, amount, exchange_rate,"
                                + " amount_home, probability, owner_id, owner_name, lead_source,"
                                + " created_time, modified_time, won_at, won_day) VALUES"
                                + deal("D1", "Web", "won", "1000.50", "2026-03-08")
                                + ","
                                + deal("D2", "Web", "won", "200.00", "2026-02-28")
                                + ","
                                + deal("D3", "Trade Show", "won", "300.00", "2026-03-10")
                                + ","
                                + deal("D4", "Referral", "open", "5000.00", null));

                String columns =
                        "lead_source, first_day, last_day, leads, junk_leads, untouched_leads,"
                                + " attempted_leads, contacted_leads, converted_leads, junk_rate,"
                                + " contact_rate, conversion_rate, deals_won, won_value";
                assertThat(table(s, "SELECT " + columns + " FROM v_source_quality_7d ORDER BY 1"))
                        .containsExactly(
                                "Referral|2026-03-04|2026-03-10|1|0|0|1|0|0|0.0000|0.0000|0.0000|0|0.00",
                                "Trade Show|2026-03-04|2026-03-10|0|0|0|0|0|0|null|null|null|1|300.00",
                                "Web|2026-03-04|2026-03-10|3|1|0|0|1|1|0.3333|0.6667|0.3333|1|1000.50");
                assertThat(table(s, "SELECT " + columns + " FROM v_source_quality_30d ORDER BY 1"))
                        .containsExactly(
                                "Referral|2026-02-09|2026-03-10|1|0|0|1|0|0|0.0000|0.0000|0.0000|0|0.00",
                                "Trade Show|2026-02-09|2026-03-10|0|0|0|0|0|0|null|null|null|1|300.00",
                                "Web|2026-02-09|2026-03-10|4|1|1|0|1|1|0.2500|0.5000|0.2500|2|1200.50");
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void theLeaderboardRanksRepsByWonValue() throws SQLException {
        try (Connection c = connect(db.user(), db.password())) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(
                        "INSERT INTO rep_pipeline VALUES"
                                + rep("r1", "Asha", "500.00")
                                + ","
                                + rep("r2", "Bilal", "900.00")
                                + ","
                                + rep("r3", "Chen", "500.00")
                                + ","
                                + rep("r4", "Dara", "0.00"));

                assertThat(
                                table(
                                        s,
                                        "SELECT rank, owner_id, owner_name, won_value FROM v_rep_leaderboard"))
                        .containsExactly(
                                "1|r2|Bilal|900.00",
                                "2|r1|Asha|500.00",
                                "2|r3|Chen|500.00",
                                "4|r4|Dara|0.00");
            } finally {
                c.rollback();
            }
        }
    }

    /**
     * One deal's amount_home is below 10^16 (the job refuses larger ones); a sum of many is not,
     * and the tables and views hold sums below 10^36.
     */
    @Test
    void moneySumsFarAboveTheLargestDealFitTheTablesAndTheViews() throws SQLException {
        String largestDeal = "9999999999999999.99";
        String largestSum = "99999999999999999999999999999999999.99";
        try (Connection c = connect(db.user(), db.password())) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO rep_pipeline VALUES" + rep("r1", "Asha", largestSum));
                s.execute(
                        "INSERT INTO lead_source_quality VALUES ('Web', 0, 0, 0, 0, 0, 0, null,"
                                + " null, null, 2, 2, 0, 0, "
                                + largestSum
                                + ", "
                                + largestSum
                                + ", "
                                + largestSum
                                + ", null, now())");
                s.execute(
                        "INSERT INTO daily_source_stats VALUES ('2026-03-10', 'Web', 0, 0, 0, 0,"
                                + " 2, "
                                + largestSum
                                + ", now())");
                s.execute(
                        "INSERT INTO daily_rep_stats VALUES ('2026-03-10', 'r1', 0, 0, 0, 0, 2, "
                                + largestSum
                                + ", now())");
                s.execute(
                        "INSERT INTO crm_leads (id, lead_source, lead_status, status_class,"
                                + " owner_id, owner_name, created_time, modified_time, converted,"
                                + " converted_at, cohort_day) VALUES"
                                + lead("L1", "Web", "contacted", "2026-03-10"));
                s.execute(
                        "INSERT INTO crm_deals (id, stage, stage_class, amount, exchange_rate,"
                                + " amount_home, probability, owner_id, owner_name, lead_source,"
                                + " created_time, modified_time, won_at, won_day) VALUES"
                                + deal("D1", "Web", "won", largestDeal, "2026-03-09")
                                + ","
                                + deal("D2", "Web", "won", largestDeal, "2026-03-10"));

                assertThat(table(s, "SELECT won_value FROM v_rep_leaderboard"))
                        .containsExactly(largestSum);
                assertThat(
                                table(
                                        s,
                                        "SELECT pipeline_value || '|' || weighted_pipeline || '|'"
                                                + " || won_value FROM lead_source_quality"))
                        .containsExactly(largestSum + "|" + largestSum + "|" + largestSum);
                assertThat(table(s, "SELECT won_value FROM v_source_quality_7d"))
                        .containsExactly("19999999999999999.98");
                assertThat(table(s, "SELECT won_value FROM v_source_quality_30d"))
                        .containsExactly("19999999999999999.98");
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void alertsTodayBeginAtMidnightInTheBusinessTimezone() throws SQLException {
        try (Connection c = connect(db.user(), db.password())) {
            assertThat(queryText(c, "SHOW pulse.timezone")).isEqualTo("Asia/Kolkata");
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                String midnight =
                        "(date_trunc('day', now() AT TIME ZONE 'Asia/Kolkata')"
                                + " AT TIME ZONE 'Asia/Kolkata')";
                s.execute(
                        "INSERT INTO alerts (alert_id, rule, subject, severity, observed,"
                                + " expected, message, fired_at) VALUES"
                                + alert("now", "now()")
                                + ","
                                + alert("local-midnight", midnight)
                                + ","
                                + alert("a-second-before", midnight + " - interval '1 second'")
                                + ","
                                + alert("two-days-ago", "now() - interval '2 days'"));

                assertThat(table(s, "SELECT alert_id FROM v_alerts_today"))
                        .containsExactly("now", "local-midnight");
                assertThat(table(s, "SELECT fired_local_time FROM v_alerts_today"))
                        .last()
                        .isEqualTo("00:00:00");
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void freshnessTurnsStaleFifteenMinutesAfterTheLastSuccessfulPoll() throws SQLException {
        try (Connection c = connect(db.user(), db.password())) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(
                        "INSERT INTO sync_state (module, cursor, records_synced, api_calls,"
                                + " last_successful_poll, lag_seconds) VALUES"
                                + " ('Leads', now(), 10, 2, now() - interval '1 minute', 3),"
                                + " ('Deals', now(), 5, 1, now() - interval '15 minutes 1 second', 4),"
                                + " ('Notes', null, 0, 0, null, null)");

                assertThat(
                                table(
                                        s,
                                        "SELECT module, status, seconds_since_last_poll, lag_seconds"
                                                + " FROM v_freshness"))
                        .containsExactly(
                                "Deals|stale|901|4", "Leads|fresh|60|3", "Notes|stale|null|null");
            } finally {
                c.rollback();
            }
        }
    }

    // --- rows for the view tests -------------------------------------------------------------

    private static String lead(String id, String source, String statusClass, String cohortDay) {
        return String.format(
                "('%s', '%s', 'status', '%s', 'o1', 'Owner', '%sT10:00:00Z', '%sT10:00:00Z', %s, null,"
                        + " '%s')",
                id,
                source,
                statusClass,
                cohortDay,
                cohortDay,
                statusClass.equals("converted"),
                cohortDay);
    }

    private static String deal(
            String id, String source, String stageClass, String amount, String wonDay) {
        String wonAt = wonDay == null ? "null" : "'" + wonDay + "T12:00:00Z'";
        return String.format(
                "('%s', 'stage', '%s', %s, 1, %s, 50, 'o1', 'Owner', '%s', '2026-01-01T00:00:00Z',"
                        + " '2026-03-10T00:00:00Z', %s, %s)",
                id,
                stageClass,
                amount,
                amount,
                source,
                wonAt,
                wonDay == null ? "null" : "'" + wonDay + "'");
    }

    private static String rep(String ownerId, String name, String wonValue) {
        return String.format(
                "('%s', '%s', 0, 0, 0, 0, 0, 0, null, null, null, 1, 0, 1, 0, 0.00, 0.00, %s, 1.0000,"
                        + " now())",
                ownerId, name, wonValue);
    }

    private static String alert(String id, String firedAt) {
        return String.format(
                "('%s', 'junk_spike', 'source:Web', 'warning', 0.4, 0.1, 'Junk rate up', %s)",
                id, firedAt);
    }

    // --- catalog queries ---------------------------------------------------------------------

    /** Each column as "name type null|not null", in table order. */
    private static List<String> columns(String table) throws SQLException {
        return rows(
                "SELECT column_name || ' '"
                        + " || CASE WHEN data_type = 'numeric' AND numeric_precision IS NOT NULL"
                        + "         THEN 'numeric(' || numeric_precision || ',' || numeric_scale || ')'"
                        + "         WHEN data_type = 'timestamp with time zone' THEN 'timestamptz'"
                        + "         ELSE data_type END"
                        + " || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE ' null' END"
                        + " FROM information_schema.columns"
                        + " WHERE table_schema = 'public' AND table_name = '"
                        + table
                        + "' ORDER BY ordinal_position");
    }

    private static List<String> names(String table) throws SQLException {
        return columns(table).stream().map(c -> c.split(" ")[0]).collect(Collectors.toList());
    }

    private static String[] concat(String[] first, String[] rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all.toArray(new String[0]);
    }

    private static Connection connect(String user, String password) throws SQLException {
        return DriverManager.getConnection(db.url(), user, password);
    }

    private static void execute(String... statements) throws SQLException {
        try (Connection c = connect(db.user(), db.password());
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static List<String> rows(String sql) throws SQLException {
        try (Connection c = connect(db.user(), db.password());
                Statement s = c.createStatement()) {
            return table(s, sql);
        }
    }

    private static String queryText(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The rows of a query, each as its columns joined with '|'. */
    private static List<String> table(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    cells.add(
                            value instanceof BigDecimal
                                    ? ((BigDecimal) value).toPlainString()
                                    : String.valueOf(value));
                }
                out.add(String.join("|", cells));
            }
        }
        return out;
    }
}
