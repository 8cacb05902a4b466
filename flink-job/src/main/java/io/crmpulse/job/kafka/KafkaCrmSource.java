package io.crmpulse.job.kafka;

import io.crmpulse.job.source.CrmChangeSource;
import io.crmpulse.zoho.model.RecordChange;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code --source kafka}: the CRM's record changes from the Debezium topics of its database,
 * through Flink's Kafka source, then {@link KafkaProgress}'s reports.
 *
 * <p>It subscribes to the mapped topics by pattern and, unless bounded, looks for new topics and
 * partitions every {@code reportInterval}, so a table whose topic Debezium has not created yet (it
 * does with the table's first change) is read once it exists. A bounded run reads the topics that
 * exist when it starts.
 *
 * <p>The offsets live in the job's checkpoints, so a restored job goes on exactly where its state
 * stands. A job started without state reads every topic from its earliest offset, to build the
 * tables from the whole history: keep the topics compacted (or long enough) for that, or start
 * Debezium over with a snapshot. The consumer group's offsets, committed with each checkpoint, are
 * never read back by the source: {@link KafkaProgress} measures the lag with them (and deletes an
 * earlier run's at the start), and tools such as {@code kafka-consumer-groups} show it.
 *
 * @param bootstrapServers {@code PULSE_KAFKA_BOOTSTRAP_SERVERS}
 * @param clientProperties more consumer properties (security, for one); may be empty
 * @param bounded read up to the offsets that are the latest at the start, then finish ({@code
 *     --until-caught-up})
 * @param reportInterval how often {@link KafkaProgress} reports
 */
public record KafkaCrmSource(
        String bootstrapServers,
        String groupId,
        Properties clientProperties,
        DebeziumMapping mapping,
        boolean bounded,
        Duration reportInterval)
        implements CrmChangeSource {

    /** The source's uid, which its checkpointed offsets are kept by. */
    public static final String UID = "kafka-crm-source";

    public KafkaCrmSource {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(mapping, "mapping");
        clientProperties = (Properties) clientProperties.clone();
    }

    /** The client properties with the bootstrap servers. */
    private Properties client() {
        Properties properties = (Properties) clientProperties.clone();
        properties.setProperty("bootstrap.servers", bootstrapServers);
        return properties;
    }

    /** The Flink source alone, without the progress reports. */
    public KafkaSource<RecordChange> kafkaSource() {
        KafkaSourceBuilder<RecordChange> builder =
                KafkaSource.<RecordChange>builder()
                        .setProperties(client())
                        .setGroupId(groupId)
                        // A pattern, not a list: a topic that does not exist yet (Debezium
                        // creates a table's topic with its first change) is found later, where a
                        // list would fail the job.
                        .setTopicPattern(topicPattern())
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setDeserializer(new DebeziumDeserializer(mapping))
                        .setProperty("commit.offsets.on.checkpoint", "true")
                        .setProperty(
                                "partition.discovery.interval.ms",
                                String.valueOf(reportInterval.toMillis()))
                        .setProperty("client.id.prefix", groupId);
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** Exactly the mapped topics. */
    Pattern topicPattern() {
        return Pattern.compile(
                mapping.topics().stream().map(Pattern::quote).collect(Collectors.joining("|")));
    }

    @Override
    public DataStream<RecordChange> changes(StreamExecutionEnvironment env) {
        return CrmChangeSource.of(kafkaSource(), "Debezium topics", UID)
                .changes(env)
                .transform(
                        KafkaProgress.NAME,
                        TypeInformation.of(RecordChange.class),
                        new KafkaProgress(
                                mapping.modules(),
                                reportInterval,
                                client(),
                                groupId,
                                mapping.topics()))
                .uid(KafkaProgress.UID)
                .setParallelism(1);
    }
}
