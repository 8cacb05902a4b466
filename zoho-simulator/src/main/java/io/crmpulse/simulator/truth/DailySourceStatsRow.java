package io.crmpulse.simulator.truth;

import java.time.LocalDate;

/** One row of {@code daily_source_stats}, keyed by {@code (day, lead_source)}. */
public record DailySourceStatsRow(LocalDate day, String leadSource, DailyColumns columns) {}
