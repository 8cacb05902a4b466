package io.crmpulse.sinks.outbox;

import java.util.Locale;

/** What a notification carries: one alert, or the daily summary of one day. */
public enum NotificationKind {
    ALERT,
    SUMMARY;

    /** The value of {@code notifications.kind}. */
    public String sqlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException if {@code value} is not alert or summary
     */
    public static NotificationKind parse(String value) {
        for (NotificationKind kind : values()) {
            if (kind.sqlName().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "notification kind '" + value + "' is not one of: alert, summary");
    }
}
