package io.crmpulse.simulator.truth;

import java.util.Set;

/**
 * Which lead statuses and deal stages fall in which class (docs/METRICS.md sections 1 and 2).
 * Values are compared after trimming; an unset status is {@code (none)}.
 */
public record MetricClasses(
        Set<String> junkStatuses,
        Set<String> untouchedStatuses,
        Set<String> attemptedStatuses,
        Set<String> wonStages,
        Set<String> lostStages) {

    /** The defaults of docs/METRICS.md, which the tests and the acceptance checks use. */
    public static final MetricClasses DEFAULTS =
            new MetricClasses(
                    Set.of("Junk Lead"),
                    Set.of("(none)", "Not Contacted"),
                    Set.of("Attempted to Contact"),
                    Set.of("Closed Won"),
                    Set.of(
                            "Closed Lost",
                            "Closed-Lost to Competition",
                            "Closed Lost to Competition"));

    public MetricClasses {
        junkStatuses = Set.copyOf(junkStatuses);
        untouchedStatuses = Set.copyOf(untouchedStatuses);
        attemptedStatuses = Set.copyOf(attemptedStatuses);
        wonStages = Set.copyOf(wonStages);
        lostStages = Set.copyOf(lostStages);
    }
}
