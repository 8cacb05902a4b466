package io.crmpulse.job.kafka;

/**
 * The part a column of a CRM's own table plays: the Zoho field whose place it takes, so that a
 * Debezium row becomes the record the {@link io.crmpulse.job.normalize.RecordNormalizer} reads
 * (docs/METRICS.md, sections 1 to 3), and what kind of value it holds.
 */
public enum Role {
    ID("id", "id", Kind.TEXT),
    SOURCE("source", "Lead_Source", Kind.TEXT),
    STATUS("status", "Lead_Status", Kind.TEXT),
    NAME("name", "Deal_Name", Kind.TEXT),
    STAGE("stage", "Stage", Kind.TEXT),
    OWNER_ID("owner_id", "Owner.id", Kind.TEXT),
    OWNER_NAME("owner_name", "Owner.name", Kind.TEXT),
    CREATED("created", "Created_Time", Kind.TIME),
    MODIFIED("modified", "Modified_Time", Kind.TIME),
    CONVERTED("converted", "Converted__s", Kind.BOOLEAN),
    CONVERTED_AT("converted_at", "Converted_Date_Time", Kind.TIME),
    AMOUNT("amount", "Amount", Kind.DECIMAL),
    EXCHANGE_RATE("exchange_rate", "Exchange_Rate", Kind.DECIMAL),
    PROBABILITY("probability", "Probability", Kind.DECIMAL),
    CLOSING_DATE("closing_date", "Closing_Date", Kind.DATE);

    /** What a role's column holds, which decides how its value is read. */
    public enum Kind {
        /** Text (a number, such as a bigint id, is read as its digits). */
        TEXT,
        /** A date-time. */
        TIME,
        /** A calendar date. */
        DATE,
        /** A decimal number. */
        DECIMAL,
        /** True or false (or 1 and 0). */
        BOOLEAN
    }

    private final String key;
    private final String zohoField;
    private final Kind kind;

    Role(String key, String zohoField, Kind kind) {
        this.key = key;
        this.zohoField = zohoField;
        this.kind = kind;
    }

    /** Its key in a {@code pulse.yaml} mapping section, e.g. {@code owner_id}. */
    public String key() {
        return key;
    }

    /**
     * The Zoho field it stands for; {@code Owner.id} and {@code Owner.name} are the lookup's parts.
     */
    public String zohoField() {
        return zohoField;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether a column of this role may declare {@code type}. */
    public boolean accepts(ColumnType type) {
        return type == ColumnType.AUTO
                || switch (kind) {
                    case TIME -> type != ColumnType.DECIMAL_BASE64;
                    case DATE -> type == ColumnType.ISO || type == ColumnType.EPOCH_DAYS;
                    case DECIMAL -> type == ColumnType.DECIMAL_BASE64;
                    case TEXT, BOOLEAN -> false;
                };
    }
}
