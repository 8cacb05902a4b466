package io.crmpulse.dashboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Rows as JSON objects, one field per column under its SQL name: numbers as exact JSON numbers (a
 * {@code numeric(9,4)} rate keeps its 4 decimals), dates as {@code yyyy-mm-dd}, {@code timestamptz}
 * as an ISO-8601 instant in UTC, {@code json}/{@code jsonb} as JSON, SQL null as null.
 */
final class JsonRows {

    private JsonRows() {}

    /** Every remaining row of {@code rs}. */
    static ArrayNode all(ResultSet rs, ObjectMapper mapper) throws SQLException {
        ArrayNode rows = mapper.createArrayNode();
        while (rs.next()) {
            rows.add(current(rs, mapper));
        }
        return rows;
    }

    /** The row {@code rs} is on. */
    static ObjectNode current(ResultSet rs, ObjectMapper mapper) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        ObjectNode row = mapper.createObjectNode();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.set(meta.getColumnLabel(i), value(rs, i, meta, mapper));
        }
        return row;
    }

    private static JsonNode value(ResultSet rs, int i, ResultSetMetaData meta, ObjectMapper mapper)
            throws SQLException {
        JsonNodeFactory nodes = mapper.getNodeFactory();
        if (rs.getObject(i) == null) {
            return nodes.nullNode();
        }
        String type = meta.getColumnTypeName(i);
        switch (meta.getColumnType(i)) {
            case Types.BIGINT:
            case Types.INTEGER:
            case Types.SMALLINT:
                return nodes.numberNode(rs.getLong(i));
            case Types.NUMERIC:
            case Types.DECIMAL:
                return nodes.numberNode(rs.getBigDecimal(i));
            case Types.BIT:
            case Types.BOOLEAN:
                return nodes.booleanNode(rs.getBoolean(i));
            case Types.DATE:
                return nodes.textNode(rs.getObject(i, LocalDate.class).toString());
            case Types.TIMESTAMP:
            case Types.TIMESTAMP_WITH_TIMEZONE:
                if ("timestamptz".equals(type)) {
                    return nodes.textNode(
                            rs.getObject(i, OffsetDateTime.class).toInstant().toString());
                }
                return nodes.textNode(rs.getString(i));
            default:
                if ("json".equals(type) || "jsonb".equals(type)) {
                    try {
                        return mapper.readTree(rs.getString(i));
                    } catch (IOException e) {
                        throw new SQLException("column " + meta.getColumnLabel(i) + ": " + e, e);
                    }
                }
                return nodes.textNode(rs.getString(i));
        }
    }
}
