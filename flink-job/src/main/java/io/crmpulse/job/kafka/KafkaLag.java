package io.crmpulse.job.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Whether the job has read the Debezium topics to their end: the offsets its consumer group
 * committed with the last completed checkpoint against each partition's end. A partition without a
 * committed offset counts as read when it holds nothing (its earliest offset is its end).
 */
final class KafkaLag implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final String groupId;
    private final List<String> topics;

    /**
     * @param clientProperties the source's client properties: bootstrap servers and security
     */
    KafkaLag(Properties clientProperties, String groupId, List<String> topics) {
        Properties properties = (Properties) clientProperties.clone();
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, groupId + "-lag");
        properties.put(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) Duration.ofSeconds(TIMEOUT_SECONDS).toMillis());
        this.admin = Admin.create(properties);
        this.groupId = groupId;
        this.topics = List.copyOf(topics);
    }

    /**
     * The messages not yet read (as of the last committed checkpoint), summed over the partitions
     * of the topics that exist; blocks for at most about two and a half minutes.
     *
     * @throws Exception when the broker does not answer
     */
    Lag lag() throws Exception {
        Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> missing = topics.stream().filter(t -> !existing.contains(t)).toList();
        List<String> present = topics.stream().filter(existing::contains).toList();
        Map<String, TopicDescription> described =
                admin.describeTopics(present)
                        .allTopicNames()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (TopicDescription topic : described.values()) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partition());
                latest.put(tp, OffsetSpec.latest());
                earliest.put(tp, OffsetSpec.earliest());
            }
        }
        Map<TopicPartition, ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> starts =
                admin.listOffsets(earliest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            long read = done != null ? done.offset() : starts.get(end.getKey()).offset();
            lag += Math.max(0, end.getValue().offset() - read);
        }
        return new Lag(lag, missing);
    }

    /**
     * How far behind the job is.
     *
     * @param messages the messages not yet read, summed over the partitions
     * @param missingTopics the mapped topics the broker does not have (yet): nothing to read
     */
    record Lag(long messages, List<String> missingTopics) {}

    /**
     * Deletes the consumer group's committed offsets, which an earlier run may have left: until
     * this run commits its own with a checkpoint, the lag counts from each partition's start, so a
     * run that began afresh is never taken for caught up. The job's source commits offsets but is
     * no member of the group, so the broker allows it.
     *
     * @throws Exception when the broker does not answer; a group it does not know is no error
     */
    void forgetCommittedOffsets() throws Exception {
        try {
            admin.deleteConsumerGroups(List.of(groupId))
                    .all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        // A question still waiting for the broker is of no use any more.
        admin.close(Duration.ZERO);
    }
}
