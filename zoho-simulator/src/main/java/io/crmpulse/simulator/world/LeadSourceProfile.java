package io.crmpulse.simulator.world;

/**
 * A {@code Lead_Source} value and how its leads behave.
 *
 * @param name the picklist value, or {@code null} for leads with no source
 * @param weight relative share of new leads
 * @param junkRate chance that a triaged lead turns out to be junk
 * @param contactRate chance that an attempted lead is reached
 * @param conversionRate chance that a contacted lead qualifies (and is then usually converted)
 */
public record LeadSourceProfile(
        String name, int weight, double junkRate, double contactRate, double conversionRate) {}
