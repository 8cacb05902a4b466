package io.crmpulse.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

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
        return MetricsPlan.explain(MetricsPlan.SOME_DATABASE);
    }
}
