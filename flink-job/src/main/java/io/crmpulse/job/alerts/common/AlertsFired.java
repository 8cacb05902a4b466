package io.crmpulse.job.alerts.common;

import io.crmpulse.common.metrics.PulseMetrics;
import io.crmpulse.job.model.Alert;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counts the alerts a rule function emits, per rule: the counter {@code alertsFired} in the group
 * {@code crmpulse.rule.<rule>} (the rule's id, {@code R1_JUNK_SPIKE} ...). A rule's counter appears
 * with its first alert. Used on the task thread only.
 */
public final class AlertsFired {

    private final MetricGroup group;
    private final Map<String, Counter> byRule = new HashMap<>();

    /**
     * @param operatorMetrics the function's {@code getRuntimeContext().getMetricGroup()}
     */
    public AlertsFired(MetricGroup operatorMetrics) {
        this.group = PulseMetrics.group(operatorMetrics);
    }

    /** Counts the alert; call it where the alert is emitted. */
    public void count(Alert alert) {
        byRule.computeIfAbsent(
                        alert.getRule(),
                        rule -> group.addGroup("rule", rule).counter("alertsFired"))
                .inc();
    }
}
