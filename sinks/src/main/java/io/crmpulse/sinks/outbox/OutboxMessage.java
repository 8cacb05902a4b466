package io.crmpulse.sinks.outbox;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import javax.annotation.Nullable;

/**
 * One alert or daily summary to deliver over WhatsApp: the input of {@link WhatsAppOutboxSink}. It
 * names no recipient; the sink writes one outbox row for each configured recipient.
 *
 * <p>A Flink POJO (public no-argument constructor, getters and setters), so the job can keep
 * generic types disabled.
 *
 * <ul>
 *   <li>{@code kind}: {@code alert} or {@code summary}
 *   <li>{@code ref}: the alert's deterministic {@code alert_id}, or the summary's business day
 *       ({@code yyyy-mm-dd}); with the recipient it makes the outbox key, so a replay is the same
 *       row
 *   <li>{@code severity}: {@code critical}, {@code warning} or {@code info} for an alert; null for
 *       a summary
 *   <li>{@code body}: the text of this one alert or summary (grouping may combine several alerts
 *       into one message; a longer text is cut to WhatsApp's 1,600 characters)
 *   <li>{@code createdAt}: when the alert fired or the summary was made; the alert's group wait
 *       counts from here (a later time than the writer's clock counts as now)
 * </ul>
 */
public class OutboxMessage {

    public static final String ALERT = "alert";
    public static final String SUMMARY = "summary";

    private String kind;
    private String ref;
    @Nullable private String severity;
    private String body;
    private Instant createdAt;

    public OutboxMessage() {}

    public OutboxMessage(
            String kind, String ref, @Nullable String severity, String body, Instant createdAt) {
        this.kind = kind;
        this.ref = ref;
        this.severity = severity;
        this.body = body;
        this.createdAt = createdAt;
    }

    /** An alert; {@code severity} is critical, warning or info. */
    public static OutboxMessage alert(
            String alertId, String severity, String body, Instant firedAt) {
        return new OutboxMessage(ALERT, alertId, severity, body, firedAt);
    }

    /** The daily summary of {@code day}. */
    public static OutboxMessage summary(LocalDate day, String body, Instant createdAt) {
        return new OutboxMessage(SUMMARY, day.toString(), null, body, createdAt);
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getRef() {
        return ref;
    }

    public void setRef(String ref) {
        this.ref = ref;
    }

    @Nullable
    public String getSeverity() {
        return severity;
    }

    public void setSeverity(@Nullable String severity) {
        this.severity = severity;
    }

    public String getBody() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(Instant createdAt) {
        this.createdAt = createdAt;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof OutboxMessage)) {
            return false;
        }
        OutboxMessage that = (OutboxMessage) o;
        return Objects.equals(kind, that.kind)
                && Objects.equals(ref, that.ref)
                && Objects.equals(severity, that.severity)
                && Objects.equals(body, that.body)
                && Objects.equals(createdAt, that.createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, ref, severity, body, createdAt);
    }

    @Override
    public String toString() {
        return "OutboxMessage{"
                + kind
                + " "
                + ref
                + (severity == null ? "" : " " + severity)
                + ", createdAt="
                + createdAt
                + "}";
    }
}
