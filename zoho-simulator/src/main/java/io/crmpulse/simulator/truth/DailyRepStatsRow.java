package io.crmpulse.simulator.truth;

import java.time.LocalDate;

/** One row of {@code daily_rep_stats}, keyed by {@code (day, owner_id)}. */
public record DailyRepStatsRow(LocalDate day, String ownerId, DailyColumns columns) {}
