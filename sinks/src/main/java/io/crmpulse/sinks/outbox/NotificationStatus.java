package io.crmpulse.sinks.outbox;

import java.util.Locale;

/** The life of an outbox row; {@code sql/postgres/V5__notifications.sql} explains each. */
public enum NotificationStatus {
    PENDING,
    SENDING,
    SENT,
    DELIVERED,
    READ,
    FAILED,
    UNDELIVERED,
    DRY_RUN,
    CAPPED;

    public String sqlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NotificationStatus parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
