package io.crmpulse.job.summary;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.annotation.Nullable;

/**
 * Computes a business day's {@link DailyNumbers} (docs/METRICS.md 6) with SQL over the tables the
 * job keeps: {@code daily_source_stats} for the day's leads, rates and wins, {@code
 * lead_source_quality} for the open pipeline, {@code rep_pipeline} for the reps' untouched leads,
 * {@code alerts} and {@code v_notifications} for the alerts fired and capped, and yesterday's
 * {@code ai_summaries} row for the pipeline's change. It reads aggregates and rep names only, never
 * a lead's row.
 *
 * <p>Everything it reads is readable by {@code pulse_reader} (README, "The reader role"), so the
 * dashboard runs this same query for its "today" cards and the page cannot disagree with the
 * summary.
 *
 * <ul>
 *   <li>Rates are pooled (junk leads / leads created), rounded to 4 decimals half up as in the
 *       tables; the trailing 7-day average pools the 7 days before {@code day}.
 *   <li>"Open pipeline yesterday" is the value yesterday's summary stated: the table holds the
 *       pipeline as it is now, not as it was, and the CEO compares with what they were told. Null
 *       (no change stated) when there is no summary of yesterday.
 *   <li>Alerts fired and capped count those whose time falls on {@code day} in {@code zone}; a
 *       capped alert counts once, whatever its recipients.
 * </ul>
 */
public final class DailyNumbersQuery {

    static final int TRAILING_DAYS = 7;
    static final String UNASSIGNED = "(unassigned)";

    private final ZoneId zone;

    /**
     * @param zone the business timezone ({@code PULSE_TIMEZONE}) the day is taken in
     */
    public DailyNumbersQuery(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    public DailyNumbers numbers(Connection c, LocalDate day) throws SQLException {
        Timestamp start = Timestamp.from(day.atStartOfDay(zone).toInstant());
        Timestamp end = Timestamp.from(day.plusDays(1).atStartOfDay(zone).toInstant());

        long leads = 0;
        long junk = 0;
        long converted = 0;
        long dealsWon = 0;
        BigDecimal wonValue = BigDecimal.ZERO;
        try (PreparedStatement s =
                c.prepareStatement(
                        "SELECT coalesce(sum(leads_created), 0), coalesce(sum(junk_leads), 0),"
                                + " coalesce(sum(converted_leads), 0), coalesce(sum(deals_won), 0),"
                                + " coalesce(sum(won_value), 0)"
                                + " FROM daily_source_stats WHERE day = ?")) {
            s.setDate(1, Date.valueOf(day));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                leads = rs.getLong(1);
                junk = rs.getLong(2);
                converted = rs.getLong(3);
                dealsWon = rs.getLong(4);
                wonValue = rs.getBigDecimal(5);
            }
        }

        List<DailyNumbers.NamedCount> topSources = new ArrayList<>();
        try (PreparedStatement s =
                c.prepareStatement(
                        "SELECT lead_source, leads_created FROM daily_source_stats"
                                + " WHERE day = ? AND leads_created > 0"
                                + " ORDER BY leads_created DESC, lead_source LIMIT ?")) {
            s.setDate(1, Date.valueOf(day));
            s.setInt(2, FactSheet.MAX_SOURCES);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    topSources.add(new DailyNumbers.NamedCount(rs.getString(1), rs.getLong(2)));
                }
            }
        }

        long weekLeads;
        long weekJunk;
        long weekConverted;
        try (PreparedStatement s =
                c.prepareStatement(
                        "SELECT coalesce(sum(leads_created), 0), coalesce(sum(junk_leads), 0),"
                                + " coalesce(sum(converted_leads), 0)"
                                + " FROM daily_source_stats WHERE day >= ? AND day < ?")) {
            s.setDate(1, Date.valueOf(day.minusDays(TRAILING_DAYS)));
            s.setDate(2, Date.valueOf(day));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                weekLeads = rs.getLong(1);
                weekJunk = rs.getLong(2);
                weekConverted = rs.getLong(3);
            }
        }

        BigDecimal openPipeline;
        try (PreparedStatement s =
                        c.prepareStatement(
                                // Every deal has a lead_source, so the matrix's rows add up
                                // to every open deal.
                                "SELECT coalesce(sum(pipeline_value), 0)"
                                        + " FROM lead_source_quality");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            openPipeline = rs.getBigDecimal(1);
        }

        BigDecimal openPipelineYesterday = null;
        try (PreparedStatement s =
                c.prepareStatement(
                        "SELECT f ->> 'value' FROM ai_summaries,"
                                + " jsonb_array_elements(facts -> 'facts') AS f"
                                + " WHERE day = ? AND f ->> 'id' = ?")) {
            s.setDate(1, Date.valueOf(day.minusDays(1)));
            s.setString(2, FactSheet.OPEN_PIPELINE);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && rs.getString(1) != null) {
                    openPipelineYesterday = new BigDecimal(rs.getString(1));
                }
            }
        }

        List<DailyNumbers.NamedCount> reps = new ArrayList<>();
        try (PreparedStatement s =
                c.prepareStatement(
                        "SELECT owner_name, untouched_leads FROM rep_pipeline"
                                + " WHERE untouched_leads > 0 AND owner_id <> ?"
                                + " ORDER BY untouched_leads DESC, owner_name LIMIT ?")) {
            s.setString(1, UNASSIGNED);
            s.setInt(2, FactSheet.MAX_REPS);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    reps.add(new DailyNumbers.NamedCount(rs.getString(1), rs.getLong(2)));
                }
            }
        }

        Map<String, Integer> alertsByRule = new LinkedHashMap<>();
        try (PreparedStatement s =
                c.prepareStatement(
                        "SELECT rule, count(*) FROM alerts WHERE fired_at >= ? AND fired_at < ?"
                                + " GROUP BY rule ORDER BY rule")) {
            s.setTimestamp(1, start);
            s.setTimestamp(2, end);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    alertsByRule.put(rs.getString(1), rs.getInt(2));
                }
            }
        }

        int capped;
        try (PreparedStatement s =
                c.prepareStatement(
                        "SELECT count(DISTINCT ref) FROM v_notifications WHERE kind = 'alert'"
                                + " AND status = 'capped' AND created_at >= ? AND created_at < ?")) {
            s.setTimestamp(1, start);
            s.setTimestamp(2, end);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                capped = rs.getInt(1);
            }
        }

        return new DailyNumbers(
                day,
                leads,
                topSources,
                rate(junk, leads),
                rate(weekJunk, weekLeads),
                rate(converted, leads),
                rate(weekConverted, weekLeads),
                dealsWon,
                wonValue,
                openPipeline,
                openPipelineYesterday,
                reps,
                alertsByRule,
                capped);
    }

    /** {@code part / whole} to 4 decimals half up, as the tables round; null when whole is 0. */
    @Nullable
    static BigDecimal rate(long part, long whole) {
        if (whole == 0) {
            return null;
        }
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }
}
