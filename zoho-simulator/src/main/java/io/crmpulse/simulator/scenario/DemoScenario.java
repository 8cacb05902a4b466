package io.crmpulse.simulator.scenario;

import io.crmpulse.simulator.world.CrmWorld;
import io.crmpulse.simulator.world.LeadStatuses;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The demo: 30 days of history (about 2,200 leads and 330 deals; deals move faster than in {@code
 * backfill}, so that many have closed), then, on a live clock, one change every 1 to 3 seconds with
 * three scripted incidents, timed from the start by {@link DemoTimings} (defaults below):
 *
 * <ul>
 *   <li><b>Silent source</b>: {@value DemoLiveChanges#SILENT_SOURCE} sent its last lead 57 minutes
 *       before the start and sends none live. The history ends with a quiet spell (65 minutes by
 *       default) in which only that lead arrives, so under the job's demo settings (a one-hour
 *       silence window) it is the only source whose silence is reached live, 3 minutes in.
 *   <li><b>Junk spike</b>: from 1 to 6 minutes, {@value DemoLiveChanges#SPIKE_SOURCE} sends a lead
 *       on every change and 80% of them are triaged as Junk Lead (its usual rate is 25%).
 *   <li><b>Big deal lost</b>: at 4 minutes, the open deal with the highest home-currency amount (a
 *       ₹9,500,000 deal in negotiation, unless another grew bigger) moves to Closed Lost. The
 *       ordinary changes never lose a big deal by chance, so this is the demo's only big loss.
 * </ul>
 *
 * <p>Nothing else alerts in the first hours: every lead of the last two days was triaged within 20
 * hours (older ones may have been left untouched for good), so no lead crosses R5's 24-hour
 * escalation until about 3 hours in; no history lead's SLA runs out live (the quiet spell); and
 * live leads start to breach their 60-minute SLA an hour in, as nobody triages them.
 */
final class DemoScenario implements Scenario {

    private final DemoTimings timings;
    private final HistoryPlan plan;

    DemoScenario(DemoTimings timings) {
        this.timings = Objects.requireNonNull(timings, "timings");
        this.plan =
                new HistoryPlan(
                        30,
                        90,
                        30,
                        6,
                        4,
                        150,
                        Duration.ofDays(2),
                        DemoLiveChanges.SILENT_SOURCE,
                        timings.quietBeforeStart(),
                        true,
                        timings.quietBeforeStart(),
                        Duration.ofHours(20));
    }

    DemoTimings timings() {
        return timings;
    }

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public void writeHistory(CrmWorld world, ZoneId userZone) {
        new HistoryGenerator(plan, new SplittableRandom(world.seed() ^ 0xDE30L), userZone)
                .write(world);
        // The silent source's last lead, already being worked on (so it is no untouched lead).
        world.writeHistory(
                world.now().minus(timings.silentSourceLastLead()),
                w -> w.createLeads(1, DemoLiveChanges.SILENT_SOURCE, LeadStatuses.ATTEMPTED));
    }

    @Override
    public LiveChanges startLiveChanges(CrmWorld world) {
        DemoLiveChanges changes =
                new DemoLiveChanges(world, new SplittableRandom(world.seed() ^ 0x11FEL), timings);
        changes.start();
        return changes;
    }
}
