package io.crmpulse.job.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.job.metrics.MetricRows;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.ZoneOffset;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database of the old cron scripts (their {@code crm_leads}, {@code daily_metrics_summary} and
 * {@code sync_state} in {@code public}, other columns under the same names), as the README's
 * "Migrating from the old scripts" says: the job does not migrate over it, and runs beside it in a
 * schema of its own.
 */
class OldScriptsDatabaseITCase {

    @TempDir Path work;

    @Test
    void theJobRefusesTheOldScriptsSchemaAndRunsInASchemaOfItsOwnBesideIt() throws Exception {
        try (TestPostgres postgres =
                new TestPostgres(work.resolve("pg"), TestDatabase.freePort())) {
            JdbcSettings db = postgres.start();
            execute(
                    db,
                    "CREATE TABLE crm_leads (lead_id text PRIMARY KEY, owner_name text NOT NULL,"
                            + " status text NOT NULL, source text NOT NULL)",
                    "CREATE TABLE daily_metrics_summary (id integer PRIMARY KEY DEFAULT 1)",
                    "CREATE TABLE sync_state (module_name text PRIMARY KEY,"
                            + " last_sync_time timestamptz NOT NULL)",
                    "INSERT INTO crm_leads VALUES ('1', 'Asha', 'New', 'Web')");

            assertThatThrownBy(() -> new SchemaMigrator(db, ZoneOffset.UTC).migrate())
                    .isInstanceOf(FlywayException.class)
                    .hasMessageContaining("non-empty schema");

            execute(db, "CREATE SCHEMA pulse");
            JdbcSettings own =
                    new JdbcSettings(db.url() + "?currentSchema=pulse", db.user(), db.password());
            SchemaMigrator.Result result = new SchemaMigrator(own, ZoneOffset.UTC).migrate();

            assertThat(result.schemaVersion()).isEqualTo("2");
            try (Connection c =
                    DriverManager.getConnection(own.url(), own.user(), own.password())) {
                assertThat(
                                MetricRows.query(
                                        c,
                                        "SELECT table_schema || '.' || table_name"
                                                + " FROM information_schema.columns"
                                                + " WHERE column_name IN ('source', 'lead_source')"
                                                + " AND table_name = 'crm_leads'"
                                                + " ORDER BY 1"))
                        .containsExactly("public.crm_leads", "pulse.crm_leads");
                assertThat(MetricRows.query(c, "SELECT count(*) FROM crm_leads"))
                        .as("the job's own crm_leads, found by the search path")
                        .containsExactly("0");
                assertThat(MetricRows.query(c, "SELECT owner_name FROM public.crm_leads"))
                        .containsExactly("Asha");
            }
        }
    }

    private static void execute(JdbcSettings db, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
