package io.crmpulse.simulator.world;

import java.time.Instant;

/** A deal entering a stage, as Zoho's Stage History keeps it. */
public record StageChange(Instant at, String stage) {}
