package io.crmpulse.job.normalize;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.sinks.postgres.DeadLetter;
import io.crmpulse.sinks.postgres.PostgresText;
import io.crmpulse.zoho.model.ChangeOp;
import io.crmpulse.zoho.model.RecordChange;
import io.crmpulse.zoho.model.ZohoDateTime;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a Zoho record change into a {@code crm_leads} or {@code crm_deals} row, exactly as
 * docs/METRICS.md sections 1 to 3 define them, or into a dead letter.
 *
 * <p>It never throws on bad data: a malformed item from the source, a field of the wrong type
 * ({@code "Amount": "abc"}), an unreadable time, a missing id, {@code Created_Time} or deal {@code
 * Stage}, or a probability outside 0..100 becomes a {@link Normalized.Dead} whose reason names
 * every bad field and at most {@value #MAX_SHOWN} characters of its value, never the whole record.
 * Changes of modules other than Leads and Deals are {@link Normalized.Ignored}.
 *
 * <p>It also refuses what the tables cannot hold, so that one value never fails the PostgreSQL
 * sink: a text that ends in a column (ids, owner id and name, lead source and status, deal name and
 * stage) with a NUL character or an unpaired UTF-16 surrogate ({@link PostgresText}), which is
 * refused rather than cleaned because cleaning could silently merge two keys; an {@code Amount}
 * whose absolute value, rounded to cents, is 10^16 or more ({@code numeric(18,2)} holds less); an
 * {@code Exchange_Rate} of 10^12 or more, or one that rounds to 0 at 6 decimals ({@code
 * numeric(18,6)}, {@code CHECK (exchange_rate > 0)}); and a rate that makes {@code amount_home}
 * 10^16 or more, or 0.00 for an amount that is not 0. Magnitudes are judged from a number's digits
 * and exponent before any arithmetic, so {@code 1e100000000} costs nothing. The row holds the
 * amount and the rate as the columns keep them (rounded half up to 2 and 6 decimals); {@code
 * amount_home} is computed from the numbers as received.
 *
 * <p>A change read from somewhere else than Zoho's API names its origin ({@link
 * RecordChange#getOrigin()}: a Kafka topic, partition and offset) at the end of a dead letter's
 * reason.
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

    /** Integer digits of a money column, {@code numeric(18,2)}: amounts are below 10^16. */
    static final int MONEY_DIGITS = 16;

    /** Integer digits of {@code crm_deals.exchange_rate}, {@code numeric(18,6)}. */
    static final int RATE_DIGITS = 12;

    private static final int MONEY_SCALE = 2;
    private static final int RATE_SCALE = 6;

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
            String unstorable = unstorable("id", id);
            if (unstorable != null) {
                return dead(module, change, unstorable, receivedAt);
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
        } else {
            fields.requireStorable("id", id);
        }
        Normalized result =
                LEADS.equals(module)
                        ? new Normalized.Lead(lead(id, fields, change))
                        : new Normalized.Deal(deal(id, fields, change));
        if (!fields.problems.isEmpty()) {
            return new Normalized.Dead(
                    DeadLetter.of(
                            module,
                            id,
                            withOrigin(String.join("; ", fields.problems), change),
                            json,
                            receivedAt));
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
        if (amount == null) {
            amount = BigDecimal.ZERO;
        }
        BigDecimal storedAmount = rounded(amount, MONEY_SCALE, MONEY_DIGITS);
        if (storedAmount == null) {
            fields.problems.add(
                    "Amount must be below 10^"
                            + MONEY_DIGITS
                            + " in absolute value once rounded to cents (crm_deals.amount is"
                            + " numeric(18,2)), got "
                            + show(fields.value("Amount")));
        }
        BigDecimal rate = fields.number("Exchange_Rate");
        if (rate == null || rate.signum() <= 0) {
            rate = BigDecimal.ONE;
        }
        BigDecimal storedRate = rounded(rate, RATE_SCALE, RATE_DIGITS);
        if (storedRate == null) {
            fields.problems.add(
                    "Exchange_Rate must be below 10^"
                            + RATE_DIGITS
                            + " once rounded to 6 decimals (crm_deals.exchange_rate is"
                            + " numeric(18,6)), got "
                            + show(fields.value("Exchange_Rate")));
        } else if (storedRate.signum() == 0) {
            fields.problems.add(
                    "Exchange_Rate rounds to 0 at the 6 decimals of crm_deals.exchange_rate"
                            + " (numeric(18,6)): it must be at least 0.0000005, got "
                            + show(fields.value("Exchange_Rate")));
        } else if (storedAmount != null) {
            row.setAmount(storedAmount);
            row.setExchangeRate(storedRate);
            BigDecimal home = amountHome(amount, rate);
            row.setAmountHome(home);
            if (home == null) {
                fields.problems.add(
                        "amount_home = Amount / Exchange_Rate must be below 10^"
                                + MONEY_DIGITS
                                + " in absolute value (crm_deals.amount_home is numeric(18,2)),"
                                + " got "
                                + quotient(fields));
            } else if (home.signum() == 0 && storedAmount.signum() != 0) {
                fields.problems.add(
                        "amount_home = Amount / Exchange_Rate rounds to 0.00 although Amount is"
                                + " not 0, got "
                                + quotient(fields));
            }
        }
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
                DeadLetter.of(
                        module,
                        change.getId(),
                        withOrigin(reason, change),
                        change.getFieldsJson(),
                        receivedAt));
    }

    /** A reason followed by where the change was read, when it was not Zoho's API. */
    private static String withOrigin(String reason, RecordChange change) {
        return change.getOrigin() == null ? reason : reason + " (" + change.getOrigin() + ")";
    }

    /**
     * A value as a reason quotes it: JSON text, cut at {@value #MAX_SHOWN} characters (or one less,
     * rather than between the two halves of a character).
     */
    public static String show(JsonNode value) {
        String text = value.toString();
        if (text.length() <= MAX_SHOWN) {
            return text;
        }
        int cut = Character.isHighSurrogate(text.charAt(MAX_SHOWN - 1)) ? MAX_SHOWN - 1 : MAX_SHOWN;
        return text.substring(0, cut) + "...";
    }

    /** Why {@code field} cannot be stored, quoting it, or null when it can. */
    private static String unstorable(String field, String text) {
        String problem = PostgresText.problem(text);
        return problem == null
                ? null
                : field + " contains " + problem + ": " + show(TextNode.valueOf(text));
    }

    /**
     * {@code x} rounded half up to {@code scale} decimals, or null when that is 10^{@code digits}
     * or more in absolute value. Its magnitude is read from its digits and exponent first, so that
     * neither {@code 1e100000000} nor {@code 1e-100000000} is ever expanded.
     */
    static BigDecimal rounded(BigDecimal x, int scale, int digits) {
        long magnitude = magnitude(x);
        if (x.signum() == 0 || magnitude < -scale) {
            // |x| < 10^-(scale + 1): below half of the last decimal kept.
            return BigDecimal.ZERO.setScale(scale);
        }
        if (magnitude > digits) {
            return null;
        }
        BigDecimal rounded = x.scale() > scale ? x.setScale(scale, RoundingMode.HALF_UP) : x;
        return magnitude(rounded) > digits ? null : rounded;
    }

    /**
     * {@code amount / rate} rounded half up to cents, or null when that is 10^16 or more; {@code
     * amount} below 10^16 and {@code rate} from 0.0000005 to 10^12, so the division stays small.
     */
    private static BigDecimal amountHome(BigDecimal amount, BigDecimal rate) {
        // |amount / rate| < 10^(magnitude(amount) - magnitude(rate) + 1); below 0.001 it is 0.00,
        // and dividing would scale a tiny amount's digits up to its exponent.
        if (amount.signum() == 0 || magnitude(amount) - magnitude(rate) + 1 <= -MONEY_SCALE - 1) {
            return BigDecimal.ZERO.setScale(MONEY_SCALE);
        }
        BigDecimal home = amount.divide(rate, MONEY_SCALE, RoundingMode.HALF_UP);
        return magnitude(home) > MONEY_DIGITS ? null : home;
    }

    /** For x != 0: 10^(m - 1) <= |x| < 10^m. */
    private static long magnitude(BigDecimal x) {
        return (long) x.precision() - x.scale();
    }

    private static String quotient(Fields fields) {
        JsonNode amount = fields.value("Amount");
        JsonNode rate = fields.value("Exchange_Rate");
        return show(amount) + " / " + (rate == null ? "1" : show(rate));
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
            requireStorable("id", id);
            return id;
        }

        /** Notes a problem when a table could not hold {@code text} exactly. */
        void requireStorable(String field, String text) {
            String problem = unstorable(field, text);
            if (problem != null) {
                problems.add(problem);
            }
        }

        /** The text, checked to be storable. */
        String text(String field) {
            JsonNode value = value(field);
            if (value == null) {
                return null;
            }
            if (!value.isTextual()) {
                problems.add(field + " is not text: " + show(value));
                return null;
            }
            requireStorable(field, value.asText());
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
                    return ZohoDateTime.parse(value.asText());
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
            // Quoted as JSON, not toPlainString(): 1e100000000 would be a hundred million digits.
            if (p.stripTrailingZeros().scale() > 0) {
                problems.add("Probability is not a whole number: " + show(value("Probability")));
                return 0;
            }
            if (p.signum() < 0 || p.compareTo(BigDecimal.valueOf(100)) > 0) {
                problems.add(
                        "Probability must be from 0 to 100, got " + show(value("Probability")));
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
            requireStorable("Owner.id", id);
            JsonNode nameNode = owner.get("name");
            String name = nameNode != null && nameNode.isTextual() ? nameNode.asText().strip() : "";
            requireStorable("Owner.name", name);
            return new Owner(id, name.isEmpty() ? id : name);
        }
    }
}
