package io.crmpulse.simulator.scenario;

import io.crmpulse.simulator.world.CrmWorld;
import java.time.Duration;
import java.time.ZoneId;
import java.util.SplittableRandom;

/**
 * The demo: 30 days of history (about 2,200 leads and 330 deals; deals move faster than in {@code
 * backfill}, so that many have closed), then, on a live clock, one change every 1 to 3 seconds with
 * three scripted incidents, timed from the start:
 *
 * <ul>
 *   <li><b>Silent source</b>: {@value DemoLiveChanges#SILENT_SOURCE} has sent no lead for the last
 *       12 hours of history and sends none live.
 *   <li><b>Junk spike</b>: from 1 to 6 minutes, {@value DemoLiveChanges#SPIKE_SOURCE} sends a lead
 *       on every change and 80% of them are triaged as Junk Lead (its usual rate is 25%).
 *   <li><b>Big deal lost</b>: at 4 minutes, the open deal with the highest home-currency amount (a
 *       ₹9,500,000 deal in negotiation, unless another grew bigger) moves to Closed Lost.
 * </ul>
 */
final class DemoScenario implements Scenario {

    static final HistoryPlan PLAN =
            new HistoryPlan(
                    30,
                    90,
                    30,
                    6,
                    4,
                    150,
                    Duration.ofDays(2),
                    DemoLiveChanges.SILENT_SOURCE,
                    Duration.ofHours(12),
                    true);

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public void writeHistory(CrmWorld world, ZoneId userZone) {
        new HistoryGenerator(PLAN, new SplittableRandom(world.seed() ^ 0xDE30L), userZone)
                .write(world);
    }

    @Override
    public LiveChanges startLiveChanges(CrmWorld world) {
        DemoLiveChanges changes =
                new DemoLiveChanges(world, new SplittableRandom(world.seed() ^ 0x11FEL));
        changes.start();
        return changes;
    }
}
