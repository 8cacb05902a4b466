package io.crmpulse.simulator.scenario;

import java.time.Duration;

/**
 * The shape of a generated history.
 *
 * @param days how far back the history starts
 * @param leadsPerWeekday mean of the new leads on a working day (each day within ±20%; weekends get
 *     {@code leadsPerWeekendDay})
 * @param directDealsPerWeekday mean of the deals created without a lead conversion on a working day
 *     (weekends get one)
 * @param maxDaysPerDealStep a deal moves on every 1 to this many days (at least 2)
 * @param bulkTransferSize leads moved to another rep in one second (Zoho's mass transfer)
 * @param bulkTransferAgo how long before now the mass transfer happened
 * @param silentSource a lead source that sends nothing for the last {@code silentFor}, or {@code
 *     null}
 * @param marqueeDeal whether to add one very large open deal in negotiation
 * @param quietBeforeNow nothing happens in the last this long of the history ({@code ZERO}: the
 *     history runs until now)
 * @param recentTriageWithin every lead of the last two days is triaged within this many hours of
 *     its creation (at least 2), so none of them is left untouched for a day; {@code ZERO}: they
 *     are like older leads (triaged within 72 hours, and some never)
 */
record HistoryPlan(
        int days,
        double leadsPerWeekday,
        double leadsPerWeekendDay,
        double directDealsPerWeekday,
        int maxDaysPerDealStep,
        int bulkTransferSize,
        Duration bulkTransferAgo,
        String silentSource,
        Duration silentFor,
        boolean marqueeDeal,
        Duration quietBeforeNow,
        Duration recentTriageWithin) {}
