package io.crmpulse.simulator.truth;

import java.util.List;

/** The four metrics tables, computed from one consistent read of the world, each sorted by key. */
public record TruthMetrics(
        List<LeadSourceQualityRow> leadSourceQuality,
        List<RepPipelineRow> repPipeline,
        List<DailySourceStatsRow> dailySourceStats,
        List<DailyRepStatsRow> dailyRepStats) {

    public TruthMetrics {
        leadSourceQuality = List.copyOf(leadSourceQuality);
        repPipeline = List.copyOf(repPipeline);
        dailySourceStats = List.copyOf(dailySourceStats);
        dailyRepStats = List.copyOf(dailyRepStats);
    }
}
