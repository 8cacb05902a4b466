package io.crmpulse.simulator.truth;

/** A lead's {@code status_class} (docs/METRICS.md section 1). */
public enum StatusClass {
    CONVERTED,
    JUNK,
    UNTOUCHED,
    ATTEMPTED,
    CONTACTED
}
