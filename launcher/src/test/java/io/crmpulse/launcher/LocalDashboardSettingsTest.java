package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.dashboard.DashboardSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's settings the laptop jar derives in local mode (the embedded database). */
class LocalDashboardSettingsTest {

    @TempDir Path state;

    @Test
    void aBlankReaderPasswordIsUnsetSoTheRunMakesItsOwn() {
        DashboardSettings settings =
                CrmPulseMain.dashboardSettings(
                                Map.of(
                                        "PULSE_STATE_DIR",
                                        state.toString(),
                                        "PULSE_READER_PASSWORD",
                                        "  "))
                        .orElseThrow();

        assertThat(settings.database().user()).isEqualTo("pulse_reader");
        // LocalPostgres.randomPassword: 24 random bytes, URL-safe Base64 without padding.
        assertThat(settings.database().password()).matches("[A-Za-z0-9_-]{32}");
    }

    @Test
    void aSetReaderPasswordIsKept() {
        DashboardSettings settings =
                CrmPulseMain.dashboardSettings(
                                Map.of(
                                        "PULSE_STATE_DIR",
                                        state.toString(),
                                        "PULSE_READER_PASSWORD",
                                        "chosen-by-the-user"))
                        .orElseThrow();

        assertThat(settings.database().password()).isEqualTo("chosen-by-the-user");
    }
}
