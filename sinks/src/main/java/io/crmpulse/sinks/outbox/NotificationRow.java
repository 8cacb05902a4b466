package io.crmpulse.sinks.outbox;

import java.time.Instant;
import java.util.Comparator;
import javax.annotation.Nullable;

/** A row of the {@code notifications} table (sql/postgres/V5__notifications.sql). */
public record NotificationRow(
        String dedupKey,
        NotificationKind kind,
        String ref,
        String recipient,
        @Nullable Severity severity,
        String body,
        NotificationStatus status,
        @Nullable String messageId,
        @Nullable String providerId,
        int attempts,
        @Nullable Integer errorCode,
        @Nullable String lastError,
        Instant nextAttemptAt,
        @Nullable Instant lastAttemptAt,
        Instant createdAt,
        @Nullable Instant sentAt) {

    /** Most severe first, then the oldest: the order of alerts within one message. */
    public static final Comparator<NotificationRow> MESSAGE_ORDER =
            Comparator.comparing(
                            (NotificationRow row) ->
                                    row.severity() == null ? Severity.INFO : row.severity())
                    .thenComparing(NotificationRow::createdAt)
                    .thenComparing(NotificationRow::dedupKey);

    /** The row as the planner sees it. */
    public DeliveryPlanner.PendingItem pendingItem() {
        return new DeliveryPlanner.PendingItem(dedupKey, kind, severity, createdAt, nextAttemptAt);
    }

    /** The outbox key of an alert for a recipient. */
    public static String alertKey(String alertId, String recipient) {
        return "alert:" + alertId + ":" + recipient;
    }

    /** The outbox key of a day's summary for a recipient. */
    public static String summaryKey(String day, String recipient) {
        return "summary:" + day + ":" + recipient;
    }
}
