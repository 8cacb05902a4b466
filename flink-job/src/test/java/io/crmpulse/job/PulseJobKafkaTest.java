package io.crmpulse.job;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.job.config.ConfigException;
import io.crmpulse.job.config.KafkaConnection;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The Kafka edges' settings, checked before anything starts. */
class PulseJobKafkaTest {

    private static final Optional<KafkaConnection> BROKERS =
            Optional.of(new KafkaConnection("kafka:9092", new Properties()));

    @Test
    void aKafkaEdgeWithoutBrokersStopsTheJobNamingTheVariable() {
        assertThatThrownBy(() -> PulseJob.checkKafka(PulseJob.Source.KAFKA, Optional.empty(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "PULSE_KAFKA_BOOTSTRAP_SERVERS is not set: --source kafka needs the Kafka"
                                + " brokers, e.g. localhost:9092");
        assertThatThrownBy(
                        () ->
                                PulseJob.checkKafka(
                                        PulseJob.Source.ZOHO, Optional.empty(), "crm-pulse.alerts"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "PULSE_KAFKA_BOOTSTRAP_SERVERS is not set: --alerts-topic needs the Kafka"
                                + " brokers, e.g. localhost:9092");
    }

    @Test
    void anAlertsTopicMustBeAKafkaTopicName() {
        assertThatThrownBy(
                        () ->
                                PulseJob.checkKafka(
                                        PulseJob.Source.ZOHO, BROKERS, "crm pulse/alerts"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "--alerts-topic 'crm pulse/alerts' is not a Kafka topic name: 1 to 249"
                                + " letters, digits, '.', '_' or '-'");
    }

    @Test
    void zohoWithoutATopicNeedsNoBrokers() {
        assertThatCode(() -> PulseJob.checkKafka(PulseJob.Source.ZOHO, Optional.empty(), null))
                .doesNotThrowAnyException();
        assertThatCode(
                        () ->
                                PulseJob.checkKafka(
                                        PulseJob.Source.KAFKA, BROKERS, "crm-pulse.alerts"))
                .doesNotThrowAnyException();
    }
}
