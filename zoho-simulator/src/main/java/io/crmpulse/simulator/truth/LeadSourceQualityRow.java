package io.crmpulse.simulator.truth;

/** One row of {@code lead_source_quality}, keyed by {@code lead_source}. */
public record LeadSourceQualityRow(String leadSource, MatrixColumns columns) {}
