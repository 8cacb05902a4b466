package io.crmpulse.simulator.truth;

import io.crmpulse.simulator.world.CrmModule;
import io.crmpulse.simulator.world.CrmRecord;
import io.crmpulse.simulator.world.CrmWorld;
import io.crmpulse.simulator.world.DeletedRecord;
import io.crmpulse.simulator.world.WorldSnapshot;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a correct sync of the simulated CRM must end up with: the live records, the deletions, and
 * the metrics tables of docs/METRICS.md computed from the live records.
 *
 * <p>{@code won_at} here is when the deal truly entered the won class (from its stage history). The
 * job records the {@code Modified_Time} of the first won version it <em>saw</em>; the two agree as
 * long as the job polled before a won deal was edited again. The scenarios never edit a closed
 * deal, so a backfill agrees with this truth.
 */
public final class GroundTruth {

    private final CrmWorld world;

    public GroundTruth(CrmWorld world) {
        this.world = world;
    }

    /** Live (not deleted) records of {@code module}: id → {@code Modified_Time}, sorted by id. */
    public Map<String, Instant> liveRecords(String module) {
        Map<String, Instant> live = new TreeMap<>();
        for (CrmRecord record : world.liveRecords(module)) {
            live.put(record.id(), record.modifiedTime());
        }
        return Collections.unmodifiableMap(live);
    }

    /** Ids deleted from {@code module} and not restored, whether in the recycle bin or purged. */
    public Set<String> deletedIds(String module) {
        Set<String> ids = new TreeSet<>();
        for (DeletedRecord deleted : world.deletedRecords(CrmModule.of(module))) {
            ids.add(deleted.id());
        }
        return Collections.unmodifiableSet(ids);
    }

    /** All four tables with docs/METRICS.md's default classes, days in {@code businessZone}. */
    public TruthMetrics metrics(ZoneId businessZone) {
        return metrics(businessZone, MetricClasses.DEFAULTS);
    }

    /** All four tables with custom status and stage classes, as {@code pulse.yaml} can set. */
    public TruthMetrics metrics(ZoneId businessZone, MetricClasses classes) {
        WorldSnapshot snapshot = world.snapshot();
        MetricsNormalizer normalizer = new MetricsNormalizer(classes);
        return MetricsCalculator.compute(
                snapshot.leads().stream().map(normalizer::lead).toList(),
                snapshot.deals().stream().map(normalizer::deal).toList(),
                businessZone);
    }

    public List<LeadSourceQualityRow> leadSourceQuality() {
        return metrics(ZoneOffset.UTC).leadSourceQuality();
    }

    public List<RepPipelineRow> repPipeline() {
        return metrics(ZoneOffset.UTC).repPipeline();
    }

    public List<DailySourceStatsRow> dailySourceStats(ZoneId businessZone) {
        return metrics(businessZone).dailySourceStats();
    }

    public List<DailyRepStatsRow> dailyRepStats(ZoneId businessZone) {
        return metrics(businessZone).dailyRepStats();
    }
}
