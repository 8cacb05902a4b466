package io.crmpulse.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.model.Alert;
import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.DealStageEvent;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.sinks.postgres.DeadLetter;
import io.crmpulse.zoho.model.RecordChange;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.junit.jupiter.api.Test;

/** What the planner makes of {@code metrics.sql}: planned, not run. */
class MetricsTablesPlanTest {

    @Test
    void matrixTablesAreWrittenWithoutAnUpsertMaterializer() {
        String plan = plan();

        assertThat(plan).contains("Join(joinType=[FullOuterJoin]");
        assertThat(plan).doesNotContain("upsertMaterialize=[true]");
    }

    @Test
    void noStatementKeepsACopyOfEachLeadOrDealOfItsOwn() {
        String plan = plan();

        // The tables are full changelogs (FullChangelog keeps the one copy), so the planner adds
        // no ChangelogNormalize, which would keep a copy per statement that reads them; the
        // upsert sinks of crm_leads and crm_deals drop the previous versions.
        assertThat(plan).doesNotContain("ChangelogNormalize");
        assertThat(plan).contains("DropUpdateBefore");
    }

    @Test
    void ownerNamesKeepACountPerNameNotAnEntryPerRecord() {
        String plan = plan();

        assertThat(plan).contains("MAX_RETRACT(owner_name)");
        assertThat(plan).doesNotContain("LAST_VALUE");
    }

    private static String plan() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        return MetricsTables.statements(
                        StreamTableEnvironment.create(env),
                        none(env, LeadRow.class),
                        none(env, DealRow.class),
                        none(env, RecordChange.class),
                        none(env, DeadLetter.class),
                        none(env, DealStageEvent.class),
                        none(env, Alert.class),
                        Map.of(
                                "jdbc.url",
                                "jdbc:postgresql://h/db",
                                "jdbc.user",
                                "pulse",
                                "jdbc.password",
                                "s"))
                .explain();
    }

    private static <T> DataStream<T> none(StreamExecutionEnvironment env, Class<T> type) {
        return env.fromData(List.of(), TypeInformation.of(type));
    }
}
