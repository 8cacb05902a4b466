package io.crmpulse.simulator.truth;

/** A deal's {@code stage_class} (docs/METRICS.md section 2). */
public enum StageClass {
    OPEN,
    WON,
    LOST
}
