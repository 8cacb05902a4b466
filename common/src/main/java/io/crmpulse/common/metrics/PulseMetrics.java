package io.crmpulse.common.metrics;

import org.apache.flink.metrics.MetricGroup;

/**
 * The one metric group, {@value #GROUP}, under which the job's own operators register their
 * metrics, so that an operator finds them together (README, "Metrics").
 */
public final class PulseMetrics {

    public static final String GROUP = "crmpulse";

    private PulseMetrics() {}

    /** The {@value #GROUP} group of an operator's, a sink writer's or a committer's metrics. */
    public static MetricGroup group(MetricGroup operatorGroup) {
        return operatorGroup.addGroup(GROUP);
    }
}
