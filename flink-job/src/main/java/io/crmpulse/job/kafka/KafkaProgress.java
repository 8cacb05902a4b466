package io.crmpulse.job.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmpulse.zoho.model.ChangeOp;
import io.crmpulse.zoho.model.RecordChange;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka source's progress reports: the {@link ChangeOp#SYNC_PROGRESS} changes the Zoho source
 * emits after each poll, which keep {@code sync_state}, the data-health guard and the daily
 * summary's clock going. Every {@code interval} it asks the broker how far the job has read (its
 * consumer group's offsets, committed with each checkpoint, against the partitions' ends: {@link
 * KafkaLag}) and, once the broker has answered, reports each mapped module, whether or not a
 * message arrived, with
 *
 * <ul>
 *   <li>{@code cursor}: the newest time of the module's changes read (a record's {@code modified}
 *       column, or when the database made the change, {@code source.ts_ms}), or null before the
 *       first;
 *   <li>{@code changes_emitted}: the module's changes passed on since the job began (kept in
 *       checkpoints); {@code api_calls}: 0, Kafka costs no CRM credits;
 *   <li>{@code poll_started_at}, {@code poll_completed_at}: when the broker was asked and answered;
 *   <li>{@code caught_up}: whether nothing was left to read, as of a checkpoint of this run (the
 *       group's offsets of an earlier run are deleted at the start). The end of a bounded run
 *       reports it once more, caught up, and nothing after.
 * </ul>
 *
 * <p>A broker that does not answer gets no report, as a Zoho poll that fails: after {@code
 * health.max_poll_lag_minutes} the data-stale alert says so. It passes every change on unchanged.
 */
public final class KafkaProgress extends AbstractStreamOperator<RecordChange>
        implements OneInputStreamOperator<RecordChange, RecordChange>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(KafkaProgress.class);

    /** Suggested {@code uid} and {@code name} of the operator. */
    public static final String UID = "kafka-progress";

    public static final String NAME = "Kafka progress";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> modules;
    private final long intervalMillis;
    private final Properties clientProperties;
    private final String groupId;
    private final List<String> topics;

    /** Per module: cursor (epoch ms, or Long.MIN_VALUE), changes passed on. */
    private transient Map<String, long[]> counts;

    private transient ListState<Tuple3<String, Long, Long>> countsState;
    private transient KafkaLag lag;
    private transient ExecutorService asker;
    private transient Future<Check> pending;
    private transient boolean failing;
    private transient boolean ended;
    private transient List<String> missingTopics;

    /**
     * @param modules the mapped modules, reported every {@code interval}
     * @param clientProperties the Kafka source's client properties, bootstrap servers included
     * @param groupId its consumer group, whose committed offsets tell how far it has read
     * @param topics the topics it reads
     */
    public KafkaProgress(
            List<String> modules,
            Duration interval,
            Properties clientProperties,
            String groupId,
            List<String> topics) {
        this.modules = List.copyOf(modules);
        this.intervalMillis = interval.toMillis();
        this.clientProperties = (Properties) clientProperties.clone();
        this.groupId = groupId;
        this.topics = List.copyOf(topics);
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("interval must be positive");
        }
    }

    /** One question to the broker: when it was asked and answered, and how far behind. */
    private record Check(long askedAt, long answeredAt, KafkaLag.Lag lag) {}

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        counts = new LinkedHashMap<>();
        for (String module : modules) {
            counts.put(module, new long[] {Long.MIN_VALUE, 0});
        }
        countsState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "kafka-progress",
                                        Types.TUPLE(Types.STRING, Types.LONG, Types.LONG)));
        for (Tuple3<String, Long, Long> saved : countsState.get()) {
            counts.computeIfPresent(saved.f0, (m, c) -> new long[] {saved.f1, saved.f2});
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        lag = new KafkaLag(clientProperties, groupId, topics);
        missingTopics = List.of();
        asker =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread thread = new Thread(r, "kafka-progress-lag");
                            thread.setDaemon(true);
                            return thread;
                        });
        // Runs before the first question, on the same thread: what an earlier run committed
        // must not count as this one's progress.
        asker.submit(
                () -> {
                    try {
                        lag.forgetCommittedOffsets();
                    } catch (Exception e) {
                        LOG.warn(
                                "Kafka: could not clear the consumer group {}'s old offsets ({});"
                                        + " until this run commits its own, its progress reports"
                                        + " may say caught up too early",
                                groupId,
                                e.toString());
                    }
                    return null;
                });
        ask();
        schedule(getProcessingTimeService().getCurrentProcessingTime() + intervalMillis);
    }

    private void ask() {
        pending =
                asker.submit(
                        () -> {
                            long asked = System.currentTimeMillis();
                            KafkaLag.Lag left = lag.lag();
                            return new Check(asked, System.currentTimeMillis(), left);
                        });
    }

    private void schedule(long at) {
        getProcessingTimeService().registerTimer(at, this::onTimer);
    }

    private void onTimer(long time) throws InterruptedException {
        if (ended) {
            return;
        }
        if (pending.isDone()) {
            try {
                Check check = pending.get();
                if (failing) {
                    LOG.info("Kafka: the broker answers again; progress reports go on");
                    failing = false;
                }
                List<String> missing = check.lag().missingTopics();
                if (!missing.equals(missingTopics)) {
                    if (!missing.isEmpty()) {
                        LOG.info(
                                "Kafka: no topic {} yet; its changes are read once Debezium"
                                        + " creates it (the topics are looked for every {} ms)",
                                missing,
                                intervalMillis);
                    }
                    missingTopics = missing;
                }
                report(check.askedAt(), check.answeredAt(), check.lag().messages() == 0);
            } catch (ExecutionException e) {
                if (!failing) {
                    LOG.warn(
                            "Kafka: the broker did not say how far the job has read ({}); no"
                                    + " progress report until it does, and after"
                                    + " health.max_poll_lag_minutes the data-stale alert fires",
                            e.getCause().toString());
                    failing = true;
                }
            }
            ask();
        }
        schedule(time + intervalMillis);
    }

    @Override
    public void processElement(StreamRecord<RecordChange> element) {
        RecordChange change = element.getValue();
        long[] count = counts.get(change.getModule());
        if (count != null) {
            count[1]++;
            if (change.getModifiedTime() != null) {
                count[0] = Math.max(count[0], change.getModifiedTime().toEpochMilli());
            }
        }
        output.collect(element);
    }

    @Override
    public void endInput() {
        ended = true;
        long now = getProcessingTimeService().getCurrentProcessingTime();
        report(now, now, true);
    }

    private void report(long askedAt, long answeredAt, boolean caughtUp) {
        Instant completed = Instant.ofEpochMilli(answeredAt);
        for (Map.Entry<String, long[]> module : counts.entrySet()) {
            long[] count = module.getValue();
            ObjectNode json = JSON.createObjectNode();
            json.put(
                    "cursor",
                    count[0] == Long.MIN_VALUE ? null : Instant.ofEpochMilli(count[0]).toString());
            json.put("changes_emitted", count[1]);
            json.put("api_calls", 0);
            json.put("poll_started_at", Instant.ofEpochMilli(askedAt).toString());
            json.put("poll_completed_at", completed.toString());
            json.put("caught_up", caughtUp);
            output.collect(
                    new StreamRecord<>(
                            RecordChange.syncProgress(
                                    module.getKey(), completed, json.toString())));
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        countsState.clear();
        for (Map.Entry<String, long[]> module : counts.entrySet()) {
            countsState.add(Tuple3.of(module.getKey(), module.getValue()[0], module.getValue()[1]));
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (asker != null) {
                asker.shutdownNow();
            }
            if (lag != null) {
                lag.close();
            }
        } finally {
            super.close();
        }
    }
}
