package io.crmpulse.sinks.outbox;

import java.util.Locale;

/** An alert's severity. Critical alerts bypass grouping and quiet hours. */
public enum Severity {
    CRITICAL,
    WARNING,
    INFO;

    /** The value of {@code notifications.severity} and {@code alerts.severity}. */
    public String sqlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException if {@code value} is not critical, warning or info
     */
    public static Severity parse(String value) {
        for (Severity severity : values()) {
            if (severity.sqlName().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return severity;
            }
        }
        throw new IllegalArgumentException(
                "severity '" + value + "' is not one of: critical, warning, info");
    }
}
