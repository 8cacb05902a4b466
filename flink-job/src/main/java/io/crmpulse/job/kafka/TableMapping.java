package io.crmpulse.job.kafka;

import io.crmpulse.job.normalize.RecordNormalizer;
import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * Where one CRM module's table arrives and which of its columns play which {@link Role}: a {@code
 * kafka_leads} or {@code kafka_deals} section of {@code pulse.yaml}.
 *
 * @param module {@code Leads} or {@code Deals}
 * @param topic the Kafka topic Debezium writes the table's change events to
 * @param table the table's name in {@code source.table} when the topic carries other tables too;
 *     null for any
 * @param columns the mapped roles; a role left out is a field the record does not have
 */
public record TableMapping(
        String module, String topic, @Nullable String table, Map<Role, Column> columns)
        implements Serializable {

    /** The roles of a lead, in the order of {@code pulse.yaml}. */
    public static final List<Role> LEAD_ROLES =
            List.of(
                    Role.ID,
                    Role.SOURCE,
                    Role.STATUS,
                    Role.OWNER_ID,
                    Role.OWNER_NAME,
                    Role.CREATED,
                    Role.MODIFIED,
                    Role.CONVERTED,
                    Role.CONVERTED_AT);

    /** The roles of a deal, in the order of {@code pulse.yaml}. */
    public static final List<Role> DEAL_ROLES =
            List.of(
                    Role.ID,
                    Role.NAME,
                    Role.STAGE,
                    Role.AMOUNT,
                    Role.EXCHANGE_RATE,
                    Role.PROBABILITY,
                    Role.CLOSING_DATE,
                    Role.OWNER_ID,
                    Role.OWNER_NAME,
                    Role.SOURCE,
                    Role.CREATED,
                    Role.MODIFIED);

    /**
     * @throws IllegalArgumentException when a role does not belong to the module, the id is not
     *     mapped, or a column declares a type its role cannot have
     */
    public TableMapping {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(topic, "topic");
        List<Role> roles = roles(module);
        EnumMap<Role, Column> copy = new EnumMap<>(Role.class);
        for (Map.Entry<Role, Column> entry : columns.entrySet()) {
            Role role = entry.getKey();
            Column column = Objects.requireNonNull(entry.getValue(), role.key());
            if (!roles.contains(role)) {
                throw new IllegalArgumentException(module + " have no " + role.key());
            }
            if (!role.accepts(column.type())) {
                throw new IllegalArgumentException(
                        role.key() + " cannot be " + column.type().yaml());
            }
            copy.put(role, column);
        }
        if (!copy.containsKey(Role.ID)) {
            throw new IllegalArgumentException("the id column must be mapped");
        }
        columns = Collections.unmodifiableMap(copy);
    }

    /** The roles a module's records have. */
    public static List<Role> roles(String module) {
        return switch (module) {
            case RecordNormalizer.LEADS -> LEAD_ROLES;
            case RecordNormalizer.DEALS -> DEAL_ROLES;
            default -> throw new IllegalArgumentException("no Kafka mapping for module " + module);
        };
    }

    public Optional<Column> column(Role role) {
        return Optional.ofNullable(columns.get(role));
    }

    /** Whether an event whose {@code source.table} is {@code sourceTable} is this table's. */
    boolean isFor(@Nullable String sourceTable) {
        return table == null || table.equals(sourceTable);
    }
}
