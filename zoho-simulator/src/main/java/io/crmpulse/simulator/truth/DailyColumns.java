package io.crmpulse.simulator.truth;

import java.math.BigDecimal;

/**
 * The columns of {@code daily_source_stats} and {@code daily_rep_stats}: leads whose cohort day
 * (created) is the day, by class ({@code contactedLeads} excludes converted), and deals whose
 * {@code won_at} falls on the day.
 */
public record DailyColumns(
        long leadsCreated,
        long junkLeads,
        long contactedLeads,
        long convertedLeads,
        long dealsWon,
        BigDecimal wonValue) {}
