package io.crmpulse.job.kafka;

import static io.crmpulse.job.kafka.DebeziumEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import io.crmpulse.job.config.PulseSettings;
import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.job.normalize.MetricClasses;
import io.crmpulse.job.normalize.Normalized;
import io.crmpulse.job.normalize.RecordNormalizer;
import io.crmpulse.zoho.model.ChangeOp;
import io.crmpulse.zoho.model.RecordChange;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DebeziumDecoderTest {

    private static final DebeziumMapping DEFAULTS = PulseSettings.defaults().kafka().mapping();
    private static final String LEADS = "crm.public.leads";
    private static final String DEALS = "crm.public.deals";

    /** 2026-12-07T09:30:00Z */
    private static final long TS = 1_796_635_800_000L;

    private final DebeziumDecoder decoder = new DebeziumDecoder(DEFAULTS);
    private final RecordNormalizer normalizer =
            new RecordNormalizer(MetricClasses.defaults(), ZoneId.of("Asia/Kolkata"));

    private DebeziumDecoder.Decoded decode(String topic, long offset, String key, String value) {
        return decoder.decode(
                topic,
                2,
                offset,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private RecordChange change(String topic, long offset, String value) {
        DebeziumDecoder.Decoded decoded = decode(topic, offset, null, value);
        assertThat(decoded).isInstanceOf(DebeziumDecoder.Change.class);
        return ((DebeziumDecoder.Change) decoded).change();
    }

    private static JsonNode fields(RecordChange change) throws Exception {
        return DebeziumEvents.JSON.readTree(change.getFieldsJson());
    }

    private static DebeziumEvents.Row schemalessLead() {
        return new DebeziumEvents.Row()
                .bigint("id", 1001L)
                .text("first_name", "Asha")
                .text("lead_source", "Web Form")
                .text("lead_status", "Contacted")
                .text("owner_id", "u-7")
                .text("owner_name", "Priya Sharma")
                .text("created_at", "2026-12-07T08:00:00.123456Z")
                .text("updated_at", "2026-12-07T14:45:00.250+05:30")
                .bool("converted", false)
                .text("converted_at", null);
    }

    @ParameterizedTest(name = "with the schema wrapper: {0}")
    @ValueSource(booleans = {false, true})
    void anInsertBecomesTheZohoRecordTheNormalizerReads(boolean withSchema) throws Exception {
        // Without the schema, date-times must be text: a bare number is not known to be one.
        DebeziumEvents.Row lead =
                !withSchema
                        ? schemalessLead()
                        : new DebeziumEvents.Row()
                                .bigint("id", 1001L)
                                .text("lead_source", "Web Form")
                                .text("lead_status", "Contacted")
                                .text("owner_id", "u-7")
                                .text("owner_name", "Priya Sharma")
                                .micros("created_at", 1_796_630_400_123_456L)
                                .zoned("updated_at", "2026-12-07T09:15:00.25Z")
                                .bool("converted", false)
                                .micros("converted_at", null);

        RecordChange change = change(LEADS, 17, event("c", null, lead, TS, "leads", withSchema));

        assertThat(change.getOp()).isEqualTo(ChangeOp.UPSERT);
        assertThat(change.getModule()).isEqualTo("Leads");
        assertThat(change.getId()).isEqualTo("1001");
        assertThat(change.getModifiedTime()).isEqualTo(Instant.parse("2026-12-07T09:15:00.25Z"));
        assertThat(change.isReplay()).as("Debezium delivers at least once").isTrue();
        assertThat(change.getOrigin())
                .isEqualTo("Kafka topic crm.public.leads, partition 2, offset 17");
        assertThat(fields(change))
                .isEqualTo(
                        DebeziumEvents.JSON.readTree(
                                "{\"id\":\"1001\",\"Lead_Source\":\"Web Form\","
                                        + "\"Lead_Status\":\"Contacted\","
                                        + "\"Owner\":{\"id\":\"u-7\",\"name\":\"Priya Sharma\"},"
                                        + "\"Created_Time\":\"2026-12-07T08:00:00.123456Z\","
                                        + "\"Modified_Time\":\"2026-12-07T09:15:00.250Z\","
                                        + "\"Converted__s\":false,"
                                        + "\"Converted_Date_Time\":null}"));
        Normalized normalized = normalizer.normalize(change, Instant.EPOCH);
        assertThat(normalized).isInstanceOf(Normalized.Lead.class);
        LeadRow row = ((Normalized.Lead) normalized).row();
        assertThat(row.getLeadSource()).isEqualTo("Web Form");
        assertThat(row.getOwnerName()).isEqualTo("Priya Sharma");
        assertThat(row.getCreatedTime()).isEqualTo(Instant.parse("2026-12-07T08:00:00.123456Z"));
        assertThat(row.getCohortDay()).isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(row.getStatusClass()).isEqualTo("contacted");
    }

    @Test
    void aSchemalessDateTimeNumberNeedsItsDeclaredType() {
        DebeziumEvents.Row lead =
                schemalessLead().put("created_at", 1_796_630_400_000_000L, "int64", null);

        RecordChange change = change(LEADS, 3, event("c", null, lead, TS, "leads", false));

        assertThat(change.getOp()).isEqualTo(ChangeOp.MALFORMED);
        assertThat(change.getId()).isEqualTo("1001");
        assertThat(change.getProblem())
                .isEqualTo(
                        "column created_at (leads created) is a number: declare its type,"
                                + " epoch_ms, epoch_us or epoch_ns, or send the schema:"
                                + " 1796630400000000");
        assertThat(normalizer.normalize(change, Instant.EPOCH))
                .isInstanceOfSatisfying(
                        Normalized.Dead.class,
                        dead ->
                                assertThat(dead.letter().getReason())
                                        .endsWith(
                                                "(Kafka topic crm.public.leads, partition 2,"
                                                        + " offset 3)"));

        DebeziumDecoder declared =
                new DebeziumDecoder(
                        mapping(
                                "kafka_leads:\n"
                                        + "  created: {column: created_at, type: epoch_us}\n"));
        DebeziumDecoder.Decoded decoded =
                declared.decode(
                        LEADS,
                        0,
                        3,
                        null,
                        event("c", null, lead, TS, "leads", false)
                                .getBytes(StandardCharsets.UTF_8));
        assertThat(((DebeziumDecoder.Change) decoded).change().getFieldsJson())
                .contains("\"Created_Time\":\"2026-12-07T08:00:00Z\"");
    }

    @Test
    void everyDecimalEncodingOfDebeziumReadsAsTheSameAmount() throws Exception {
        BigDecimal amount = new BigDecimal("-1500.50");
        DebeziumEvents.Row precise = deal().decimal("amount", amount, 2);
        DebeziumEvents.Row variable = deal().variableDecimal("amount", amount);
        DebeziumEvents.Row asDouble = deal().number("amount", -1500.5);
        DebeziumEvents.Row asString = deal().number("amount", "-1500.50");

        for (DebeziumEvents.Row row :
                new DebeziumEvents.Row[] {precise, variable, asDouble, asString}) {
            RecordChange change = change(DEALS, 1, event("u", null, row, TS, "deals", true));
            assertThat(change.getProblem()).isNull();
            assertThat(fields(change).get("Amount").decimalValue()).isEqualByComparingTo(amount);
        }
        // Schemaless, precise needs the declared type and scale.
        RecordChange bare = change(DEALS, 1, event("u", null, precise, TS, "deals", false));
        assertThat(bare.getOp()).isEqualTo(ChangeOp.MALFORMED);
        assertThat(bare.getProblem()).startsWith("column amount (deals amount) is not a decimal");
        DebeziumDecoder declared =
                new DebeziumDecoder(
                        mapping(
                                "kafka_deals:\n"
                                        + "  amount: {column: amount, type: decimal_base64,"
                                        + " scale: 2}\n"
                                        + "  created: {column: created_at, type: epoch_us}\n"
                                        + "  modified: {column: updated_at, type: epoch_us}\n"));
        DebeziumDecoder.Change change =
                (DebeziumDecoder.Change)
                        declared.decode(
                                DEALS,
                                0,
                                1,
                                null,
                                event("u", null, precise, TS, "deals", false)
                                        .getBytes(StandardCharsets.UTF_8));
        assertThat(fields(change.change()).get("Amount").decimalValue())
                .isEqualByComparingTo(amount);
    }

    @Test
    void aDealWithDebeziumTypesNormalizesToTheSameRowAsZohosJson() {
        DebeziumEvents.Row row =
                deal().decimal("amount", new BigDecimal("250000.00"), 2)
                        .decimal("exchange_rate", new BigDecimal("83.250000"), 6)
                        .put("probability", 60, "int32", null)
                        .date("closing_date", (int) LocalDate.of(2027, 1, 15).toEpochDay());

        RecordChange change = change(DEALS, 9, event("r", null, row, TS, "deals", true));
        Normalized normalized = normalizer.normalize(change, Instant.EPOCH);

        assertThat(normalized).isInstanceOf(Normalized.Deal.class);
        DealRow deal = ((Normalized.Deal) normalized).row();
        assertThat(deal.getId()).isEqualTo("d-1");
        assertThat(deal.getStage()).isEqualTo("Negotiation/Review");
        assertThat(deal.getAmount()).isEqualByComparingTo("250000.00");
        assertThat(deal.getAmountHome()).isEqualByComparingTo("3003.00");
        assertThat(deal.getProbability()).isEqualTo(60);
        assertThat(deal.getClosingDate()).isEqualTo(LocalDate.of(2027, 1, 15));
        assertThat(deal.getModifiedTime()).isEqualTo(Instant.parse("2026-12-07T09:00:00Z"));
    }

    private static DebeziumEvents.Row deal() {
        return new DebeziumEvents.Row()
                .text("id", "d-1")
                .text("deal_name", "Acme renewal")
                .text("stage", "Negotiation/Review")
                .text("owner_id", "u-7")
                .text("owner_name", "Priya Sharma")
                .text("lead_source", "Partner")
                .micros("created_at", 1_796_000_000_000_000L)
                .micros("updated_at", 1_796_634_000_000_000L);
    }

    @Test
    void aDeleteTakesItsIdFromBeforeOrElseTheKey() {
        DebeziumEvents.Row before = new DebeziumEvents.Row().bigint("id", 1001L);
        for (boolean withSchema : new boolean[] {false, true}) {
            RecordChange fromBefore =
                    change(LEADS, 5, event("d", before, null, TS, "leads", withSchema));
            assertThat(fromBefore.getOp()).isEqualTo(ChangeOp.DELETE);
            assertThat(fromBefore.getId()).isEqualTo("1001");
            assertThat(fromBefore.getModifiedTime()).isEqualTo(Instant.ofEpochMilli(TS));
            assertThat(fromBefore.isReplay()).as("a deletion always passes").isFalse();

            DebeziumDecoder.Decoded fromKey =
                    decode(
                            LEADS,
                            6,
                            DebeziumEvents.key(LongNode.valueOf(1002), withSchema),
                            event("d", null, null, TS, "leads", withSchema));
            assertThat(((DebeziumDecoder.Change) fromKey).change().getId()).isEqualTo("1002");
        }
    }

    @Test
    void aDeleteWhoseBeforeLacksTheIdTakesItFromTheKey() {
        DebeziumEvents.Row before = new DebeziumEvents.Row().text("lead_source", "Web");

        DebeziumDecoder.Decoded decoded =
                decode(
                        LEADS,
                        8,
                        DebeziumEvents.key(LongNode.valueOf(1003), true),
                        event("d", before, null, TS, "leads", true));

        assertThat(((DebeziumDecoder.Change) decoded).change())
                .satisfies(
                        c -> {
                            assertThat(c.getOp()).isEqualTo(ChangeOp.DELETE);
                            assertThat(c.getId()).isEqualTo("1003");
                        });
    }

    @Test
    void nanosecondTimestampsAndNumericIdsReadFromTheirSchema() throws Exception {
        DebeziumEvents.Row lead =
                schemalessLead()
                        .decimal("id", new BigDecimal("4970762000000348015"), 0)
                        .put(
                                "created_at",
                                1_796_630_400_123_456_789L,
                                "int64",
                                "io.debezium.time.NanoTimestamp")
                        .put(
                                "updated_at",
                                1_796_630_400_123_456_789L,
                                "int64",
                                "io.debezium.time.NanoTimestamp");

        RecordChange change = change(LEADS, 9, event("c", null, lead, TS, "leads", true));

        assertThat(change.getId()).isEqualTo("4970762000000348015");
        assertThat(fields(change).get("Created_Time").asText())
                .isEqualTo("2026-12-07T08:00:00.123456789Z");
        DebeziumDecoder declared =
                new DebeziumDecoder(
                        mapping(
                                "kafka_leads:\n"
                                        + "  created: {column: created_at, type: epoch_ns}\n"
                                        + "  modified: {column: updated_at, type: epoch_ns}\n"));
        RecordChange bare =
                ((DebeziumDecoder.Change)
                                declared.decode(
                                        LEADS,
                                        0,
                                        9,
                                        null,
                                        event("c", null, lead, TS, "leads", false)
                                                .getBytes(StandardCharsets.UTF_8)))
                        .change();
        assertThat(bare.getProblem()).isNull();
        assertThat(fields(bare).get("Modified_Time").asText())
                .isEqualTo("2026-12-07T08:00:00.123456789Z");
    }

    @Test
    void aTombstoneCarriesNothing() {
        assertThat(decode(LEADS, 7, DebeziumEvents.key(IntNode.valueOf(1), false), null))
                .isInstanceOf(DebeziumDecoder.Tombstone.class);
    }

    @Test
    void anotherTableOnARoutedTopicIsSkipped() {
        DebeziumDecoder routed =
                new DebeziumDecoder(mapping("kafka_leads:\n  topic: crm.all\n  table: leads\n"));
        DebeziumEvents.Row contact = new DebeziumEvents.Row().bigint("id", 5L);

        assertThat(
                        routed.decode(
                                "crm.all",
                                0,
                                1,
                                null,
                                event("c", null, contact, TS, "contacts", false)
                                        .getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new DebeziumDecoder.Skipped("table contacts on topic crm.all"));
        assertThat(
                        routed.decode(
                                "crm.all",
                                0,
                                2,
                                null,
                                event("c", null, schemalessLead(), TS, "leads", false)
                                        .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DebeziumDecoder.Change.class);
    }

    @Test
    void malformedMessagesBecomeMalformedChangesThatKeepTheMessage() {
        Map<String, String> problems =
                Map.of(
                        "{\"op\":\"c\",\"after\":",
                        "the message is not JSON (line 1, column 19)",
                        "[1,2]",
                        "not a Debezium change event (no op)",
                        event("t", null, null, TS, "leads", false),
                        "a truncate of the whole table cannot be applied record by record",
                        event("x", null, schemalessLead(), TS, "leads", false),
                        "unknown op \"x\"",
                        event("c", null, null, TS, "leads", false),
                        "op c without an after row",
                        "null",
                        "the message is empty or null",
                        event("c", null, schemalessLead().text("id", " "), TS, "leads", false),
                        "the id column id is empty",
                        event(
                                "u",
                                null,
                                schemalessLead().text("converted_at", "next week"),
                                TS,
                                "leads",
                                false),
                        "column converted_at (leads converted_at) is not an ISO-8601 date-time:"
                                + " \"next week\"");
        problems.forEach(
                (message, problem) -> {
                    RecordChange change = change(LEADS, 42, message);
                    assertThat(change.getOp()).as(message).isEqualTo(ChangeOp.MALFORMED);
                    assertThat(change.getModule()).isEqualTo("Leads");
                    assertThat(change.getProblem()).as(message).startsWith(problem);
                    assertThat(change.getFieldsJson()).isEqualTo(message);
                    assertThat(change.getOrigin())
                            .isEqualTo("Kafka topic crm.public.leads, partition 2, offset 42");
                });
    }

    @Test
    void aSchemaChangeEventIsSkipped() {
        assertThat(decode(LEADS, 1, null, "{\"source\":{},\"ddl\":\"ALTER TABLE leads ...\"}"))
                .isEqualTo(new DebeziumDecoder.Skipped("a schema change"));
    }

    @Test
    void withoutAModifiedColumnTheEventTimeIsTheRecordsTime() throws Exception {
        DebeziumDecoder decoder =
                new DebeziumDecoder(mapping("kafka_leads:\n  modified: none\n  converted: none\n"));
        DebeziumEvents.Row lead = schemalessLead().text("converted_at", "2026-12-07T09:00:00Z");

        RecordChange change =
                ((DebeziumDecoder.Change)
                                decoder.decode(
                                        LEADS,
                                        0,
                                        1,
                                        null,
                                        event("u", null, lead, TS, "leads", false)
                                                .getBytes(StandardCharsets.UTF_8)))
                        .change();

        assertThat(change.getModifiedTime()).isEqualTo(Instant.ofEpochMilli(TS));
        JsonNode fields = fields(change);
        assertThat(fields.get("Modified_Time").asText()).isEqualTo("2026-12-07T09:30:00Z");
        assertThat(fields.get("Converted__s").asBoolean())
                .as("converted because converted_at is set")
                .isTrue();
    }

    private static DebeziumMapping mapping(String yaml) {
        return PulseSettings.parse(yaml, "pulse.yaml").kafka().mapping();
    }
}
