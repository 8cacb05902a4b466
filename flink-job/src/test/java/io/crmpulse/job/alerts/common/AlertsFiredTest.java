package io.crmpulse.job.alerts.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.model.Alert;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

class AlertsFiredTest {

    private static Alert alert(String rule) {
        Alert alert = new Alert();
        alert.setRule(rule);
        return alert;
    }

    @Test
    void eachRuleCountsItsOwnAlertsFromItsFirstOne() {
        MetricListener listener = new MetricListener();
        AlertsFired fired = new AlertsFired(listener.getMetricGroup());

        fired.count(alert(Alert.R1_JUNK_SPIKE));
        fired.count(alert(Alert.R4_BIG_DEAL_LOST));
        fired.count(alert(Alert.R1_JUNK_SPIKE));

        assertThat(
                        listener.getCounter("crmpulse", "rule", Alert.R1_JUNK_SPIKE, "alertsFired")
                                .orElseThrow()
                                .getCount())
                .isEqualTo(2);
        assertThat(
                        listener.getCounter(
                                        "crmpulse", "rule", Alert.R4_BIG_DEAL_LOST, "alertsFired")
                                .orElseThrow()
                                .getCount())
                .isEqualTo(1);
        assertThat(listener.getCounter("crmpulse", "rule", Alert.R2_VOLUME_DROP, "alertsFired"))
                .isEmpty();
    }
}
