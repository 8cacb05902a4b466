package io.crmpulse.dashboard.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.summary.DailyNumbers;
import io.crmpulse.job.summary.DailyNumbersQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The numbers behind each panel of the dashboard, as the JSON of {@code /api/v1/} (README, "The
 * dashboard's API"). Each answer reads one snapshot of the database in a read-only transaction and
 * carries its time as {@code as_of}: the database's clock when the snapshot was taken, so "today"
 * and the views' {@code now()} agree with it.
 *
 * <p>It reads only what {@code pulse_reader} may read: the metrics tables and the {@code v_*}
 * views, never the per-lead and per-deal mirrors.
 *
 * <p>Every object that carries numbers carries their texts too, under {@code display}, written by
 * the one {@link DisplayFormat} of alerts and summary ({@link Displays}).
 */
public final class DashboardApi {

    /** The windows of the source-quality matrix, in days: the views {@code v_source_quality_*d}. */
    public static final List<Integer> SOURCE_WINDOWS = List.of(7, 30);

    /** The trend ranges: at least a week, at most a quarter of days; 30 by default. */
    public static final int TREND_DAYS_MIN = 7;

    public static final int TREND_DAYS_MAX = 90;
    public static final int TREND_DAYS_DEFAULT = 30;

    /** The alert ranges: today, and the 7 local days that end today. */
    public enum AlertRange {
        TODAY(0),
        WEEK(6);

        private final int daysBefore;

        AlertRange(int daysBefore) {
            this.daysBefore = daysBefore;
        }
    }

    private final DataSource database;
    private final ZoneId zone;
    private final Displays displays;
    private final ObjectMapper mapper;

    /**
     * @param database connections as {@code pulse_reader}
     * @param zone the business timezone ({@code PULSE_TIMEZONE}): the days of "today" and "week"
     * @param format how numbers are written ({@code PULSE_CURRENCY})
     */
    public DashboardApi(DataSource database, ZoneId zone, DisplayFormat format) {
        this.database = Objects.requireNonNull(database, "database");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.displays = new Displays(format);
        this.mapper =
                JsonMapper.builder()
                        // Money and rates stay exact: 1250000.40, not 1250000.4 or 1.2500004E6.
                        .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                        .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                        .build();
    }

    /** The mapper that writes the answers as text. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * {@code sources}: the source-quality matrix over the last {@code windowDays} days of {@code
     * PULSE_TIMEZONE}, most leads first.
     */
    public ObjectNode sources(int windowDays) throws SQLException {
        if (!SOURCE_WINDOWS.contains(windowDays)) {
            throw new IllegalArgumentException("window " + windowDays);
        }
        return read(
                (c, answer) -> {
                    answer.put("window_days", windowDays);
                    answer.set(
                            "sources",
                            displays.addToEach(
                                    rows(
                                            c,
                                            "SELECT * FROM v_source_quality_"
                                                    + windowDays
                                                    + "d ORDER BY leads DESC, lead_source")));
                });
    }

    /** {@code reps}: the pipeline leaderboard, by won value, with each rep's untouched leads. */
    public ObjectNode reps() throws SQLException {
        return read(
                (c, answer) ->
                        answer.set(
                                "reps",
                                displays.addToEach(rows(c, "SELECT * FROM v_rep_leaderboard"))));
    }

    /**
     * {@code alerts}: the alerts fired in {@code range} (days of {@code PULSE_TIMEZONE}), newest
     * first, each with the delivery status of its WhatsApp messages (status to count).
     */
    public ObjectNode alerts(AlertRange range) throws SQLException {
        return read(
                (c, answer) -> {
                    answer.put("range", range.name().toLowerCase(Locale.ROOT));
                    try (PreparedStatement s =
                            c.prepareStatement(
                                    "WITH bounds AS (SELECT (date_trunc('day', now() AT TIME ZONE"
                                            + " ?) - ? * interval '1 day') AT TIME ZONE ? AS"
                                            + " starts_at)\n"
                                            + ALERT_COLUMNS
                                            + "FROM alerts a JOIN bounds b ON a.fired_at >="
                                            + " b.starts_at\n"
                                            + "ORDER BY a.fired_at DESC, a.alert_id")) {
                        s.setString(1, zone.getId());
                        s.setInt(2, range.daysBefore);
                        s.setString(3, zone.getId());
                        try (ResultSet rs = s.executeQuery()) {
                            answer.set("alerts", displays.addToEachAlert(JsonRows.all(rs, mapper)));
                        }
                    }
                });
    }

    /**
     * {@code alerts/{alert_id}}: one alert as {@link #alerts} lists it, with its evidence ({@code
     * test}, {@code details}) and delivery; empty when there is no such alert.
     */
    public Optional<ObjectNode> alert(String alertId) throws SQLException {
        ObjectNode answer =
                read(
                        (c, a) -> {
                            try (PreparedStatement s =
                                    c.prepareStatement(
                                            ALERT_COLUMNS + "FROM alerts a WHERE a.alert_id = ?")) {
                                s.setString(1, alertId);
                                try (ResultSet rs = s.executeQuery()) {
                                    ArrayNode rows = JsonRows.all(rs, mapper);
                                    a.set(
                                            "alert",
                                            rows.isEmpty()
                                                    ? mapper.nullNode()
                                                    : displays.addToAlert(
                                                            (ObjectNode) rows.get(0)));
                                }
                            }
                        });
        return answer.get("alert").isNull() ? Optional.empty() : Optional.of(answer);
    }

    /**
     * An alert's row and its WhatsApp delivery, status to messages, from {@code v_notifications}
     * (whose index on kind and ref makes it a look-up per alert).
     */
    private static final String ALERT_COLUMNS =
            "SELECT a.alert_id, a.rule, a.subject, a.severity, a.observed, a.expected, a.message,"
                    + " a.fired_at, a.window_start, a.window_end, a.n, a.test, a.details,\n"
                    + "       (SELECT coalesce(jsonb_object_agg(d.status, d.messages), '{}')\n"
                    + "        FROM (SELECT status, count(*) AS messages FROM v_notifications\n"
                    + "              WHERE kind = 'alert' AND ref = a.alert_id GROUP BY status) d)"
                    + " AS delivery\n";

    /**
     * {@code freshness}: per CRM module, the last poll and the lag; {@code stale} is true when a
     * module is stale or no poll was ever recorded.
     */
    public ObjectNode freshness() throws SQLException {
        return read(
                (c, answer) -> {
                    ArrayNode modules = displays.addToEach(rows(c, "SELECT * FROM v_freshness"));
                    boolean stale = modules.isEmpty();
                    for (var module : modules) {
                        stale |= !"fresh".equals(module.path("status").asText());
                    }
                    answer.put("stale", stale);
                    answer.set("modules", modules);
                });
    }

    /**
     * {@code summary}: the latest daily summary, or null before the first; {@code marks} says where
     * its facts are in {@code dashboard_report} (null for a summary written before they were kept).
     */
    public ObjectNode summary() throws SQLException {
        return read(
                (c, answer) -> {
                    ArrayNode latest =
                            rows(
                                    c,
                                    "SELECT day, status, dashboard_report, whatsapp_report, facts,"
                                            + " dashboard_marks AS marks, model, created_at"
                                            + " FROM ai_summaries ORDER BY day DESC LIMIT 1");
                    answer.set("summary", latest.isEmpty() ? mapper.nullNode() : latest.get(0));
                });
    }

    /**
     * {@code today}: the KPI cards of today in {@code PULSE_TIMEZONE}, computed by the daily
     * summary's own query ({@link DailyNumbersQuery}), so the page and the summary cannot disagree;
     * {@code open_pipeline_change} is the open pipeline against yesterday's summary, null without
     * one.
     */
    public ObjectNode today() throws SQLException {
        return read(
                (c, answer) -> {
                    Instant asOf = Instant.parse(answer.get("as_of").asText());
                    DailyNumbers n =
                            new DailyNumbersQuery(zone).numbers(c, LocalDate.ofInstant(asOf, zone));
                    answer.put("currency", displays.currency());
                    answer.put("day", n.day().toString());
                    answer.put("leads", n.leadsCreated());
                    answer.put("junk_rate", n.junkRateToday());
                    answer.put("junk_rate_7d_avg", n.junkRate7dAvg());
                    answer.put("conversion_rate", n.conversionRateToday());
                    answer.put("conversion_rate_7d_avg", n.conversionRate7dAvg());
                    answer.put("deals_won", n.dealsWon());
                    answer.put("won_value", n.wonValue());
                    answer.put("open_pipeline", n.openPipeline());
                    answer.put("open_pipeline_yesterday", n.openPipelineYesterday());
                    answer.put(
                            "open_pipeline_change",
                            n.openPipelineYesterday() == null
                                    ? null
                                    : n.openPipeline().subtract(n.openPipelineYesterday()));
                    ArrayNode sources = answer.putArray("top_sources");
                    for (DailyNumbers.NamedCount s : n.topSources()) {
                        displays.add(
                                sources.addObject()
                                        .put("lead_source", s.name())
                                        .put("leads", s.count()));
                    }
                    displays.add(answer);
                });
    }

    /**
     * {@code trends}: per lead source and in total, the leads created, their junk rate (null on a
     * day without leads) and the leads converted on each of the last {@code days} days of {@code
     * daily_source_stats} (days of {@code PULSE_TIMEZONE}, its calendar dates as docs/METRICS.md
     * section 3 defines the business day, the last one today), every day even without a row; the
     * sources with the most leads over the range first.
     */
    public ObjectNode trends(int days) throws SQLException {
        if (days < TREND_DAYS_MIN || days > TREND_DAYS_MAX) {
            throw new IllegalArgumentException("days " + days);
        }
        return read(
                (c, answer) -> {
                    LocalDate last =
                            LocalDate.ofInstant(Instant.parse(answer.get("as_of").asText()), zone);
                    LocalDate first = last.minusDays(days - 1L);
                    ArrayNode dayList = answer.putArray("days");
                    first.datesUntil(last.plusDays(1)).forEach(d -> dayList.add(d.toString()));
                    ArrayNode sources = answer.putArray("sources");
                    try (PreparedStatement s = c.prepareStatement(TRENDS_BY_SOURCE)) {
                        s.setObject(1, first);
                        s.setObject(2, last);
                        try (ResultSet rs = s.executeQuery()) {
                            ObjectNode series = null;
                            while (rs.next()) {
                                String source = rs.getString("lead_source");
                                if (series == null
                                        || !series.get("lead_source").asText().equals(source)) {
                                    series = sources.addObject().put("lead_source", source);
                                    series.putArray("leads");
                                    series.putArray("junk_rate");
                                    series.putArray("converted");
                                }
                                addTrendPoint(series, rs);
                            }
                        }
                    }
                    sources.forEach(series -> displays.add((ObjectNode) series));
                    ObjectNode total = answer.putObject("total");
                    total.putArray("leads");
                    total.putArray("junk_rate");
                    total.putArray("converted");
                    try (PreparedStatement s = c.prepareStatement(TRENDS_TOTAL)) {
                        s.setObject(1, first);
                        s.setObject(2, last);
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                addTrendPoint(total, rs);
                            }
                        }
                    }
                    displays.add(total);
                });
    }

    /** The days of the range, ?1 to ?2, with what daily_source_stats has of them. */
    private static final String TRENDS_RANGE =
            "WITH days AS (SELECT d::date AS day FROM generate_series(?::date, ?::date, interval"
                    + " '1 day') d),\n"
                    + "stats AS (SELECT s.* FROM daily_source_stats s\n"
                    + "          WHERE s.day BETWEEN (SELECT min(day) FROM days)"
                    + " AND (SELECT max(day) FROM days))\n";

    /** Rates as the tables round them (docs/METRICS.md): 4 decimals, null when nothing to count. */
    private static final String TRENDS_BY_SOURCE =
            TRENDS_RANGE
                    + "SELECT r.lead_source, d.day, coalesce(t.leads_created, 0) AS leads,\n"
                    + "       round(t.junk_leads::numeric / nullif(t.leads_created, 0), 4) AS"
                    + " junk_rate,\n"
                    + "       coalesce(t.converted_leads, 0) AS converted\n"
                    + "FROM (SELECT lead_source, sum(leads_created) AS leads FROM stats"
                    + " GROUP BY lead_source) r\n"
                    + "CROSS JOIN days d\n"
                    + "LEFT JOIN stats t ON t.lead_source = r.lead_source AND t.day = d.day\n"
                    + "ORDER BY r.leads DESC, r.lead_source, d.day";

    private static final String TRENDS_TOTAL =
            TRENDS_RANGE
                    + "SELECT d.day, coalesce(sum(t.leads_created), 0) AS leads,\n"
                    + "       round(sum(t.junk_leads)::numeric / nullif(sum(t.leads_created), 0),"
                    + " 4) AS junk_rate,\n"
                    + "       coalesce(sum(t.converted_leads), 0) AS converted\n"
                    + "FROM days d LEFT JOIN stats t ON t.day = d.day\n"
                    + "GROUP BY d.day ORDER BY d.day";

    private static void addTrendPoint(ObjectNode series, ResultSet rs) throws SQLException {
        ((ArrayNode) series.get("leads")).add(rs.getLong("leads"));
        ((ArrayNode) series.get("junk_rate")).add(rs.getBigDecimal("junk_rate"));
        ((ArrayNode) series.get("converted")).add(rs.getLong("converted"));
    }

    private ArrayNode rows(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            return JsonRows.all(rs, mapper);
        }
    }

    private interface Reader {
        void read(Connection c, ObjectNode answer) throws SQLException;
    }

    /** One consistent snapshot: every query of an answer sees the same rows and the same now(). */
    private ObjectNode read(Reader reader) throws SQLException {
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                ObjectNode answer = mapper.createObjectNode();
                try (PreparedStatement s = c.prepareStatement("SELECT now()");
                        ResultSet rs = s.executeQuery()) {
                    rs.next();
                    answer.put(
                            "as_of", rs.getObject(1, OffsetDateTime.class).toInstant().toString());
                }
                reader.read(c, answer);
                return answer;
            } finally {
                c.rollback();
            }
        }
    }
}
