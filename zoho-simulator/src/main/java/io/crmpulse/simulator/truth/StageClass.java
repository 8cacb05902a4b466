package io.crmpulse.simulator.truth;

/** A deal's {@code stage_class} (METRICS.md section 2). */
public enum StageClass {
    OPEN,
    WON,
    LOST
}
