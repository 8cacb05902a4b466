package io.crmpulse.sinks.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.sinks.testing.DirectCommitRequest;
import io.crmpulse.sinks.testing.PostgresTestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committer against a real PostgreSQL: a value the database refuses costs that row, not the
 * job; an error that a later attempt can get past still fails the commit, losing nothing.
 */
class PostgresUpsertCommitterITCase {

    private static final List<String> COLUMNS =
            List.of(
                    "lead_source",
                    "leads",
                    "junk_leads",
                    "untouched_leads",
                    "attempted_leads",
                    "contacted_leads",
                    "converted_leads",
                    "junk_rate",
                    "contact_rate",
                    "conversion_rate",
                    "deals",
                    "open_deals",
                    "won_deals",
                    "lost_deals",
                    "pipeline_value",
                    "weighted_pipeline",
                    "won_value",
                    "win_rate");

    private static final PostgresTable SOURCES =
            new PostgresTable("lead_source_quality", COLUMNS, types(), List.of("lead_source"));

    private static PostgresTestDatabase database;

    private MetricListener metrics;
    private PostgresUpsertCommitter committer;

    @BeforeAll
    static void startPostgres() throws IOException {
        database = PostgresTestDatabase.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        database.close();
    }

    @BeforeEach
    void newCommitter() throws Exception {
        database.truncate("lead_source_quality", "dead_letters");
        metrics = new MetricListener();
        committer =
                new PostgresUpsertCommitter(database.settings(), SOURCES, metrics.getMetricGroup());
    }

    @AfterEach
    void closeCommitter() throws Exception {
        committer.close();
        database.execute("DROP TRIGGER IF EXISTS fail_on_conflict ON lead_source_quality");
    }

    @Test
    void rowsThatPostgresRefusesGoToTheDeadLettersAndTheRestOfTheBatchCommits() throws Exception {
        UpsertBatch batch =
                new UpsertBatch(
                        List.of(
                                upsert(row("Web", "1500.50")),
                                // A sum that overflowed a too-narrow Flink DECIMAL arrives as NULL.
                                upsert(row("Ads", null)),
                                upsert(row("Part\0ner", "10.00")),
                                upsert(row("Big", "100000000000000000000000000000000000000")),
                                upsert(row("Trade Show", "7.25"))));

        commit(batch);

        assertThat(
                        database.rows(
                                "SELECT lead_source || '|' || pipeline_value FROM"
                                        + " lead_source_quality ORDER BY 1"))
                .containsExactly("Trade Show|7.25", "Web|1500.50");
        List<String> letters =
                database.rows(
                        "SELECT id || '|' || module || '|' || record_id || '|' || reason"
                                + " FROM dead_letters ORDER BY id");
        assertThat(letters)
                .containsExactly(
                        "lead_source_quality:Ads|lead_source_quality|Ads|PostgreSQL refused"
                                + " this row of lead_source_quality: null value in column"
                                + " \"pipeline_value\" of relation \"lead_source_quality\""
                                + " violates not-null constraint (SQLSTATE 23502)",
                        "lead_source_quality:Big|lead_source_quality|Big|PostgreSQL refused"
                                + " this row of lead_source_quality: numeric field overflow"
                                + " (SQLSTATE 22003)",
                        "lead_source_quality:Part\uFFFDner|lead_source_quality|Part\uFFFDner"
                                + "|PostgreSQL refused this row of lead_source_quality: invalid"
                                + " byte sequence for encoding \"UTF8\": 0x00 (SQLSTATE 22021)");
        assertThat(
                        database.rows(
                                "SELECT payload FROM dead_letters WHERE id ="
                                        + " 'lead_source_quality:Ads'"))
                .singleElement()
                .asString()
                .startsWith("{\"lead_source\":\"Ads\",\"leads\":3,")
                .contains("\"pipeline_value\":null");
        assertThat(tableCounter("rowsCommitted").getCount()).isEqualTo(2);
        assertThat(tableCounter("deadLetters").getCount()).isEqualTo(3);
        assertThat(lastCommitDurationMs().getValue()).isNotNegative();
    }

