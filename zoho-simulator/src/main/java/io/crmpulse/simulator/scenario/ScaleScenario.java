package io.crmpulse.simulator.scenario;

import io.crmpulse.simulator.world.CrmWorld;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.SplittableRandom;

/**
 * A CRM of a given size for benchmarks: two years of history written as {@link BackfillScenario}'s
 * is (sources by weight, statuses junk included, eight reps, conversions, deal stages to won and
 * lost, recycle-bin and permanent deletions, a mass transfer of 1,000 leads in one second a month
 * ago), with the daily rates chosen so that about {@code leads} leads and {@code deals} deals are
 * live at the end. Nothing changes afterwards.
 *
 * <p>The counts are the outcome of random lifecycles: within 1% of the request at a million leads,
 * a few percent at a few thousand; {@link CrmWorld#liveCount} gives the exact ones.
 */
final class ScaleScenario implements Scenario {

    /** How far back the history starts. */
    static final int DAYS = 730;

    /** Leads on a weekend day per lead on a weekday, as in {@link BackfillScenario}: 25 to 80. */
    private static final double WEEKEND_SHARE = 25.0 / 80;

    /**
     * Per lead that the mean rates plan, the leads live at the end and the leads converted to a
     * deal; per deal created, the deals live at the end: what {@link HistoryGenerator} yields with
     * the lead sources' odds, measured on 200,000 leads of seed 42 (deletions, and the last days'
     * leads that are planned after now, leave the counts).
     */
    private static final double LIVE_LEADS_PER_PLANNED_LEAD = 0.9780;

    private static final double CONVERSIONS_PER_PLANNED_LEAD = 0.1348;
    private static final double LIVE_DEALS_PER_CREATED_DEAL = 0.9857;

    private final int leads;
    private final int deals;

    ScaleScenario(int leads, int deals) {
        if (leads < 0 || deals < 0) {
            throw new IllegalArgumentException(
                    "A scale scenario needs counts of zero or more: leads "
                            + leads
                            + ", deals "
                            + deals);
        }
        this.leads = leads;
        this.deals = deals;
    }

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public void writeHistory(CrmWorld world, ZoneId userZone) {
        LocalDate today = LocalDate.ofInstant(world.now(), userZone);
        int weekdays = 0;
        int weekendDays = 0;
        for (LocalDate day = today.minusDays(DAYS); !day.isAfter(today); day = day.plusDays(1)) {
            if (day.getDayOfWeek() == DayOfWeek.SATURDAY
                    || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                weekendDays++;
            } else {
                weekdays++;
            }
        }
        double plannedLeads = leads / LIVE_LEADS_PER_PLANNED_LEAD;
        double leadsPerWeekday = plannedLeads / (weekdays + weekendDays * WEEKEND_SHARE);
        // HistoryGenerator creates one direct deal per weekend day.
        double directDeals =
                Math.max(
                        0,
                        deals / LIVE_DEALS_PER_CREATED_DEAL
                                - plannedLeads * CONVERSIONS_PER_PLANNED_LEAD
                                - weekendDays);
        HistoryPlan plan =
                new HistoryPlan(
                        DAYS,
                        leadsPerWeekday,
                        leadsPerWeekday * WEEKEND_SHARE,
                        directDeals / weekdays,
                        9,
                        Math.min(1_000, leads / 20),
                        Duration.ofDays(30),
                        null,
                        Duration.ZERO,
                        false,
                        Duration.ZERO,
                        Duration.ZERO);
        new HistoryGenerator(plan, new SplittableRandom(world.seed() ^ 0x5CA1EL), userZone)
                .write(world);
    }
}
