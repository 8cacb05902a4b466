package io.crmpulse.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SummarySettingsTest {

    @Test
    void unsetVariablesMeanTheDefaults() {
        SummarySettings settings = SummarySettings.fromEnv(Map.of());
        assertThat(settings.time()).isEqualTo(java.time.LocalTime.of(19, 0));
        assertThat(settings.ollamaBaseUrl()).hasToString("http://localhost:11434");
        assertThat(settings.model()).isEqualTo("llama3.2:1b");
    }

    @Test
    void readsTheVariables() {
        SummarySettings settings =
                SummarySettings.fromEnv(
                        Map.of(
                                "PULSE_SUMMARY_TIME", "18:30",
                                "OLLAMA_BASE_URL", "http://ollama:11434/",
                                "OLLAMA_MODEL", "llama3.2:3b"));
        assertThat(settings.time()).isEqualTo(java.time.LocalTime.of(18, 30));
        assertThat(settings.ollamaBaseUrl()).hasToString("http://ollama:11434");
        assertThat(settings.model()).isEqualTo("llama3.2:3b");
    }

    @Test
    void aWrongValueNamesItsVariable() {
        assertThatThrownBy(
                        () -> SummarySettings.fromEnv(Map.of("OLLAMA_BASE_URL", "localhost:11434")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("OLLAMA_BASE_URL='localhost:11434' is not an http(s) URL");
        assertThatThrownBy(
                        () ->
                                SummarySettings.fromEnv(
                                        Map.of("OLLAMA_BASE_URL", "http://h:11434/api")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("OLLAMA_BASE_URL='http://h:11434/api' has a path");
        assertThatThrownBy(() -> SummarySettings.fromEnv(Map.of("PULSE_SUMMARY_TIME", "7pm")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "PULSE_SUMMARY_TIME='7pm' is not a local time: write HH:MM on a 24-hour"
                                + " clock");
        assertThatThrownBy(() -> SummarySettings.fromEnv(Map.of("PULSE_SUMMARY_TIME", "25:00")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("PULSE_SUMMARY_TIME='25:00'");
        assertThatThrownBy(() -> SummarySettings.fromEnv(Map.of("OLLAMA_MODEL", "llama 3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("OLLAMA_MODEL='llama 3' is not an Ollama model name");
    }
}
