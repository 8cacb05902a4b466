package io.crmpulse.sinks.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * {@code --alerts-topic}: Flink's Kafka sink, exactly once. Each checkpoint commits one Kafka
 * transaction, so a consumer that reads with {@code isolation.level=read_committed} sees every
 * message once, after the checkpoint that holds it, and nothing of a failed attempt.
 *
 * <p>The transactional id prefix, {@value #ID_PREFIX} and the topic, stays the same across
 * restarts, so that a restarted job aborts what its last run left open. The transaction timeout
 * must be at most the broker's {@code transaction.max.timeout.ms} (15 minutes by default; a
 * producer asking for more is refused), and longer than a checkpoint and a restart take, or the
 * broker aborts a transaction the job still means to commit.
 */
public final class AlertsTopicSink {

    /** The start of the transactional ids, before the topic's name. */
    public static final String ID_PREFIX = "crm-pulse-alerts-";

    private AlertsTopicSink() {}

    /**
     * @param clientProperties more producer properties (security, for one); may be empty
     */
    public static KafkaSink<TopicMessage> create(
            String bootstrapServers,
            Properties clientProperties,
            String topic,
            Duration transactionTimeout) {
        return KafkaSink.<TopicMessage>builder()
                .setKafkaProducerConfig(clientProperties)
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(
                        KafkaRecordSerializationSchema.<TopicMessage>builder()
                                .setTopic(topic)
                                .setKeySerializationSchema(
                                        m -> m.getKey().getBytes(StandardCharsets.UTF_8))
                                .setValueSerializationSchema(
                                        m -> m.getValue().getBytes(StandardCharsets.UTF_8))
                                .build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(ID_PREFIX + topic)
                .setProperty(
                        "transaction.timeout.ms", String.valueOf(transactionTimeout.toMillis()))
                .build();
    }
}
