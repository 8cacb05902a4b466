package io.crmpulse.sinks.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

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
     * The brokers' {@code transaction.max.timeout.ms}, the longest transaction timeout a producer
     * may ask for; the least of the brokers' when they differ.
     *
     * @return empty when the brokers cannot be asked within {@code wait}
     */
    public static Optional<Duration> brokerMaxTransactionTimeout(
            String bootstrapServers, Properties clientProperties, Duration wait) {
        Properties properties = (Properties) clientProperties.clone();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) wait.toMillis());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) wait.toMillis());
        try (Admin admin = Admin.create(properties)) {
            List<ConfigResource> brokers = new ArrayList<>();
            for (Node node :
                    admin.describeCluster().nodes().get(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                brokers.add(new ConfigResource(ConfigResource.Type.BROKER, node.idString()));
            }
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(brokers)
                            .all()
                            .get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return configs.values().stream()
                    .map(config -> config.get("transaction.max.timeout.ms"))
                    .filter(entry -> entry != null && entry.value() != null)
                    .map(entry -> Duration.ofMillis(Long.parseLong(entry.value())))
                    .min(Duration::compareTo);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

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
