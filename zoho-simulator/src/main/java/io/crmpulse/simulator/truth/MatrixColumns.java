package io.crmpulse.simulator.truth;

import java.math.BigDecimal;

/**
 * The columns {@code lead_source_quality} and {@code rep_pipeline} share (docs/METRICS.md section
 * 4). Rates have 4 decimals and are {@code null} when their denominator is 0; money has 2 decimals,
 * in the home currency.
 */
public record MatrixColumns(
        long leads,
        long junkLeads,
        long untouchedLeads,
        long attemptedLeads,
        long contactedLeads,
        long convertedLeads,
        BigDecimal junkRate,
        BigDecimal contactRate,
        BigDecimal conversionRate,
        long deals,
        long openDeals,
        long wonDeals,
        long lostDeals,
        BigDecimal pipelineValue,
        BigDecimal weightedPipeline,
        BigDecimal wonValue,
        BigDecimal winRate) {}
