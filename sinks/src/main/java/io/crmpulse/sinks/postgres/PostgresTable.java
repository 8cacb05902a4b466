package io.crmpulse.sinks.postgres;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * A PostgreSQL table as a Flink SQL sink sees it: its columns, their Flink types and its primary
 * key; it turns Flink rows into JDBC values and binds them to an upsert or a delete by key.
 *
 * <p>Times are instants: {@code TIMESTAMP_LTZ} columns, bound as an {@link OffsetDateTime} in UTC,
 * which pgjdbc sends as a {@code timestamptz} without converting through any time zone. A zone-less
 * {@code TIMESTAMP} column is refused: the JVM's or the session's zone would decide its instant,
 * and a wall-clock time in a DST fall-back hour names two.
 */
public final class PostgresTable implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final List<String> columns;
    private final List<LogicalType> types;
    private final int[] keyIndexes;

    /**
     * @throws IllegalArgumentException for a column type this sink cannot write, or no key
     */
    public PostgresTable(
            String name, List<String> columns, List<LogicalType> types, List<String> key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException(
                    "Table "
                            + name
                            + " needs a PRIMARY KEY (...) NOT ENFORCED: every write is an upsert"
                            + " by key");
        }
        this.name = name;
        this.columns = List.copyOf(columns);
        this.types = List.copyOf(types);
        this.keyIndexes = key.stream().mapToInt(this.columns::indexOf).toArray();
        for (int i = 0; i < this.types.size(); i++) {
            sqlType(this.columns.get(i), this.types.get(i));
        }
    }

    public String name() {
        return name;
    }

    List<String> columns() {
        return columns;
    }

    /** The row's column values as JDBC values (String, Boolean, Integer, Long, Instant, ...). */
    public Object[] values(RowData row) {
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = row.isNullAt(i) ? null : value(row, i, types.get(i));
        }
        return values;
    }

    /** The primary key's values, for equality. */
    public List<Object> key(Object[] values) {
        List<Object> key = new ArrayList<>(keyIndexes.length);
        for (int i : keyIndexes) {
            key.add(values[i]);
        }
        return key;
    }

    /** {@code INSERT ... ON CONFLICT (key) DO UPDATE SET} every other column. */
    public String upsertSql() {
        String keys =
                keyColumns().stream().map(PostgresTable::quote).collect(Collectors.joining(", "));
        List<String> others = columns.stream().filter(c -> !keyColumns().contains(c)).toList();
        return "INSERT INTO "
                + quote(name)
                + " ("
                + columns.stream().map(PostgresTable::quote).collect(Collectors.joining(", "))
                + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", "))
                + ") ON CONFLICT ("
                + keys
                + ") DO "
                + (others.isEmpty()
                        ? "NOTHING"
                        : "UPDATE SET "
                                + others.stream()
                                        .map(c -> quote(c) + " = EXCLUDED." + quote(c))
                                        .collect(Collectors.joining(", ")));
    }

    /** {@code DELETE ... WHERE} each key column {@code = ?}. */
    public String deleteSql() {
        return "DELETE FROM "
                + quote(name)
                + " WHERE "
                + keyColumns().stream()
                        .map(c -> quote(c) + " = ?")
                        .collect(Collectors.joining(" AND "));
    }

    public void bindUpsert(PreparedStatement statement, Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            bind(statement, i + 1, values[i], i);
        }
    }

    public void bindDelete(PreparedStatement statement, Object[] values) throws SQLException {
        for (int k = 0; k < keyIndexes.length; k++) {
            bind(statement, k + 1, values[keyIndexes[k]], keyIndexes[k]);
        }
    }

    private void bind(PreparedStatement statement, int parameter, Object value, int column)
            throws SQLException {
        if (value == null) {
            statement.setNull(parameter, sqlType(columns.get(column), types.get(column)));
        } else if (value instanceof Instant instant) {
            statement.setObject(parameter, instant.atOffset(ZoneOffset.UTC));
        } else if (value instanceof LocalDateTime time) {
            // Only in a batch restored from a checkpoint of a version before TIMESTAMP_LTZ: bound
            // as that version bound it, in the JVM's zone that its SQL cast the instant to.
            statement.setTimestamp(parameter, Timestamp.valueOf(time));
        } else if (value instanceof LocalDate day) {
            statement.setObject(parameter, day, Types.DATE);
        } else {
            statement.setObject(parameter, value);
        }
    }

    List<String> keyColumns() {
        return IntStream.of(keyIndexes).mapToObj(columns::get).toList();
    }

    private static Object value(RowData row, int i, LogicalType type) {
        switch (type.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                return row.getString(i).toString();
            case BOOLEAN:
                return row.getBoolean(i);
            case INTEGER:
                return row.getInt(i);
            case BIGINT:
                return row.getLong(i);
            case DOUBLE:
                return row.getDouble(i);
            case DECIMAL:
                DecimalType decimal = (DecimalType) type;
                return row.getDecimal(i, decimal.getPrecision(), decimal.getScale()).toBigDecimal();
            case DATE:
                return LocalDate.ofEpochDay(row.getInt(i));
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return row.getTimestamp(i, ((LocalZonedTimestampType) type).getPrecision())
                        .toInstant();
            default:
                throw new IllegalStateException("unsupported type " + type);
        }
    }

    private static int sqlType(String column, LogicalType type) {
        switch (type.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                return Types.VARCHAR;
            case BOOLEAN:
                return Types.BOOLEAN;
            case INTEGER:
                return Types.INTEGER;
            case BIGINT:
                return Types.BIGINT;
            case DOUBLE:
                return Types.DOUBLE;
            case DECIMAL:
                return Types.NUMERIC;
            case DATE:
                return Types.DATE;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return Types.TIMESTAMP_WITH_TIMEZONE;
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                throw new IllegalArgumentException(
                        "Column "
                                + column
                                + " has type "
                                + type
                                + ", a time without a zone; declare it TIMESTAMP_LTZ(3), an"
                                + " instant, so that no JVM or session time zone decides which"
                                + " instant it is");
            default:
                throw new IllegalArgumentException(
                        "Column "
                                + column
                                + " has type "
                                + type
                                + "; the PostgreSQL sink writes STRING, BOOLEAN, INT, BIGINT,"
                                + " DOUBLE, DECIMAL, DATE and TIMESTAMP_LTZ");
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
