package io.crmpulse.simulator.world;

import java.util.Set;
import java.util.SplittableRandom;

/**
 * Zoho's default {@code Lead_Status} values and how a lead moves through them: Not Contacted →
 * Attempted to Contact (or Junk Lead) → Contacted / Contact in Future → Pre-Qualified / Not
 * Qualified / Lost Lead. Each step's odds come from the lead's source.
 */
public final class LeadStatuses {

    public static final String NONE = "-None-";
    public static final String NOT_CONTACTED = "Not Contacted";
    public static final String ATTEMPTED = "Attempted to Contact";
    public static final String CONTACTED = "Contacted";
    public static final String CONTACT_IN_FUTURE = "Contact in Future";
    public static final String PRE_QUALIFIED = "Pre-Qualified";
    public static final String NOT_QUALIFIED = "Not Qualified";
    public static final String JUNK = "Junk Lead";
    public static final String LOST = "Lost Lead";

    /** Statuses a lead does not leave on its own. */
    private static final Set<String> FINAL = Set.of(JUNK, LOST, NOT_QUALIFIED);

    private LeadStatuses() {}

    /** Whether {@code status} is an unset picklist: {@code null}, blank or {@code -None-}. */
    public static boolean isUnset(String status) {
        return status == null || status.isBlank() || NONE.equals(status.trim());
    }

    /** Whether the lead can still move on (it is neither junk, lost nor disqualified). */
    public static boolean canProgress(String status) {
        return status == null || !FINAL.contains(status.trim());
    }

    /** The next status of a lead from {@code source}, as a rep's next touch would set it. */
    public static String next(String status, LeadSourceProfile source, SplittableRandom random) {
        if (isUnset(status) || NOT_CONTACTED.equals(status)) {
            return random.nextDouble() < source.junkRate() ? JUNK : ATTEMPTED;
        }
        if (ATTEMPTED.equals(status)) {
            if (random.nextDouble() < source.contactRate()) {
                return CONTACTED;
            }
            double roll = random.nextDouble();
            return roll < 0.5 ? LOST : roll < 0.75 ? NOT_QUALIFIED : CONTACT_IN_FUTURE;
        }
        if (CONTACTED.equals(status) || CONTACT_IN_FUTURE.equals(status)) {
            if (random.nextDouble() < source.conversionRate()) {
                return PRE_QUALIFIED;
            }
            return random.nextDouble() < 0.5 ? NOT_QUALIFIED : LOST;
        }
        if (PRE_QUALIFIED.equals(status)) {
            return random.nextDouble() < 0.2 ? LOST : PRE_QUALIFIED;
        }
        return status;
    }
}
