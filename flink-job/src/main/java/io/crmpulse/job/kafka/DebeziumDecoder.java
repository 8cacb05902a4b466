package io.crmpulse.job.kafka;

import static io.crmpulse.job.normalize.RecordNormalizer.show;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmpulse.zoho.model.RecordChange;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * Turns one Debezium change event, as the Kafka Connect JSON converter writes it, into the {@link
 * RecordChange} the Zoho source would emit for the same change: the row's mapped columns become the
 * Zoho fields they stand for ({@link Role}), with date-times as ISO-8601 text and decimals as JSON
 * numbers, so that the one {@link io.crmpulse.job.normalize.RecordNormalizer} judges both sources.
 *
 * <p>It reads the envelope with and without the {@code schema} wrapper ({@code schemas.enable=true}
 * or false): {@code op} {@code c} (insert), {@code u} (update) and {@code r} (snapshot read) upsert
 * the row of {@code after}; {@code d} deletes the row whose id {@code before} (or the message key)
 * holds, at {@code source.ts_ms}. A tombstone (a null value, which follows a delete for log
 * compaction) carries nothing new. A record's time is its mapped {@code modified} column, or {@code
 * source.ts_ms} when there is none.
 *
 * <p>It never throws on a message: one that is not JSON, not a change event, a truncate, or whose
 * mapped columns cannot be read becomes a {@link io.crmpulse.zoho.model.ChangeOp#MALFORMED} change
 * that names every problem and keeps the message as sent, for {@code dead_letters}. Every change
 * names its origin (topic, partition, offset), which a dead letter's reason ends with.
 *
 * <p>Debezium delivers at least once, so after a connector restart a version may come again:
 * upserts are marked as possible replays ({@link RecordChange#isReplay()}), which the
 * latest-version filter drops unless they are newer than what the job has.
 */
public final class DebeziumDecoder implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final DebeziumMapping mapping;

    public DebeziumDecoder(DebeziumMapping mapping) {
        this.mapping = Objects.requireNonNull(mapping, "mapping");
    }

    /** What a message turned out to be. */
    public sealed interface Decoded {}

    /** A change of a mapped table, possibly {@code MALFORMED}. */
    public record Change(RecordChange change) implements Decoded {}

    /** A tombstone: the delete event before it carried the deletion. */
    public record Tombstone() implements Decoded {}

    /**
     * An event of a table no section maps (a topic that carries several tables), or a Debezium
     * message that is not a row's change (a schema change, a heartbeat, a transaction marker).
     */
    public record Skipped(String what) implements Decoded {}

    /**
     * Decodes one message.
     *
     * @param key the message key's bytes, or null
     * @param value the message value's bytes; null for a tombstone
     */
    public Decoded decode(
            String topic,
            int partition,
            long offset,
            @Nullable byte[] key,
            @Nullable byte[] value) {
        String origin = "Kafka topic " + topic + ", partition " + partition + ", offset " + offset;
        if (value == null) {
            return new Tombstone();
        }
        List<TableMapping> candidates = mapping.onTopic(topic);
        if (candidates.isEmpty()) {
            return new Skipped("topic " + topic);
        }
        String text = new String(value, StandardCharsets.UTF_8);
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return malformed(
                    candidates.get(0),
                    null,
                    null,
                    text,
                    at == null
                            ? "the message is not JSON"
                            : "the message is not JSON (line "
                                    + at.getLineNr()
                                    + ", column "
                                    + at.getColumnNr()
                                    + ")",
                    origin);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            // A tombstone's value is null, not empty and not the text null.
            return malformed(
                    candidates.get(0), null, null, text, "the message is empty or null", origin);
        }
        Envelope event = Envelope.of(root);
        if (event.payload == null || event.payload.isNull()) {
            return new Tombstone();
        }
        if (!event.payload.isObject() || !event.payload.path("op").isTextual()) {
            return event.payload.isObject() && event.payload.has("ddl")
                    ? new Skipped("a schema change")
                    : malformed(
                            candidates.get(0),
                            null,
                            null,
                            text,
                            "not a Debezium change event (no op)",
                            origin);
        }
        JsonNode source = event.payload.path("source");
        String sourceTable =
                source.path("table").isTextual() ? source.path("table").asText() : null;
        Optional<TableMapping> found = mapping.find(topic, sourceTable);
        if (found.isEmpty()) {
            return new Skipped("table " + sourceTable + " on topic " + topic);
        }
        TableMapping table = found.get();
        Instant eventTime = eventTime(event.payload);
        String op = event.payload.get("op").asText();
        return switch (op) {
            case "c", "u", "r" -> upsert(table, event, eventTime, text, origin);
            case "d" -> delete(table, event, key, eventTime, text, origin);
            case "t" ->
                    malformed(
                            table,
                            null,
                            eventTime,
                            text,
                            "a truncate of the whole table cannot be applied record by record: delete the"
                                    + " rows instead, or restart the job without its state to read the"
                                    + " table afresh",
                            origin);
            default ->
                    malformed(
                            table,
                            null,
                            eventTime,
                            text,
                            "unknown op " + show(event.payload.get("op")),
                            origin);
        };
    }

    private Decoded upsert(
            TableMapping table,
            Envelope event,
            @Nullable Instant eventTime,
            String text,
            String origin) {
        JsonNode after = event.payload.get("after");
        if (after == null || !after.isObject()) {
            return malformed(
                    table,
                    null,
                    eventTime,
                    text,
                    "op " + event.op() + " without an after row",
                    origin);
        }
        Row row = new Row(table, after, event.columnSchemas("after"));
        String id = row.id();
        ObjectNode fields = NODES.objectNode();
        if (id != null) {
            fields.put("id", id);
        }
        for (Role role : TableMapping.roles(table.module())) {
            if (role == Role.ID) {
                continue;
            }
            Optional<JsonNode> value = row.value(role);
            if (value.isEmpty()) {
                continue;
            }
            JsonNode zoho = value.get();
            if (role == Role.OWNER_ID || role == Role.OWNER_NAME) {
                ObjectNode owner =
                        fields.has("Owner")
                                ? (ObjectNode) fields.get("Owner")
                                : fields.putObject("Owner");
                owner.set(role == Role.OWNER_ID ? "id" : "name", zoho);
            } else {
                fields.set(role.zohoField(), zoho);
            }
        }
        Instant modified = row.modified;
        if (table.column(Role.CONVERTED).isEmpty() && table.column(Role.CONVERTED_AT).isPresent()) {
            // A table that keeps only when a lead was converted: converted when it has a time.
            JsonNode at = fields.get(Role.CONVERTED_AT.zohoField());
            fields.put(Role.CONVERTED.zohoField(), at != null && at.isTextual());
        }
        if (modified == null && table.column(Role.MODIFIED).isEmpty()) {
            modified = eventTime;
            if (modified == null) {
                row.problems.add(
                        "the event has no source.ts_ms nor ts_ms, and no modified column is mapped");
            } else {
                fields.put(Role.MODIFIED.zohoField(), modified.toString());
            }
        }
        if (!row.problems.isEmpty()) {
            return malformed(table, id, modified, text, String.join("; ", row.problems), origin);
        }
        if (modified == null) {
            // The modified column is null or absent in this row: the normalizer says so.
            modified = eventTime;
        }
        RecordChange change = RecordChange.upsert(table.module(), id, modified, fields.toString());
        change.setReplay(true);
        change.setOrigin(origin);
        return new Change(change);
    }

    private Decoded delete(
            TableMapping table,
            Envelope event,
            @Nullable byte[] key,
            @Nullable Instant eventTime,
            String text,
            String origin) {
        JsonNode before = event.payload.get("before");
        String id = null;
        List<String> problems = new ArrayList<>();
        if (before != null && before.isObject()) {
            id = new Row(table, before, event.columnSchemas("before")).id();
        }
        if (id == null && key != null) {
            Envelope keyEvent = Envelope.of(keyTree(key));
            if (keyEvent.payload != null && keyEvent.payload.isObject()) {
                id = new Row(table, keyEvent.payload, keyEvent.keySchemas()).id();
            }
        }
        if (id == null) {
            problems.add(
                    "a delete whose before row and key hold no usable "
                            + table.columns().get(Role.ID).name());
        }
        if (eventTime == null) {
            problems.add("a delete without source.ts_ms nor ts_ms");
        }
        if (!problems.isEmpty()) {
            return malformed(table, id, eventTime, text, String.join("; ", problems), origin);
        }
        // Not a replay: a deletion always passes, whatever the times of the versions before it.
        RecordChange change = RecordChange.delete(table.module(), id, eventTime);
        change.setOrigin(origin);
        return new Change(change);
    }

    private static JsonNode keyTree(byte[] key) {
        try {
            JsonNode tree = JSON.readTree(key);
            return tree == null ? NODES.nullNode() : tree;
        } catch (IOException e) {
            return NODES.nullNode();
        }
    }

    private static Decoded malformed(
            TableMapping table,
            @Nullable String id,
            @Nullable Instant time,
            String text,
            String problem,
            String origin) {
        RecordChange change = RecordChange.malformed(table.module(), id, time, text, problem);
        change.setOrigin(origin);
        return new Change(change);
    }

    /** When the database made the change ({@code source.ts_ms}), else when Debezium read it. */
    @Nullable
    private static Instant eventTime(JsonNode payload) {
        JsonNode ts = payload.path("source").path("ts_ms");
        if (!ts.canConvertToLong()) {
            ts = payload.path("ts_ms");
        }
        return ts.isIntegralNumber() && ts.canConvertToLong()
                ? Instant.ofEpochMilli(ts.longValue())
                : null;
    }

    /**
     * The event: its payload, and the schema of its row fields when the message has the schema
     * wrapper.
     */
    private record Envelope(@Nullable JsonNode payload, @Nullable JsonNode schema) {

        static Envelope of(JsonNode root) {
            if (root != null && root.isObject() && root.has("payload") && root.has("schema")) {
                return new Envelope(root.get("payload"), root.get("schema"));
            }
            return new Envelope(root, null);
        }

        String op() {
            return payload.path("op").asText();
        }

        /** The field schemas of a message key's struct. */
        Map<String, JsonNode> keySchemas() {
            return fieldSchemas(schema);
        }

        /** The field schemas of the row in {@code field} ({@code before} or {@code after}). */
        Map<String, JsonNode> columnSchemas(String field) {
            if (schema != null) {
                for (JsonNode envelopeField : schema.path("fields")) {
                    if (field.equals(envelopeField.path("field").asText())) {
                        return fieldSchemas(envelopeField);
                    }
                }
            }
            return Map.of();
        }

        /** A struct schema's fields by name; none for no schema. */
        private static Map<String, JsonNode> fieldSchemas(@Nullable JsonNode struct) {
            Map<String, JsonNode> out = new HashMap<>();
            if (struct != null) {
                for (JsonNode column : struct.path("fields")) {
                    out.put(column.path("field").asText(), column);
                }
            }
            return out;
        }
    }

    /** One row's mapped values, read into Zoho's shapes; every problem is collected. */
    private static final class Row {

        private final TableMapping table;
        private final JsonNode row;
        private final Map<String, JsonNode> schemas;
        private final List<String> problems = new ArrayList<>();

        /** The modified column's time, once {@link #value} read it. */
        @Nullable private Instant modified;

        Row(TableMapping table, @Nullable JsonNode row, Map<String, JsonNode> schemas) {
            this.table = table;
            this.row = row == null ? NODES.objectNode() : row;
            this.schemas = schemas;
        }

        /** The id as text, or null (with a problem when the column holds something else). */
        @Nullable
        String id() {
            Column column = table.columns().get(Role.ID);
            JsonNode value = row.get(column.name());
            if (value == null || value.isNull()) {
                problems.add("the id column " + column.name() + " is missing");
                return null;
            }
            JsonNode schema = schemas.getOrDefault(column.name(), NODES.missingNode());
            String id = null;
            if (value.isTextual() || value.isIntegralNumber() || isDecimal(schema)) {
                try {
                    id = text(value, schema);
                } catch (Unreadable e) {
                    // the problem below
                }
            }
            if (id == null) {
                problems.add(
                        "the id column "
                                + column.name()
                                + " is not text or a whole number: "
                                + show(value));
                return null;
            }
            id = id.strip();
            if (id.isEmpty()) {
                problems.add("the id column " + column.name() + " is empty");
                return null;
            }
            return id;
        }

        /**
         * The role's value as the Zoho field holds it; empty when the role is not mapped or the row
         * lacks the column; JSON null when the column is null.
         */
        Optional<JsonNode> value(Role role) {
            Optional<Column> mapped = table.column(role);
            if (mapped.isEmpty()) {
                return Optional.empty();
            }
            Column column = mapped.get();
            JsonNode value = row.get(column.name());
            if (value == null) {
                return Optional.empty();
            }
            if (value.isNull()) {
                return Optional.of(value);
            }
            JsonNode schema = schemas.getOrDefault(column.name(), NODES.missingNode());
            try {
                return Optional.of(
                        switch (role.kind()) {
                            case TEXT -> {
                                String text = text(value, schema);
                                yield text == null ? value : NODES.textNode(text);
                            }
                            case BOOLEAN ->
                                    value.isIntegralNumber()
                                                    && (value.asLong() == 0 || value.asLong() == 1)
                                            ? NODES.booleanNode(value.asLong() == 1)
                                            : value;
                            case TIME -> {
                                Instant at = instant(column, value, schema);
                                if (role == Role.MODIFIED) {
                                    modified = at;
                                }
                                yield NODES.textNode(at.toString());
                            }
                            case DATE -> NODES.textNode(date(column, value, schema).toString());
                            case DECIMAL -> NODES.numberNode(decimal(column, value, schema));
                        });
            } catch (Unreadable e) {
                problems.add(
                        "column "
                                + column.name()
                                + " ("
                                + table.module().toLowerCase(Locale.ROOT)
                                + " "
                                + role.key()
                                + ") "
                                + e.getMessage()
                                + ": "
                                + show(value));
                return Optional.empty();
            }
        }
    }

    /** A value its column's type cannot read; the message completes "column X (role) ...". */
    private static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A value of a text role as text: text as it is, a number or a boolean as written, a decimal
     * column's value (a {@code numeric} id, say) as its plain digits; null for anything else, which
     * the normalizer then refuses by name.
     */
    @Nullable
    private static String text(JsonNode value, JsonNode schema) throws Unreadable {
        if (isDecimal(schema)) {
            return decimal(Column.named("id"), value, schema).toPlainString();
        }
        if (value.isTextual()) {
            return value.asText();
        }
        return value.isNumber() || value.isBoolean() ? value.asText() : null;
    }

    private static boolean isDecimal(JsonNode schema) {
        String name = schema.path("name").asText("");
        return name.equals("org.apache.kafka.connect.data.Decimal")
                || name.equals("io.debezium.data.VariableScaleDecimal");
    }

    private static Instant instant(Column column, JsonNode value, JsonNode schema)
            throws Unreadable {
        ColumnType type = column.type();
        if (type == ColumnType.AUTO) {
            type = typeOf(schema, value);
        }
        switch (type) {
            case EPOCH_MS -> {
                return Instant.ofEpochMilli(whole(value, "milliseconds since 1970"));
            }
            case EPOCH_US -> {
                long micros = whole(value, "microseconds since 1970");
                return Instant.ofEpochSecond(
                        Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1000);
            }
            case EPOCH_NS -> {
                long nanos = whole(value, "nanoseconds since 1970");
                return Instant.ofEpochSecond(
                        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
            }
            case EPOCH_DAYS -> {
                return epochDay(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            case ISO -> {
                return isoInstant(value);
            }
            default ->
                    throw new Unreadable(
                            value.isNumber()
                                    ? "is a number: declare its type, epoch_ms, epoch_us or"
                                            + " epoch_ns, or send the schema"
                                    : "is not a date-time");
        }
    }

    /** A date-time's or a date's type, from the column's Debezium schema or else its value. */
    private static ColumnType typeOf(JsonNode schema, JsonNode value) {
        String name = schema.path("name").asText("");
        switch (name) {
            case "io.debezium.time.Timestamp", "org.apache.kafka.connect.data.Timestamp" -> {
                return ColumnType.EPOCH_MS;
            }
            case "io.debezium.time.MicroTimestamp" -> {
                return ColumnType.EPOCH_US;
            }
            case "io.debezium.time.NanoTimestamp" -> {
                return ColumnType.EPOCH_NS;
            }
            case "io.debezium.time.Date", "org.apache.kafka.connect.data.Date" -> {
                return ColumnType.EPOCH_DAYS;
            }
            default -> {
                return value.isTextual() ? ColumnType.ISO : ColumnType.AUTO;
            }
        }
    }

    private static LocalDate date(Column column, JsonNode value, JsonNode schema)
            throws Unreadable {
        ColumnType type = column.type();
        if (type == ColumnType.AUTO) {
            type = typeOf(schema, value);
            if (type == ColumnType.AUTO && value.isIntegralNumber()) {
                type = ColumnType.EPOCH_DAYS;
            }
        }
        switch (type) {
            case EPOCH_DAYS -> {
                return epochDay(value);
            }
            case EPOCH_MS, EPOCH_US, EPOCH_NS -> {
                return LocalDate.ofInstant(instant(column, value, schema), ZoneOffset.UTC);
            }
            case ISO -> {
                if (!value.isTextual()) {
                    throw new Unreadable("is not an ISO-8601 date");
                }
                String text = value.asText().strip();
                try {
                    return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
                } catch (DateTimeException e) {
                    throw new Unreadable("is not an ISO-8601 date");
                }
            }
            default -> throw new Unreadable("is not a date");
        }
    }

    private static LocalDate epochDay(JsonNode value) throws Unreadable {
        long days = whole(value, "days since 1970-01-01");
        try {
            return LocalDate.ofEpochDay(days);
        } catch (DateTimeException e) {
            throw new Unreadable("is out of range as days since 1970-01-01");
        }
    }

    private static Instant isoInstant(JsonNode value) throws Unreadable {
        if (!value.isTextual()) {
            throw new Unreadable("is not an ISO-8601 date-time");
        }
        String text = value.asText().strip();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            // Not with an offset: a local date-time or a date, which Debezium writes as UTC.
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            // Not a local date-time either.
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeException e) {
            throw new Unreadable("is not an ISO-8601 date-time");
        }
    }

    private static long whole(JsonNode value, String what) throws Unreadable {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.asText().strip());
            } catch (NumberFormatException e) {
                // the problem below
            }
        }
        throw new Unreadable("is not a whole number of " + what);
    }

    private static BigDecimal decimal(Column column, JsonNode value, JsonNode schema)
            throws Unreadable {
        if (column.type() == ColumnType.DECIMAL_BASE64) {
            return base64Decimal(value, column.scale());
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        String name = schema.path("name").asText("");
        if (value.isObject()
                && (name.isEmpty() || name.equals("io.debezium.data.VariableScaleDecimal"))) {
            // VariableScaleDecimal: {"scale": 2, "value": "<base64>"}
            JsonNode scale = value.path("scale");
            if (!scale.canConvertToInt() || !scale.isIntegralNumber()) {
                throw new Unreadable("is not a variable-scale decimal {scale, value}");
            }
            return base64Decimal(value.path("value"), scale.intValue());
        }
        if (value.isTextual() && name.equals("org.apache.kafka.connect.data.Decimal")) {
            JsonNode scale = schema.path("parameters").path("scale");
            try {
                return base64Decimal(value, Integer.parseInt(scale.asText()));
            } catch (NumberFormatException e) {
                throw new Unreadable("has a decimal schema without a scale");
            }
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.asText().strip());
            } catch (NumberFormatException e) {
                throw new Unreadable(
                        "is not a decimal (base64 needs the schema, or the type decimal_base64"
                                + " with its scale)");
            }
        }
        throw new Unreadable("is not a decimal");
    }

    private static BigDecimal base64Decimal(JsonNode value, int scale) throws Unreadable {
        if (!value.isTextual()) {
            throw new Unreadable("is not a base64 decimal");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value.asText().strip());
        } catch (IllegalArgumentException e) {
            throw new Unreadable("is not a base64 decimal");
        }
        if (bytes.length == 0) {
            throw new Unreadable("is an empty base64 decimal");
        }
        return new BigDecimal(new BigInteger(bytes), scale);
    }
}
