package io.crmpulse.simulator.scenario;

import io.crmpulse.simulator.world.CrmWorld;
import java.time.Duration;
import java.time.ZoneId;
import java.util.SplittableRandom;

/**
 * Ninety days of history for backfill tests: about 5,800 leads and 1,200 deals with conversions,
 * stage moves, recycle-bin and permanent deletions, and a mass transfer that ties 360 leads in one
 * second, seven days ago (so ties straddle Get Records pages of 200). Nothing changes afterwards
 * unless a test changes it.
 */
final class BackfillScenario implements Scenario {

    static final HistoryPlan PLAN =
            new HistoryPlan(
                    90,
                    80,
                    25,
                    8,
                    9,
                    360,
                    Duration.ofDays(7),
                    null,
                    Duration.ZERO,
                    false,
                    Duration.ZERO,
                    Duration.ZERO);

    @Override
    public String name() {
        return "backfill";
    }

    @Override
    public void writeHistory(CrmWorld world, ZoneId userZone) {
        new HistoryGenerator(PLAN, new SplittableRandom(world.seed() ^ 0x5EEDL), userZone)
                .write(world);
    }
}
