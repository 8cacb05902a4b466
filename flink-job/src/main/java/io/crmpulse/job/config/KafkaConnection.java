package io.crmpulse.job.config;

import java.util.Objects;
import java.util.Properties;

/**
 * The Kafka brokers ({@code PULSE_KAFKA_BOOTSTRAP_SERVERS}) and more client settings ({@code
 * PULSE_KAFKA_PROPERTIES}) of both Kafka edges.
 */
public record KafkaConnection(String bootstrapServers, Properties clientProperties) {

    public KafkaConnection {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        clientProperties = (Properties) clientProperties.clone();
    }

    @Override
    public Properties clientProperties() {
        return (Properties) clientProperties.clone();
    }

    @Override
    public String toString() {
        // Never the properties: they may hold SASL passwords.
        return "KafkaConnection{" + bootstrapServers + "}";
    }
}
