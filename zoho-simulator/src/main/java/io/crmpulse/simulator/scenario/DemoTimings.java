package io.crmpulse.simulator.scenario;

import java.time.Duration;
import java.util.Objects;

/**
 * When the demo's incidents happen, measured from the simulator's start. The defaults play the demo
 * for a person watching; tests compress them to seconds.
 *
 * <p>The silent source's last lead and the quiet hour before the start are sized for the job's demo
 * settings ({@code demo-pulse.yaml} in flink-job: a silence window of exactly one hour and the R5
 * speed-to-lead SLA of 60 minutes). With a quiet spell longer than both, every other source's
 * silence deadline and every history lead's SLA deadline fall before the start, which the rules
 * treat as history; only the silent source, whose last lead came later, reaches its deadline live,
 * {@code 1 h - silentSourceLastLead} after the start.
 *
 * @param junkSpikeFrom the junk spike on {@value DemoLiveChanges#SPIKE_SOURCE} begins (default 1
 *     min)
 * @param junkSpikeUntil and ends (default 6 min)
 * @param bigDealLostAt the biggest open deal moves to Closed Lost (default 4 min)
 * @param silentSourceLastLead how long before the start {@value DemoLiveChanges#SILENT_SOURCE} sent
 *     its last lead (default 57 min: a one-hour silence is reached 3 minutes in, when the job has
 *     long caught up; a silence reached before the job first saw the source's leads would be
 *     history)
 * @param quietBeforeStart the history ends this long before the start, but for the silent source's
 *     last lead (default 65 min; at least {@code silentSourceLastLead})
 */
public record DemoTimings(
        Duration junkSpikeFrom,
        Duration junkSpikeUntil,
        Duration bigDealLostAt,
        Duration silentSourceLastLead,
        Duration quietBeforeStart) {

    /** The demo as a person watches it. */
    public static final DemoTimings DEFAULTS =
            new DemoTimings(
                    Duration.ofMinutes(1),
                    Duration.ofMinutes(6),
                    Duration.ofMinutes(4),
                    Duration.ofMinutes(57),
                    Duration.ofMinutes(65));

    public DemoTimings {
        Objects.requireNonNull(junkSpikeFrom, "junkSpikeFrom");
        Objects.requireNonNull(junkSpikeUntil, "junkSpikeUntil");
        Objects.requireNonNull(bigDealLostAt, "bigDealLostAt");
        Objects.requireNonNull(silentSourceLastLead, "silentSourceLastLead");
        Objects.requireNonNull(quietBeforeStart, "quietBeforeStart");
        if (junkSpikeFrom.isNegative() || junkSpikeUntil.compareTo(junkSpikeFrom) <= 0) {
            throw new IllegalArgumentException(
                    "the junk spike must start at 0 or later and end after it starts, got "
                            + junkSpikeFrom
                            + " to "
                            + junkSpikeUntil);
        }
        if (bigDealLostAt.isNegative()) {
            throw new IllegalArgumentException("bigDealLostAt " + bigDealLostAt + " is negative");
        }
        if (silentSourceLastLead.isNegative()
                || quietBeforeStart.compareTo(silentSourceLastLead) < 0) {
            throw new IllegalArgumentException(
                    "the silent source's last lead ("
                            + silentSourceLastLead
                            + " before the start) must fall in the quiet spell ("
                            + quietBeforeStart
                            + ")");
        }
    }

    public DemoTimings withJunkSpike(Duration from, Duration until) {
        return new DemoTimings(from, until, bigDealLostAt, silentSourceLastLead, quietBeforeStart);
    }

    public DemoTimings withBigDealLostAt(Duration at) {
        return new DemoTimings(
                junkSpikeFrom, junkSpikeUntil, at, silentSourceLastLead, quietBeforeStart);
    }

    public DemoTimings withSilentSourceLastLead(Duration ago) {
        return new DemoTimings(junkSpikeFrom, junkSpikeUntil, bigDealLostAt, ago, quietBeforeStart);
    }
}
