package io.crmpulse.sinks.outbox;

import java.time.Instant;

/** Notification rows for unit tests. */
final class Rows {

    static final String RECIPIENT = "whatsapp:+919876543210";

    private Rows() {}

    static NotificationRow alert(String id, Severity severity, String body, Instant createdAt) {
        return new NotificationRow(
                NotificationRow.alertKey(id, RECIPIENT),
                NotificationKind.ALERT,
                id,
                RECIPIENT,
                severity,
                body,
                NotificationStatus.PENDING,
                null,
                null,
                0,
                null,
                null,
                createdAt,
                null,
                createdAt,
                null);
    }

    static NotificationRow summary(String day, String body, Instant createdAt) {
        return new NotificationRow(
                NotificationRow.summaryKey(day, RECIPIENT),
                NotificationKind.SUMMARY,
                day,
                RECIPIENT,
                null,
                body,
                NotificationStatus.PENDING,
                null,
                null,
                0,
                null,
                null,
                createdAt,
                null,
                createdAt,
                null);
    }
}
