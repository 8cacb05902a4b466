package io.crmpulse.job.normalize;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmpulse.job.model.DeadLetter;
import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.zoho.model.ChangeOp;
import io.crmpulse.zoho.model.RecordChange;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a Zoho record change into a {@code crm_leads} or {@code crm_deals} row, exactly as
 * METRICS.md sections 1 to 3 define them, or into a dead letter.
 *
 * <p>It never throws on bad data: a malformed item from the source, a field of the wrong type
 * ({@code "Amount": "abc"}), an unreadable time, a missing id, {@code Created_Time} or deal {@code
 * Stage}, or a probability outside 0..100 becomes a {@link Normalized.Dead} whose reason names
 * every bad field and at most {@value #MAX_SHOWN} characters of its value, never the whole record.
 * Changes of modules other than Leads and Deals are {@link Normalized.Ignored}.
 *
 * <p>Rules worth knowing: {@code Converted__s} is read first and the older {@code $converted} only
 * when it is absent; an owner without an id is {@code (unassigned)}, an owner without a name is
 * shown by its id; {@code Modified_Time} missing from the fields falls back to the change's time
 * (the source always reads it, so this only matters for hand-made changes).
 */
public final class RecordNormalizer implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A missing, empty or {@code -None-} picklist value. */
    public static final String NONE = "(none)";

    /** The owner of a record without one. */
    public static final String UNASSIGNED = "(unassigned)";

    public static final String LEADS = "Leads";
    public static final String DEALS = "Deals";

    /** How much of a bad value a reason quotes. */
    static final int MAX_SHOWN = 40;

    // Zoho's "-None-" is the picklist's empty choice, sent as a value by some API versions.
    private static final String ZOHO_NONE = "-None-";

    // BigDecimal for floats: amounts must divide and round exactly (0.005 is not a double).
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final MetricClasses classes;
    private final ZoneId businessZone;
    private final Clock clock;

    /**
     * @param businessZone {@code PULSE_TIMEZONE}: a lead's cohort day is the date of its created
     *     time there
     */
    public RecordNormalizer(MetricClasses classes, ZoneId businessZone) {
        this(classes, businessZone, Clock.systemUTC());
    }

    /**
     * @param clock stamps {@code receivedAt} of dead letters made by {@link
     *     #normalize(RecordChange)}
     */
    public RecordNormalizer(MetricClasses classes, ZoneId businessZone, Clock clock) {
        this.classes = Objects.requireNonNull(classes, "classes");
        this.businessZone = Objects.requireNonNull(businessZone, "businessZone");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ZoneId businessZone() {
        return businessZone;
    }

    /** Normalizes a change received now (by the clock). */
    public Normalized normalize(RecordChange change) {
        return normalize(change, clock.instant());
    }

    /**
     * @param receivedAt when the job received the change; stamped on a dead letter
     */
    public Normalized normalize(RecordChange change, Instant receivedAt) {
        String module = change.getModule();
        if (!LEADS.equals(module) && !DEALS.equals(module)) {
            return new Normalized.Ignored("module " + module + " has no metrics");
        }
        try {
            return normalizeKnown(module, change, receivedAt);
        } catch (RuntimeException e) {
            // A bug, not bad data; the record still goes to the dead letters and the job on.
            return dead(
                    module,
                    change,
                    "could not be normalized (" + e.getClass().getSimpleName() + ")",
                    receivedAt);
        }
    }

    private Normalized normalizeKnown(String module, RecordChange change, Instant receivedAt) {
        if (change.getOp() == ChangeOp.MALFORMED) {
            String problem = change.getProblem();
            return dead(
                    module,
                    change,
                    problem == null || problem.isBlank() ? "Zoho sent an unreadable item" : problem,
                    receivedAt);
        }
        if (change.getOp() == ChangeOp.DELETE) {
            String id = change.getId();
            if (id == null || id.isBlank()) {
                return dead(module, change, "id is missing", receivedAt);
            }
            Instant at = change.getModifiedTime() != null ? change.getModifiedTime() : receivedAt;
            return LEADS.equals(module)
                    ? new Normalized.Lead(LeadRow.deletion(id, at))
                    : new Normalized.Deal(DealRow.deletion(id, at));
        }
        if (change.getOp() != ChangeOp.UPSERT) {
            return dead(module, change, "unknown change " + change.getOp(), receivedAt);
        }

        String json = change.getFieldsJson();
        if (json == null || json.isBlank()) {
            return dead(module, change, "fields are missing", receivedAt);
        }
        JsonNode record;
        try {
            record = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // Not the parser's message: it quotes the payload.
            JsonLocation at = e.getLocation();
            return dead(
                    module,
                    change,
                    at == null
                            ? "fields are not valid JSON"
                            : "fields are not valid JSON (line "
                                    + at.getLineNr()
                                    + ", column "
                                    + at.getColumnNr()
                                    + ")",
                    receivedAt);
        }
        if (record == null || !record.isObject()) {
            return dead(module, change, "fields are not a JSON object", receivedAt);
        }

        Fields fields = new Fields(record);
        String id = change.getId();
        if (id == null || id.isBlank()) {
            id = fields.id();
        }
        Normalized result =
                LEADS.equals(module)
                        ? new Normalized.Lead(lead(id, fields, change))
                        : new Normalized.Deal(deal(id, fields, change));
        if (!fields.problems.isEmpty()) {
            return new Normalized.Dead(
                    DeadLetter.of(
                            module, id, String.join("; ", fields.problems), json, receivedAt));
        }
        return result;
    }

    private LeadRow lead(String id, Fields fields, RecordChange change) {
        LeadRow row = new LeadRow();
        row.setId(id);
        row.setLeadSource(fields.picklist("Lead_Source"));
        row.setLeadStatus(fields.picklist("Lead_Status"));
        Owner owner = fields.owner();
        row.setOwnerId(owner.id);
        row.setOwnerName(owner.name);
        Instant created = fields.dateTime("Created_Time", true);
        row.setCreatedTime(created);
        row.setModifiedTime(fields.modifiedTime(change.getModifiedTime()));
        row.setConverted(fields.converted());
        row.setConvertedAt(fields.dateTime("Converted_Date_Time", false));
        row.setStatusClass(classes.statusClass(row.isConverted(), row.getLeadStatus()));
        row.setCohortDay(created == null ? null : LocalDate.ofInstant(created, businessZone));
        return row;
    }

    private DealRow deal(String id, Fields fields, RecordChange change) {
        DealRow row = new DealRow();
        row.setId(id);
        row.setDealName(fields.text("Deal_Name"));
        String stage = fields.text("Stage");
        if (stage == null || stage.isBlank()) {
            fields.problems.add("Stage is missing");
        } else {
            row.setStage(stage.strip());
            row.setStageClass(classes.stageClass(row.getStage()));
        }
        BigDecimal amount = fields.number("Amount");
        row.setAmount(amount == null ? BigDecimal.ZERO : amount);
        BigDecimal rate = fields.number("Exchange_Rate");
        row.setExchangeRate(rate == null || rate.signum() <= 0 ? BigDecimal.ONE : rate);
        row.setAmountHome(row.getAmount().divide(row.getExchangeRate(), 2, RoundingMode.HALF_UP));
        row.setProbability(fields.probability());
        Owner owner = fields.owner();
        row.setOwnerId(owner.id);
        row.setOwnerName(owner.name);
        row.setLeadSource(fields.picklist("Lead_Source"));
        row.setClosingDate(fields.date("Closing_Date"));
        row.setCreatedTime(fields.dateTime("Created_Time", true));
        row.setModifiedTime(fields.modifiedTime(change.getModifiedTime()));
        return row;
    }

    private static Normalized dead(
            String module, RecordChange change, String reason, Instant receivedAt) {
        return new Normalized.Dead(
                DeadLetter.of(module, change.getId(), reason, change.getFieldsJson(), receivedAt));
    }

    /** A value as a reason quotes it: JSON text, cut at {@value #MAX_SHOWN} characters. */
    static String show(JsonNode value) {
        String text = value.toString();
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "...";
    }

    private record Owner(String id, String name) {}

    /** Reads fields of one record, collecting every problem instead of stopping at the first. */
    private static final class Fields {

        private final JsonNode record;
        private final List<String> problems = new ArrayList<>();

        Fields(JsonNode record) {
            this.record = record;
        }

        /** The value, or null when the field is absent or JSON null. */
        private JsonNode value(String field) {
            JsonNode value = record.get(field);
            return value == null || value.isNull() ? null : value;
        }

        String id() {
            JsonNode value = value("id");
            String id = value == null ? null : value.isValueNode() ? value.asText().strip() : null;
            if (id == null || id.isEmpty()) {
                problems.add("id is missing");
                return null;
            }
            return id;
        }

        String text(String field) {
            JsonNode value = value(field);
            if (value == null) {
                return null;
            }
            if (!value.isTextual()) {
                problems.add(field + " is not text: " + show(value));
                return null;
            }
            return value.asText();
        }

        /** Trimmed; null, empty and {@code -None-} are {@code (none)}. */
        String picklist(String field) {
            String text = text(field);
            if (text == null) {
                return NONE;
            }
            String trimmed = text.strip();
            return trimmed.isEmpty() || trimmed.equals(ZOHO_NONE) ? NONE : trimmed;
        }

        Instant dateTime(String field, boolean required) {
            JsonNode value = value(field);
            if (value == null) {
                if (required) {
                    problems.add(field + " is missing");
                }
                return null;
            }
            if (value.isTextual()) {
                try {
                    return OffsetDateTime.parse(value.asText().strip()).toInstant();
                } catch (DateTimeParseException e) {
                    // fall through to the problem
                }
            }
            problems.add(field + " is not an ISO-8601 date-time with an offset: " + show(value));
            return null;
        }

        Instant modifiedTime(Instant changeTime) {
            if (value("Modified_Time") == null && changeTime != null) {
                return changeTime;
            }
            return dateTime("Modified_Time", true);
        }

        LocalDate date(String field) {
            JsonNode value = value(field);
            if (value == null) {
                return null;
            }
            if (value.isTextual()) {
                try {
                    return LocalDate.parse(value.asText().strip());
                } catch (DateTimeParseException e) {
                    // fall through to the problem
                }
            }
            problems.add(field + " is not a date (YYYY-MM-DD): " + show(value));
            return null;
        }

        BigDecimal number(String field) {
            JsonNode value = value(field);
            if (value == null) {
                return null;
            }
            if (!value.isNumber()) {
                problems.add(field + " is not a number: " + show(value));
                return null;
            }
            return value.decimalValue();
        }

        int probability() {
            BigDecimal p = number("Probability");
            if (p == null) {
                return 0;
            }
            if (p.stripTrailingZeros().scale() > 0) {
                problems.add("Probability is not a whole number: " + p.toPlainString());
                return 0;
            }
            if (p.signum() < 0 || p.compareTo(BigDecimal.valueOf(100)) > 0) {
                problems.add("Probability must be from 0 to 100, got " + p.toPlainString());
                return 0;
            }
            return p.intValueExact();
        }

        boolean converted() {
            JsonNode value = value("Converted__s");
            String field = "Converted__s";
            if (value == null) {
                // API versions before v4 name it $converted.
                value = value("$converted");
                field = "$converted";
            }
            if (value == null) {
                return false;
            }
            if (!value.isBoolean()) {
                problems.add(field + " is not true or false: " + show(value));
                return false;
            }
            return value.booleanValue();
        }

        Owner owner() {
            JsonNode owner = value("Owner");
            if (owner == null) {
                return new Owner(UNASSIGNED, UNASSIGNED);
            }
            if (!owner.isObject()) {
                problems.add("Owner is not an object with name and id: " + show(owner));
                return new Owner(UNASSIGNED, UNASSIGNED);
            }
            JsonNode idNode = owner.get("id");
            String id =
                    idNode == null || !idNode.isValueNode() || idNode.isNull()
                            ? ""
                            : idNode.asText().strip();
            if (id.isEmpty()) {
                return new Owner(UNASSIGNED, UNASSIGNED);
            }
            JsonNode nameNode = owner.get("name");
            String name = nameNode != null && nameNode.isTextual() ? nameNode.asText().strip() : "";
            return new Owner(id, name.isEmpty() ? id : name);
        }
    }
}