    /**
     * Hundreds of upserts go as multi-row statements of up to 128 rows: a refused row fails its
     * statement, and still costs only itself.
     */
    @Test
    void aBatchOfHundredsOfUpsertsUpdatesAndDeletesWritesEveryRowButARefusedOne() throws Exception {
        List<UpsertBatch.Change> first = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            first.add(upsert(row("S" + i, "1.00")));
        }
        commit(new UpsertBatch(first));
        List<UpsertBatch.Change> second = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            second.add(
                    i % 3 == 0
                            ? new UpsertBatch.Change(true, row("S" + i, null))
                            : upsert(row("S" + i, i == 200 ? null : "2.00")));
            second.add(upsert(row("N" + i, i + ".00")));
        }

        commit(new UpsertBatch(second));

        assertThat(
                        database.rows(
                                "SELECT left(lead_source, 1) || '|' || count(*) || '|' ||"
                                        + " sum(pipeline_value) FROM lead_source_quality GROUP BY"
                                        + " left(lead_source, 1) ORDER BY 1"))
                .containsExactly("N|300|44850.00", "S|200|399.00");
        assertThat(database.rows("SELECT id FROM dead_letters"))
                .containsExactly("lead_source_quality:S200");
        assertThat(tableCounter("rowsCommitted").getCount()).isEqualTo(300 + 599);
        assertThat(tableCounter("deadLetters").getCount()).isEqualTo(1);
    }

    @Test
    void committingTheSameBatchAgainAfterARestoreWritesNoSecondDeadLetter() throws Exception {
        UpsertBatch batch =
                new UpsertBatch(List.of(upsert(row("Web", "1.00")), upsert(row("Ads", null))));

        commit(batch);
        commit(batch);
        committer.close();
        committer =
                new PostgresUpsertCommitter(database.settings(), SOURCES, metrics.getMetricGroup());
        commit(batch);

        assertThat(database.rows("SELECT id FROM dead_letters"))
                .containsExactly("lead_source_quality:Ads");
        assertThat(database.rows("SELECT lead_source FROM lead_source_quality"))
                .containsExactly("Web");
    }

    @Test
    void aRefusedDeletionIsADeadLetterToo() throws Exception {
        commit(new UpsertBatch(List.of(upsert(row("Web", "1.00")))));

        commit(
                new UpsertBatch(
                        List.of(
                                new UpsertBatch.Change(true, row("Web", null)),
                                new UpsertBatch.Change(true, row("W\0b", null)))));

        assertThat(database.rows("SELECT count(*) FROM lead_source_quality")).containsExactly("0");
        assertThat(database.rows("SELECT reason FROM dead_letters"))
                .containsExactly(
                        "PostgreSQL refused to delete this row of lead_source_quality: invalid"
                                + " byte sequence for encoding \"UTF8\": 0x00 (SQLSTATE 22021)");
    }

    /**
     * Errors that a later attempt can get past fail the commit, so that Flink restarts the job and
     * commits the batch again; nothing of it is written meanwhile, not even a dead letter.
     */
    @ParameterizedTest(name = "SQLSTATE {0}")
    @ValueSource(strings = {"40001", "40P01", "57P01", "57P02", "57P03", "08006"})
    void aTransientErrorStillFailsTheCommitAndWritesNothing(String sqlState) throws Exception {
        failOnConflict(sqlState);
        UpsertBatch batch =
                new UpsertBatch(
                        List.of(
                                upsert(row("Web", "1.00")),
                                upsert(row("Ads", null)),
                                upsert(row("Conflict", "2.00"))));

        assertThatThrownBy(() -> commit(batch))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Cannot write 3 changes to lead_source_quality")
                .hasMessageContaining("the job restarts from its last checkpoint");
        assertThat(database.rows("SELECT count(*) FROM lead_source_quality")).containsExactly("0");
        assertThat(database.rows("SELECT count(*) FROM dead_letters")).containsExactly("0");
        assertThat(tableCounter("rowsCommitted").getCount()).isZero();
        assertThat(tableCounter("deadLetters").getCount()).isZero();
        assertThat(lastCommitDurationMs().getValue()).isEqualTo(-1L);

        database.execute("DROP TRIGGER fail_on_conflict ON lead_source_quality");
        commit(batch);
        assertThat(tableCounter("rowsCommitted").getCount()).isEqualTo(2);
        assertThat(tableCounter("deadLetters").getCount()).isEqualTo(1);

        assertThat(database.rows("SELECT lead_source FROM lead_source_quality ORDER BY 1"))
                .containsExactly("Conflict", "Web");
        assertThat(database.rows("SELECT id FROM dead_letters"))
                .containsExactly("lead_source_quality:Ads");
    }

    @Test
    void aLostConnectionFailsTheCommitAndTheNextOneConnectsAgain() throws Exception {
        commit(new UpsertBatch(List.of(upsert(row("Web", "1.00")))));
        database.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname ="
                        + " current_database() AND pid <> pg_backend_pid()");
        UpsertBatch batch = new UpsertBatch(List.of(upsert(row("Ads", "2.00"))));

        assertThatThrownBy(() -> commit(batch)).isInstanceOf(IOException.class);
        commit(batch);

        assertThat(database.rows("SELECT lead_source FROM lead_source_quality ORDER BY 1"))
                .containsExactly("Ads", "Web");
        assertThat(database.rows("SELECT count(*) FROM dead_letters")).containsExactly("0");
    }

    /**
     * Why the normalizer refuses an unpaired surrogate although PostgreSQL never does: pgjdbc
     * encodes it as '?', so the table would hold another value than the job, silently.
     */
    @Test
    void theDriverWritesAnUnpairedSurrogateAsAQuestionMark() throws Exception {
        commit(new UpsertBatch(List.of(upsert(row("Web\uD800", "1.00")))));

        assertThat(database.rows("SELECT lead_source FROM lead_source_quality"))
                .containsExactly("Web?");
        assertThat(database.rows("SELECT count(*) FROM dead_letters")).containsExactly("0");
    }

    /** Rows whose source is 'Conflict' fail as the database would with {@code sqlState}. */
    private static void failOnConflict(String sqlState) throws Exception {
        database.execute(
                "CREATE OR REPLACE FUNCTION fail_on_conflict() RETURNS trigger LANGUAGE plpgsql"
                        + " AS $$ BEGIN IF NEW.lead_source = 'Conflict' THEN RAISE EXCEPTION"
                        + " 'simulated' USING ERRCODE = '"
                        + sqlState
                        + "'; END IF; RETURN NEW; END $$");
        database.execute(
                "CREATE TRIGGER fail_on_conflict BEFORE INSERT OR UPDATE ON lead_source_quality"
                        + " FOR EACH ROW EXECUTE FUNCTION fail_on_conflict()");
    }

    private Counter tableCounter(String name) {
        return metrics.getCounter("crmpulse", "table", "lead_source_quality", name).orElseThrow();
    }

    private Gauge<Long> lastCommitDurationMs() {
        return metrics.<Long>getGauge(
                        "crmpulse", "table", "lead_source_quality", "lastCommitDurationMs")
                .orElseThrow();
    }

    private void commit(UpsertBatch batch) throws IOException {
        committer.commit(List.of(new DirectCommitRequest<>(batch)));
    }

    private static UpsertBatch.Change upsert(Object[] values) {
        return new UpsertBatch.Change(false, values);
    }

    /** A row of lead_source_quality: 3 leads, 1 open deal worth {@code pipeline}. */
    private static Object[] row(String source, String pipeline) {
        List<Object> values =
                new ArrayList<>(
                        Arrays.asList(
                                source,
                                3L,
                                1L,
                                1L,
                                0L,
                                1L,
                                0L,
                                new BigDecimal("0.3333"),
                                new BigDecimal("0.3333"),
                                new BigDecimal("0.0000"),
                                1L,
                                1L,
                                0L,
                                0L));
        BigDecimal money = pipeline == null ? null : new BigDecimal(pipeline);
        values.addAll(Arrays.asList(money, money, BigDecimal.ZERO.setScale(2), null));
        return values.toArray();
    }

    private static List<LogicalType> types() {
        List<LogicalType> types = new ArrayList<>();
        types.add(new VarCharType(VarCharType.MAX_LENGTH));
        for (int i = 0; i < 6; i++) {
            types.add(new BigIntType());
        }
        for (int i = 0; i < 3; i++) {
            types.add(new DecimalType(9, 4));
        }
        for (int i = 0; i < 4; i++) {
            types.add(new BigIntType());
        }
        for (int i = 0; i < 3; i++) {
            types.add(new DecimalType(38, 2));
        }
        types.add(new DecimalType(9, 4));
        return types;
    }
}
