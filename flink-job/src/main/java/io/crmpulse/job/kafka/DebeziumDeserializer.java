package io.crmpulse.job.kafka;

import io.crmpulse.common.metrics.PulseMetrics;
import io.crmpulse.zoho.model.RecordChange;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka source's reading of a message: a {@link DebeziumDecoder} with its counters in the
 * {@code crmpulse} group of the source's metrics: {@code kafkaTombstones} and {@code kafkaSkipped}
 * (events of tables no section maps, schema changes). The first skip of each kind is logged at
 * INFO, the rest only counted.
 */
public final class DebeziumDeserializer implements KafkaRecordDeserializationSchema<RecordChange> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(DebeziumDeserializer.class);

    private final DebeziumDecoder decoder;
    private transient Counter tombstones;
    private transient Counter skipped;
    private transient Set<String> skipsLogged;

    public DebeziumDeserializer(DebeziumMapping mapping) {
        this.decoder = new DebeziumDecoder(mapping);
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        MetricGroup group = PulseMetrics.group(context.getMetricGroup());
        tombstones = group.counter("kafkaTombstones");
        skipped = group.counter("kafkaSkipped");
        skipsLogged = new HashSet<>();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> message, Collector<RecordChange> out) {
        DebeziumDecoder.Decoded decoded =
                decoder.decode(
                        message.topic(),
                        message.partition(),
                        message.offset(),
                        message.key(),
                        message.value());
        if (decoded instanceof DebeziumDecoder.Change change) {
            out.collect(change.change());
        } else if (decoded instanceof DebeziumDecoder.Tombstone) {
            tombstones.inc();
        } else if (decoded instanceof DebeziumDecoder.Skipped skip) {
            skipped.inc();
            if (skipsLogged.size() < 100 && skipsLogged.add(skip.what())) {
                LOG.info(
                        "Kafka: skipping the events of {}, which no kafka_leads or kafka_deals"
                                + " section maps (counted in crmpulse.kafkaSkipped)",
                        skip.what());
            }
        }
    }

    @Override
    public TypeInformation<RecordChange> getProducedType() {
        return TypeInformation.of(RecordChange.class);
    }
}
