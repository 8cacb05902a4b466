package io.crmpulse.zoho.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmpulse.simulator.SimClock;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.simulator.api.ServedRequest;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.client.ZohoClientConfig;
import io.crmpulse.zoho.client.ZohoCredentials;
import io.crmpulse.zoho.model.ChangeOp;
import io.crmpulse.zoho.model.RecordChange;
import io.crmpulse.zoho.testutils.LatestVersions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.SinkFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The source in a Flink MiniCluster against the Zoho simulator: what it emits must add up to the
 * simulator's truth, through the 2,000-record wall, same-second ties, converted leads, deletions,
 * edits while paging, expiring tokens, rate limits and a restart from a checkpoint.
 */
class ZohoSourceITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final List<String> MODULES = List.of("Leads", "Deals");

    // Frozen at the real time: every change the test makes shares one second (ties), and the
    // source's clock agrees with the CRM's, as it does with Zoho.
    private final SimClock clock = SimClock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private ZohoSimulator zoho;
    private final Map<String, Set<String>> deletedBeforeTheSync = new HashMap<>();

    @BeforeEach
    void startSimulator() {
        zoho =
                ZohoSimulator.builder()
                        .scenario(Scenario.named("backfill"))
                        .seed(42)
                        .userTimeZone(ZoneId.of("America/Los_Angeles"))
                        .clock(clock)
                        .port(0)
                        .start();
        for (String module : MODULES) {
            deletedBeforeTheSync.put(module, Set.copyOf(zoho.truth().deletedIds(module)));
        }
        CollectingSink.CHANGES.clear();
        FailOnceAfterCheckpoint.reset();
    }

    @AfterEach
    void stopSimulator() {
        zoho.close();
    }

    @Test
    void backfillThroughFaultsEmitsExactlyTheSimulatorsTruth() throws Exception {
        assertThat(zoho.truth().liveRecords("Leads")).hasSizeGreaterThanOrEqualTo(5_000);
        assertThat(zoho.truth().liveRecords("Deals")).hasSizeGreaterThanOrEqualTo(1_000);
        assertThat(largestTie("Leads")).isGreaterThanOrEqualTo(300);
        zoho.faults().failNextCalls(2, 429, Duration.ofMillis(200));
        zoho.faults().failNextCalls(1, 500);
        zoho.faults().htmlNextCalls(1);
        // While the Leads backfill pages: edits, conversions, deletions and a mass transfer shift
        // Zoho's offset pages, and every access token expires, so the client must refresh once.
        zoho.faults()
                .afterRecordsPage(
                        "Leads",
                        4,
                        () -> {
                            zoho.world().editLeads(25);
                            zoho.world().deleteLeads(10);
                            zoho.world().convertLeads(5);
                            zoho.world().bulkEditLeads(350);
                            zoho.faults().expireAccessTokens();
                        });

        List<RecordChange> changes = new ArrayList<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // One reader for both modules, as in production: one client, one access token.
        env.setParallelism(1);
        try (var it =
                env.fromSource(source(), WatermarkStrategy.noWatermarks(), "zoho")
                        .executeAndCollect()) {
            it.forEachRemaining(changes::add);
        }

        for (String module : MODULES) {
            assertMatchesTruth(module, changes);
        }
        // A poll that re-reads behind the overlap (after an edit while paging) emits replays;
        // LatestVersionFilter passes each version once.
        List<String> versions =
                new LatestVersions()
                        .offer(changes).stream()
                                .filter(c -> c.getOp() != ChangeOp.SYNC_PROGRESS)
                                .map(
                                        c ->
                                                c.getModule()
                                                        + c.getId()
                                                        + c.getModifiedTime()
                                                        + c.getOp())
                                .toList();
        assertThat(versions).as("every version passes once").doesNotHaveDuplicates();
        assertThat(changes)
                .as("converted leads are synced")
                .anySatisfy(c -> assertThat(c.getFieldsJson()).contains("\"Converted__s\":true"));
        assertThat(zoho.stats().tokenCalls()).isEqualTo(2);
        for (String module : MODULES) {
            JsonNode progress = lastProgress(module, changes);
            assertThat(progress.get("api_calls").asLong())
                    .as(module + " API calls reported for sync_state, failed ones included")
                    .isEqualTo(
                            zoho.stats().recordsCalls(module) + zoho.stats().deletedCalls(module));
            assertThat(progress.get("changes_emitted").asLong())
                    .isEqualTo(
                            changes.stream()
                                    .filter(c -> c.getModule().equals(module))
                                    .filter(c -> c.getOp() != ChangeOp.SYNC_PROGRESS)
                                    .filter(c -> !c.isReplay())
                                    .count());
            assertThat(progress.get("cursor").asText())
                    .isEqualTo(
                            Collections.max(zoho.truth().liveRecords(module).values()).toString());
        }
        assertThat(zoho.stats().recentApiRequests())
                .extracting(ServedRequest::status)
                .as("the faults were served, and retried")
                .contains(429, 500, 401);
    }

    @Test
    void restartFromACheckpointInTheMiddleLosesNothing() throws Exception {
        zoho.faults().slowNextCalls(40, Duration.ofMillis(60));
        zoho.faults()
                .afterRecordsPage(
                        "Leads",
                        12,
                        () -> {
                            zoho.world().editLeads(40);
                            zoho.world().deleteDeals(7);
                        });

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ZERO);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(100);
        env.fromSource(source(), WatermarkStrategy.noWatermarks(), "zoho")
                .map(new FailOnceAfterCheckpoint(1_500))
                .addSink(new CollectingSink());

        env.execute("restart from checkpoint");

        assertThat(FailOnceAfterCheckpoint.FAILED.get()).isTrue();
        assertThat(FailOnceAfterCheckpoint.CHECKPOINTS_BEFORE_FAILURE.get()).isPositive();
        List<RecordChange> changes = new ArrayList<>(CollectingSink.CHANGES);
        for (String module : MODULES) {
            assertMatchesTruth(module, changes);
        }
    }

    private ZohoSource source() {
        return ZohoSource.builder()
                .setModules(MODULES.stream().map(ZohoModule::of).toList())
                .setHttpClient(
                        ZohoClientConfig.of(zoho.baseUrl(), null),
                        ZohoCredentials.of(
                                zoho.clientId(), zoho.clientSecret(), zoho.refreshToken()))
                .setBounded(true)
                .build();
    }

    /**
     * Applying the changes in order must give the simulator's live records, and the deletions must
     * be those made since the sync started (older ones concern records it never read).
     */
    private void assertMatchesTruth(String module, List<RecordChange> changes) {
        Map<String, Instant> live = new HashMap<>();
        Set<String> deleted = new HashSet<>();
        for (RecordChange change : changes) {
            if (!change.getModule().equals(module)) {
                continue;
            }
            assertThat(change.getOp()).isNotEqualTo(ChangeOp.MALFORMED);
            if (change.getOp() == ChangeOp.SYNC_PROGRESS) {
                continue;
            }
            if (change.getOp() == ChangeOp.DELETE) {
                live.remove(change.getId());
                deleted.add(change.getId());
            } else {
                live.put(change.getId(), change.getModifiedTime());
            }
        }
        Map<String, Instant> truth = zoho.truth().liveRecords(module);
        assertThat(difference(live, truth))
                .as(module + ": (id, latest modified time) emitted vs the simulator's")
                .isEmpty();
        assertThat(live).hasSameSizeAs(truth);
        Set<String> deletedSince = new HashSet<>(zoho.truth().deletedIds(module));
        deletedSince.removeAll(deletedBeforeTheSync.get(module));
        assertThat(deleted).as(module + " deletions").isEqualTo(deletedSince);
    }

    private static JsonNode lastProgress(String module, List<RecordChange> changes)
            throws Exception {
        RecordChange last = null;
        for (RecordChange change : changes) {
            if (change.getModule().equals(module) && change.getOp() == ChangeOp.SYNC_PROGRESS) {
                last = change;
            }
        }
        assertThat(last).as(module + " reported its sync progress").isNotNull();
        return new ObjectMapper().readTree(last.getFieldsJson());
    }

    /** What differs, briefly: a failure names the records instead of dumping thousands. */
    private static List<String> difference(
            Map<String, Instant> emitted, Map<String, Instant> truth) {
        List<String> differences = new ArrayList<>();
        truth.forEach(
                (id, time) -> {
                    if (!emitted.containsKey(id)) {
                        differences.add("missing " + id + "@" + time);
                    } else if (!emitted.get(id).equals(time)) {
                        differences.add("stale " + id + "@" + emitted.get(id) + " != " + time);
                    }
                });
        emitted.keySet().stream()
                .filter(id -> !truth.containsKey(id))
                .forEach(id -> differences.add("extra " + id + "@" + emitted.get(id)));
        return differences.subList(0, Math.min(differences.size(), 20));
    }

    private int largestTie(String module) {
        return zoho.truth().liveRecords(module).values().stream()
                .collect(Collectors.groupingBy(t -> t, Collectors.counting()))
                .values()
                .stream()
                .mapToInt(Long::intValue)
                .max()
                .orElse(0);
    }

    /** Collects what reaches it, across restarts (a restart replays what followed a checkpoint). */
    private static final class CollectingSink implements SinkFunction<RecordChange> {
        static final ConcurrentLinkedQueue<RecordChange> CHANGES = new ConcurrentLinkedQueue<>();

        @Override
        public void invoke(RecordChange value, Context context) {
            CHANGES.add(value);
        }
    }

    /** Fails the job once, after a checkpoint completed and enough changes went through. */
    private static final class FailOnceAfterCheckpoint
            implements MapFunction<RecordChange, RecordChange>, CheckpointListener {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicInteger CHECKPOINTS_BEFORE_FAILURE = new AtomicInteger();
        static final AtomicInteger SEEN = new AtomicInteger();

        private final int failAfter;

        FailOnceAfterCheckpoint(int failAfter) {
            this.failAfter = failAfter;
        }

        static void reset() {
            FAILED.set(false);
            CHECKPOINTS_BEFORE_FAILURE.set(0);
            SEEN.set(0);
        }

        @Override
        public RecordChange map(RecordChange value) {
            if (SEEN.incrementAndGet() >= failAfter
                    && CHECKPOINTS_BEFORE_FAILURE.get() > 0
                    && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("Injected failure after a checkpoint");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (!FAILED.get()) {
                CHECKPOINTS_BEFORE_FAILURE.incrementAndGet();
            }
        }
    }
}
