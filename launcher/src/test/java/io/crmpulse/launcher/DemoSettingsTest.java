package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.config.AlertSettings;
import java.time.DayOfWeek;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class DemoSettingsTest {

    @Test
    void theDemoChecksEveryMinuteWithAOneHourSilenceAllWeekAndKeepsTheOtherDefaults() {
        AlertSettings alerts = CrmPulseMain.demoSettings().alerts();

        assertThat(alerts.mechanics().checkpointMinutes()).isEqualTo(1);
        assertThat(alerts.mechanics().persistenceCheckpoints()).isEqualTo(1);
        assertThat(alerts.silence().minHours()).isEqualTo(1);
        assertThat(alerts.silence().maxHours()).isEqualTo(1);
        assertThat(alerts.businessHours().days()).containsExactlyInAnyOrder(DayOfWeek.values());
        assertThat(alerts.businessHours().start()).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(alerts.businessHours().end()).isEqualTo(LocalTime.of(23, 59));
        AlertSettings defaults = AlertSettings.defaults();
        assertThat(alerts.junk()).isEqualTo(defaults.junk());
        assertThat(alerts.bigDealLost()).isEqualTo(defaults.bigDealLost());
        assertThat(alerts.untouched()).isEqualTo(defaults.untouched());
        assertThat(alerts.noise()).isEqualTo(defaults.noise());
        assertThat(alerts.mechanics().liveHorizon()).isEqualTo(defaults.mechanics().liveHorizon());
    }
}
