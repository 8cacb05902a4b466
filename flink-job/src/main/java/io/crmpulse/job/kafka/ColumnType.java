package io.crmpulse.job.kafka;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a column's value is encoded in the change events. {@link #AUTO} reads the Debezium schema of
 * an event that carries one (the {@code schema} wrapper of the JSON converter with {@code
 * schemas.enable=true}), and otherwise the JSON value itself; the others say what a schemaless
 * event cannot.
 */
public enum ColumnType {
    /**
     * From the event's schema, else from the value: text is an ISO-8601 date-time or date, or a
     * decimal; a number is a decimal, or a date's days since 1970-01-01. A date-time sent as a bare
     * number needs {@link #EPOCH_MS}, {@link #EPOCH_US} or {@link #EPOCH_NS}.
     */
    AUTO("auto"),
    /** ISO-8601 text; a date-time without an offset is UTC, as Debezium writes one. */
    ISO("iso"),
    /** Milliseconds since 1970-01-01 UTC ({@code io.debezium.time.Timestamp}). */
    EPOCH_MS("epoch_ms"),
    /** Microseconds since 1970-01-01 UTC ({@code io.debezium.time.MicroTimestamp}). */
    EPOCH_US("epoch_us"),
    /** Nanoseconds since 1970-01-01 UTC ({@code io.debezium.time.NanoTimestamp}). */
    EPOCH_NS("epoch_ns"),
    /** Days since 1970-01-01 ({@code io.debezium.time.Date}). */
    EPOCH_DAYS("epoch_days"),
    /**
     * Debezium's {@code decimal.handling.mode=precise}: the unscaled value's two's-complement
     * bytes, big-endian, in base64; the scale is the column's {@code scale}.
     */
    DECIMAL_BASE64("decimal_base64");

    private final String yaml;

    ColumnType(String yaml) {
        this.yaml = yaml;
    }

    /** Its name in {@code pulse.yaml}. */
    public String yaml() {
        return yaml;
    }

    public static Optional<ColumnType> of(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.yaml.equals(wanted)).findFirst();
    }
}
