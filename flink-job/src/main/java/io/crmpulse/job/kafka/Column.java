package io.crmpulse.job.kafka;

import java.io.Serializable;
import java.util.Objects;
import javax.annotation.Nullable;

/**
 * A column of the CRM's table and how its values are encoded.
 *
 * @param name the column's name in Debezium's {@code before} and {@code after}
 * @param scale the decimal places of a {@link ColumnType#DECIMAL_BASE64} column; null otherwise
 */
public record Column(String name, ColumnType type, @Nullable Integer scale)
        implements Serializable {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if ((type == ColumnType.DECIMAL_BASE64) != (scale != null)) {
            throw new IllegalArgumentException(
                    "a scale goes with the type decimal_base64, and only with it");
        }
    }

    /** A column whose encoding is read from the events ({@link ColumnType#AUTO}). */
    public static Column named(String name) {
        return new Column(name, ColumnType.AUTO, null);
    }
}
