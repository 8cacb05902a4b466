package io.crmpulse.job.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmpulse.job.model.Alert;
import io.crmpulse.sinks.kafka.TopicMessage;
import io.crmpulse.sinks.outbox.OutboxMessage;
import java.time.Instant;
import javax.annotation.Nullable;

/**
 * The messages of the alerts topic ({@code --alerts-topic}), version {@value #VERSION} (README,
 * "Alerts and summaries on a Kafka topic"). Each is a JSON object keyed by its {@code id}:
 *
 * <ul>
 *   <li>an alert: {@code version}, {@code type} {@code "alert"}, {@code id} (the {@code alerts}
 *       row's deterministic {@code alert_id}), {@code rule}, {@code rule_name}, {@code subject},
 *       {@code severity}, {@code fired_at}, {@code window_start}, {@code window_end}, {@code
 *       observed}, {@code expected}, {@code n}, {@code test}, {@code text} (the message as the
 *       WhatsApp text starts) and {@code link} (its dashboard view, or null);
 *   <li>a daily summary: {@code version}, {@code type} {@code "summary"}, {@code id} ({@code
 *       summary:} and the day), {@code day}, {@code created_at} and {@code text} (as sent on
 *       WhatsApp).
 * </ul>
 *
 * <p>Times are ISO-8601 UTC ({@code 2026-12-07T09:30:00Z}). A later version only adds fields; one
 * that changes or removes a field gets a new {@code version}.
 */
public final class AlertsTopicMessages {

    /** The shape's version, in every message. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertsTopicMessages() {}

    /**
     * @param link the alert's view on the dashboard, or null
     */
    public static TopicMessage alert(Alert alert, @Nullable String link) {
        ObjectNode json = JSON.createObjectNode();
        json.put("version", VERSION);
        json.put("type", "alert");
        json.put("id", alert.getAlertId());
        json.put("rule", alert.getRule());
        json.put("rule_name", Alert.nameOf(alert.getRule()));
        json.put("subject", alert.getSubject());
        json.put("severity", alert.getSeverity());
        json.put("fired_at", text(alert.getFiredAt()));
        json.put("window_start", text(alert.getWindowStart()));
        json.put("window_end", text(alert.getWindowEnd()));
        json.put("observed", alert.getObserved());
        json.put("expected", alert.getExpected());
        json.put("n", alert.getN());
        json.put("test", alert.getTest());
        json.put("text", alert.getMessage());
        json.put("link", link);
        return new TopicMessage(alert.getAlertId(), json.toString());
    }

    /** A daily summary as the outbox has it ({@link OutboxMessage#SUMMARY}). */
    public static TopicMessage summary(OutboxMessage summary) {
        String id = "summary:" + summary.getRef();
        ObjectNode json = JSON.createObjectNode();
        json.put("version", VERSION);
        json.put("type", "summary");
        json.put("id", id);
        json.put("day", summary.getRef());
        json.put("created_at", text(summary.getCreatedAt()));
        json.put("text", summary.getBody());
        return new TopicMessage(id, json.toString());
    }

    @Nullable
    private static String text(@Nullable Instant at) {
        return at == null ? null : at.toString();
    }
}
