package io.crmpulse.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.simulator.truth.DailyColumns;
import io.crmpulse.simulator.truth.DailyRepStatsRow;
import io.crmpulse.simulator.truth.DailySourceStatsRow;
import io.crmpulse.simulator.truth.GroundTruth;
import io.crmpulse.simulator.truth.LeadSourceQualityRow;
import io.crmpulse.simulator.truth.MatrixColumns;
import io.crmpulse.simulator.truth.RepPipelineRow;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of the metrics tables as comparable text, one line per row in key order, so that a
 * difference names the row and the column rather than dumping objects.
 */
public final class MetricRows {

    static final String MATRIX_COLUMNS =
            "leads, junk_leads, untouched_leads, attempted_leads, contacted_leads, converted_leads,"
                    + " junk_rate, contact_rate, conversion_rate, deals, open_deals, won_deals,"
                    + " lost_deals, pipeline_value, weighted_pipeline, won_value, win_rate";

    static final String DAILY_COLUMNS =
            "leads_created, junk_leads, contacted_leads, converted_leads, deals_won, won_value";

    /**
     * Every metrics table equals both the reference SQL of docs/METRICS.md section 5 over the
     * mirror tables and the simulator's ground truth, row for row; every deal's current stage was
     * recorded as a stage event, and both modules reported their sync.
     */
    public static void assertTablesEqualReferenceSqlAndTruth(
            Connection c, GroundTruth truth, ZoneId zone) throws SQLException {
        // By id first, so that a difference names the records.
        assertThat(MetricRows.query(c, "SELECT id FROM crm_leads"))
                .as("crm_leads ids vs the simulator's live leads")
                .containsExactlyInAnyOrderElementsOf(truth.liveRecords("Leads").keySet());
        assertThat(MetricRows.query(c, "SELECT id FROM crm_deals"))
                .as("crm_deals ids vs the simulator's live deals")
                .containsExactlyInAnyOrderElementsOf(truth.liveRecords("Deals").keySet());
        assertThat(MetricRows.query(c, "SELECT count(*) FROM crm_leads"))
                .containsExactly(String.valueOf(truth.liveRecords("Leads").size()));
        assertThat(MetricRows.query(c, "SELECT count(*) FROM crm_deals"))
                .containsExactly(String.valueOf(truth.liveRecords("Deals").size()));

        List<String> sources =
                MetricRows.query(
                        c,
                        "SELECT lead_source, "
                                + MetricRows.MATRIX_COLUMNS
                                + " FROM lead_source_quality ORDER BY 1");
        assertThat(sources).hasSizeGreaterThan(5);
        assertThat(sources)
                .as("lead_source_quality vs the reference SQL over the mirrors")
                .containsExactlyElementsOf(
                        MetricRows.query(c, MetricRows.referenceMatrixSql("lead_source")));
        assertThat(sources)
                .as("lead_source_quality vs the simulator's truth")
                .containsExactlyElementsOf(
                        MetricRows.truthLeadSourceQuality(truth.leadSourceQuality()));

        List<String> reps =
                MetricRows.query(
                        c,
                        "SELECT owner_id, "
                                + MetricRows.MATRIX_COLUMNS
                                + " FROM rep_pipeline ORDER BY 1");
        assertThat(reps).hasSizeGreaterThan(5);
        assertThat(reps)
                .as("rep_pipeline vs the reference SQL over the mirrors")
                .containsExactlyElementsOf(
                        MetricRows.query(c, MetricRows.referenceMatrixSql("owner_id")));
        assertThat(reps)
                .as("rep_pipeline vs the simulator's truth")
                .containsExactlyElementsOf(MetricRows.truthRepPipeline(truth.repPipeline()));

        assertThat(
                        MetricRows.query(
                                c,
                                "SELECT day, lead_source, "
                                        + MetricRows.DAILY_COLUMNS
                                        + " FROM daily_source_stats ORDER BY 1, 2"))
                .as("daily_source_stats vs the simulator's truth")
                .containsExactlyElementsOf(
                        MetricRows.truthDailySourceStats(truth.dailySourceStats(zone)));
        assertThat(
                        MetricRows.query(
                                c,
                                "SELECT day, owner_id, "
                                        + MetricRows.DAILY_COLUMNS
                                        + " FROM daily_rep_stats ORDER BY 1, 2"))
                .as("daily_rep_stats vs the simulator's truth")
                .containsExactlyElementsOf(
                        MetricRows.truthDailyRepStats(truth.dailyRepStats(zone)));

        assertThat(
                        MetricRows.query(
                                c,
                                "SELECT count(*) FROM crm_deals d WHERE NOT EXISTS (SELECT 1"
                                        + " FROM deal_stage_events e WHERE e.deal_id = d.id"
                                        + " AND e.to_stage = d.stage AND e.changed_at <="
                                        + " d.modified_time)"))
                .as("every deal's current stage was recorded as a stage event")
                .containsExactly("0");
        assertThat(
                        MetricRows.query(
                                c, "SELECT module, records_synced > 0 FROM sync_state ORDER BY 1"))
                .containsExactly("Deals|true", "Leads|true");
    }

