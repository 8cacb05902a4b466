package io.crmpulse.job.config;

import io.crmpulse.job.kafka.DebeziumMapping;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code kafka}, {@code kafka_leads} and {@code kafka_deals} sections of {@code pulse.yaml}:
 * what {@code --source kafka} reads and how {@code --alerts-topic} writes.
 *
 * @param groupId {@code kafka.group_id}
 * @param transactionTimeout {@code kafka.transaction_timeout}
 * @param mapping the Debezium topics of the leads and deals tables and their columns
 */
public record KafkaSettings(String groupId, Duration transactionTimeout, DebeziumMapping mapping)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public KafkaSettings {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(transactionTimeout, "transactionTimeout");
        Objects.requireNonNull(mapping, "mapping");
    }
}
