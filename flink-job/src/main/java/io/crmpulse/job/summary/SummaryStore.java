package io.crmpulse.job.summary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.crmpulse.sinks.postgres.PostgresText;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The {@code ai_summaries} table (sql/postgres): one row per business day, written once. A second
 * write of the same day changes nothing, so the row the outbox sends is always the one stored.
 */
public final class SummaryStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the outbox needs of a stored row. */
    public record Stored(LocalDate day, String whatsApp, String status, Instant createdAt) {}

    private SummaryStore() {}

    /**
     * The marks as {@code ai_summaries.dashboard_marks} holds them: {@code [{"start": 15, "end":
     * 30, "fact": "day"}, ...]}. {@link PostgresText#storable} keeps a report's length, so the
     * offsets hold in the stored text too.
     */
    static String marks(List<SummaryRenderer.Mark> marks) {
        ArrayNode array = JSON.createArrayNode();
        for (SummaryRenderer.Mark mark : marks) {
            array.addObject()
                    .put("start", mark.start())
                    .put("end", mark.end())
                    .put("fact", mark.fact());
        }
        return array.toString();
    }

    public static Optional<Stored> find(Connection c, LocalDate day) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement(
                        "SELECT whatsapp_report, status, created_at FROM ai_summaries"
                                + " WHERE day = ?")) {
            s.setDate(1, Date.valueOf(day));
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(
                        new Stored(
                                day,
                                rs.getString(1),
                                rs.getString(2),
                                rs.getTimestamp(3).toInstant()));
            }
        }
    }

    /**
     * Inserts {@code summary} unless its day has a row already.
     *
     * @return whether this call wrote the row
     */
    public static boolean insert(Connection c, DailySummary summary, Instant createdAt)
            throws SQLException {
        ArrayNode reasons = JSON.createArrayNode();
        // A reason may quote what the model wrote; jsonb refuses \u0000 as text refuses NUL.
        summary.verdict().reasons().forEach(r -> reasons.add(PostgresText.storable(r)));
        try (PreparedStatement s =
                c.prepareStatement(
                        "INSERT INTO ai_summaries (day, facts, dashboard_report, whatsapp_report,"
                                + " model, status, verdict_reasons, attempts, latency_ms,"
                                + " prompt_hash, created_at, dashboard_marks)"
                                + " VALUES (?, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?,"
                                + " ?::jsonb)"
                                + " ON CONFLICT (day) DO NOTHING")) {
            s.setDate(1, Date.valueOf(summary.day()));
            s.setString(2, summary.facts().toJson());
            s.setString(3, PostgresText.storable(summary.dashboardMarkdown()));
            s.setString(4, PostgresText.storable(summary.whatsApp()));
            s.setString(5, summary.model());
            s.setString(6, summary.verdict().status().column());
            s.setString(7, reasons.toString());
            s.setInt(8, summary.attempts());
            s.setLong(9, summary.latency().toMillis());
            s.setString(10, summary.promptHash());
            s.setTimestamp(11, Timestamp.from(createdAt));
            s.setString(12, marks(summary.dashboardMarks()));
            return s.executeUpdate() == 1;
        }
    }
}
