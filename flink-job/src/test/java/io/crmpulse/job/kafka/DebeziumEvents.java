package io.crmpulse.job.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * Change events as Debezium's PostgreSQL connector writes them with Kafka Connect's JSON converter
 * (docs: debezium.io, "Debezium connector for PostgreSQL", "Data change events"): the envelope
 * alone ({@code schemas.enable=false}) or inside the {@code schema}/{@code payload} wrapper.
 */
public final class DebeziumEvents {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private DebeziumEvents() {}

    /** A row: its columns' values in order, and their Connect schemas (for the wrapper). */
    public static final class Row {
        final ObjectNode values = NODES.objectNode();
        final Map<String, ObjectNode> schemas = new LinkedHashMap<>();

        public Row put(String column, @Nullable Object value, String type, @Nullable String name) {
            values.set(column, value == null ? NODES.nullNode() : JSON.valueToTree(value));
            ObjectNode schema = NODES.objectNode().put("type", type).put("optional", true);
            if (name != null) {
                schema.put("name", name).put("version", 1);
            }
            schema.put("field", column);
            schemas.put(column, schema);
            return this;
        }

        public Row text(String column, @Nullable String value) {
            return put(column, value, "string", null);
        }

        public Row bigint(String column, @Nullable Long value) {
            return put(column, value, "int64", null);
        }

        public Row bool(String column, @Nullable Boolean value) {
            return put(column, value, "boolean", null);
        }

        /** {@code timestamp(6)}: microseconds since the epoch. */
        public Row micros(String column, @Nullable Long value) {
            return put(column, value, "int64", "io.debezium.time.MicroTimestamp");
        }

        /** {@code timestamptz}: ISO-8601 text in UTC. */
        public Row zoned(String column, @Nullable String value) {
            return put(column, value, "string", "io.debezium.time.ZonedTimestamp");
        }

        /** {@code date}: days since the epoch. */
        public Row date(String column, @Nullable Integer days) {
            return put(column, days, "int32", "io.debezium.time.Date");
        }

        /** {@code numeric(p, s)} in {@code decimal.handling.mode=precise}: base64 with a scale. */
        public Row decimal(String column, @Nullable BigDecimal value, int scale) {
            put(
                    column,
                    value == null ? null : base64(value.setScale(scale)),
                    "bytes",
                    "org.apache.kafka.connect.data.Decimal");
            schemas.get(column)
                    .putObject("parameters")
                    .put("scale", String.valueOf(scale))
                    .put("connect.decimal.precision", "18");
            return this;
        }

        /** {@code numeric} without a scale: Debezium's VariableScaleDecimal struct. */
        public Row variableDecimal(String column, @Nullable BigDecimal value) {
            ObjectNode struct =
                    value == null
                            ? null
                            : NODES.objectNode()
                                    .put("scale", value.scale())
                                    .put("value", base64(value));
            values.set(column, struct == null ? NODES.nullNode() : struct);
            ObjectNode schema =
                    NODES.objectNode()
                            .put("type", "struct")
                            .put("optional", true)
                            .put("name", "io.debezium.data.VariableScaleDecimal")
                            .put("field", column);
            schemas.put(column, schema);
            return this;
        }

        /** In {@code decimal.handling.mode=double} or {@code string}: a number or its text. */
        public Row number(String column, @Nullable Object value) {
            return put(column, value, value instanceof String ? "string" : "double", null);
        }

        public ObjectNode values() {
            return values;
        }
    }

    /** A decimal's unscaled value in two's complement, big-endian, in base64. */
    public static String base64(BigDecimal value) {
        return Base64.getEncoder().encodeToString(value.unscaledValue().toByteArray());
    }

    /**
     * A change event.
     *
     * @param op c, u, d, r or t
     * @param before the row before, or null
     * @param after the row after, or null
     * @param sourceTsMs when the database made the change
     * @param withSchema with the {@code schema}/{@code payload} wrapper
     */
    public static String event(
            String op,
            @Nullable Row before,
            @Nullable Row after,
            long sourceTsMs,
            String table,
            boolean withSchema) {
        ObjectNode payload = NODES.objectNode();
        payload.set("before", before == null ? NODES.nullNode() : before.values);
        payload.set("after", after == null ? NODES.nullNode() : after.values);
        payload.putObject("source")
                .put("version", "2.7.3.Final")
                .put("connector", "postgresql")
                .put("name", "crm")
                .put("ts_ms", sourceTsMs)
                .put("snapshot", op.equals("r") ? "true" : "false")
                .put("db", "crm")
                .put("schema", "public")
                .put("table", table)
                .put("txId", 780)
                .put("lsn", 24023128L);
        payload.put("op", op);
        payload.put("ts_ms", sourceTsMs + 7);
        if (!withSchema) {
            return payload.toString();
        }
        Row shape = after != null ? after : before;
        ObjectNode schema = NODES.objectNode().put("type", "struct");
        ArrayNode fields = schema.putArray("fields");
        for (String side : new String[] {"before", "after"}) {
            ObjectNode rowSchema =
                    fields.addObject()
                            .put("type", "struct")
                            .put("optional", true)
                            .put("name", "crm.public." + table + ".Value")
                            .put("field", side);
            ArrayNode columns = rowSchema.putArray("fields");
            if (shape != null) {
                shape.schemas.values().forEach(columns::add);
            }
        }
        fields.addObject()
                .put("type", "struct")
                .put("optional", false)
                .put("name", "io.debezium.connector.postgresql.Source")
                .put("field", "source");
        fields.addObject().put("type", "string").put("optional", false).put("field", "op");
        fields.addObject().put("type", "int64").put("optional", true).put("field", "ts_ms");
        schema.put("optional", false).put("name", "crm.public." + table + ".Envelope");
        ObjectNode wrapped = NODES.objectNode();
        wrapped.set("schema", schema);
        wrapped.set("payload", payload);
        return wrapped.toString();
    }

    /** The message key of a row whose primary key is {@code id}. */
    public static String key(JsonNode id, boolean withSchema) {
        ObjectNode payload = NODES.objectNode();
        payload.set("id", id);
        if (!withSchema) {
            return payload.toString();
        }
        ObjectNode wrapped = NODES.objectNode();
        ObjectNode schema = wrapped.putObject("schema").put("type", "struct");
        schema.putArray("fields")
                .addObject()
                .put("type", id.isNumber() ? "int64" : "string")
                .put("optional", false)
                .put("field", "id");
        wrapped.set("payload", payload);
        return wrapped.toString();
    }
}