    /**
     * docs/METRICS.md section 5, extended to every column: the matrices recomputed from the
     * mirrors.
     */
    static String referenceMatrixSql(String key) {
        String leadKey = key;
        return "WITH l AS (SELECT "
                + leadKey
                + " AS k, count(*) AS leads,"
                + " count(*) FILTER (WHERE status_class = 'junk') AS junk_leads,"
                + " count(*) FILTER (WHERE status_class = 'untouched') AS untouched_leads,"
                + " count(*) FILTER (WHERE status_class = 'attempted') AS attempted_leads,"
                + " count(*) FILTER (WHERE status_class = 'contacted') AS contacted_leads,"
                + " count(*) FILTER (WHERE status_class = 'converted') AS converted_leads"
                + " FROM crm_leads GROUP BY 1),"
                + " d AS (SELECT "
                + key
                + " AS k, count(*) AS deals,"
                + " count(*) FILTER (WHERE stage_class = 'open') AS open_deals,"
                + " count(*) FILTER (WHERE stage_class = 'won') AS won_deals,"
                + " count(*) FILTER (WHERE stage_class = 'lost') AS lost_deals,"
                + " coalesce(sum(amount_home) FILTER (WHERE stage_class = 'open'), 0) AS pipeline_value,"
                + " round(coalesce(sum(amount_home * probability / 100.0) FILTER (WHERE stage_class = 'open'), 0), 2) AS weighted_pipeline,"
                + " coalesce(sum(amount_home) FILTER (WHERE stage_class = 'won'), 0) AS won_value"
                + " FROM crm_deals GROUP BY 1)"
                + " SELECT coalesce(l.k, d.k) AS k, coalesce(leads, 0), coalesce(junk_leads, 0),"
                + " coalesce(untouched_leads, 0), coalesce(attempted_leads, 0),"
                + " coalesce(contacted_leads, 0), coalesce(converted_leads, 0),"
                + " round(junk_leads::numeric / nullif(leads, 0), 4),"
                + " round((contacted_leads + converted_leads)::numeric / nullif(leads, 0), 4),"
                + " round(converted_leads::numeric / nullif(leads, 0), 4),"
                + " coalesce(deals, 0), coalesce(open_deals, 0), coalesce(won_deals, 0),"
                + " coalesce(lost_deals, 0), round(coalesce(pipeline_value, 0), 2),"
                + " round(coalesce(weighted_pipeline, 0), 2), round(coalesce(won_value, 0), 2),"
                + " round(won_deals::numeric / nullif(won_deals + lost_deals, 0), 4)"
                + " FROM l FULL OUTER JOIN d ON l.k = d.k ORDER BY 1";
    }

    public static List<String> query(Connection db, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    row.append(i == 1 ? "" : "|").append(text(value));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    static List<String> truthLeadSourceQuality(List<LeadSourceQualityRow> truth) {
        List<String> rows = new ArrayList<>();
        truth.stream()
                .sorted((a, b) -> a.leadSource().compareTo(b.leadSource()))
                .forEach(r -> rows.add(r.leadSource() + "|" + matrix(r.columns())));
        return rows;
    }

    static List<String> truthRepPipeline(List<RepPipelineRow> truth) {
        List<String> rows = new ArrayList<>();
        truth.stream()
                .sorted((a, b) -> a.ownerId().compareTo(b.ownerId()))
                .forEach(r -> rows.add(r.ownerId() + "|" + matrix(r.columns())));
        return rows;
    }

    static List<String> truthDailySourceStats(List<DailySourceStatsRow> truth) {
        List<String> rows = new ArrayList<>();
        truth.stream()
                .sorted(
                        (a, b) ->
                                a.day().equals(b.day())
                                        ? a.leadSource().compareTo(b.leadSource())
                                        : a.day().compareTo(b.day()))
                .forEach(r -> rows.add(r.day() + "|" + r.leadSource() + "|" + daily(r.columns())));
        return rows;
    }

    static List<String> truthDailyRepStats(List<DailyRepStatsRow> truth) {
        List<String> rows = new ArrayList<>();
        truth.stream()
                .sorted(
                        (a, b) ->
                                a.day().equals(b.day())
                                        ? a.ownerId().compareTo(b.ownerId())
                                        : a.day().compareTo(b.day()))
                .forEach(r -> rows.add(r.day() + "|" + r.ownerId() + "|" + daily(r.columns())));
        return rows;
    }

    private static String matrix(MatrixColumns c) {
        return String.join(
                "|",
                text(c.leads()),
                text(c.junkLeads()),
                text(c.untouchedLeads()),
                text(c.attemptedLeads()),
                text(c.contactedLeads()),
                text(c.convertedLeads()),
                rate(c.junkRate()),
                rate(c.contactRate()),
                rate(c.conversionRate()),
                text(c.deals()),
                text(c.openDeals()),
                text(c.wonDeals()),
                text(c.lostDeals()),
                money(c.pipelineValue()),
                money(c.weightedPipeline()),
                money(c.wonValue()),
                rate(c.winRate()));
    }

    private static String daily(DailyColumns c) {
        return String.join(
                "|",
                text(c.leadsCreated()),
                text(c.junkLeads()),
                text(c.contactedLeads()),
                text(c.convertedLeads()),
                text(c.dealsWon()),
                money(c.wonValue()));
    }

    private static String rate(BigDecimal value) {
        return value == null ? "null" : value.setScale(4).toPlainString();
    }

    private static String money(BigDecimal value) {
        return value == null ? "null" : value.setScale(2).toPlainString();
    }

    private static String text(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value.toString();
    }

    private MetricRows() {}
}
