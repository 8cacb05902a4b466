package io.crmpulse.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.zoho.ZohoModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PulseConfigTest {

    private static final Map<String, String> CREDENTIALS =
            Map.of(
                    "ZOHO_CLIENT_ID", "1000.ABC",
                    "ZOHO_CLIENT_SECRET", "s3cret",
                    "ZOHO_REFRESH_TOKEN", "1000.refresh");

    @Test
    void defaultsMatchTheDesign() {
        PulseConfig config = PulseConfig.fromEnvironment(CREDENTIALS, true);

        assertThat(config.modules()).extracting(ZohoModule::name).containsExactly("Leads", "Deals");
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.zohoClient().accountsUrl()).isEqualTo("https://accounts.zoho.com");
        assertThat(config.zohoCredentials().clientId()).isEqualTo("1000.ABC");
    }

    @Test
    void readsModulesPollIntervalAndDataCentre() {
        Map<String, String> env = new HashMap<>(CREDENTIALS);
        env.put("ZOHO_MODULES", " Deals , Leads,Contacts ");
        env.put("PULSE_POLL_INTERVAL", "30s");
        env.put("ZOHO_ACCOUNTS_URL", "https://accounts.zoho.eu");

        PulseConfig config = PulseConfig.fromEnvironment(env, true);

        assertThat(config.modules())
                .extracting(ZohoModule::name)
                .containsExactly("Deals", "Leads", "Contacts");
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.zohoClient().accountsUrl()).isEqualTo("https://accounts.zoho.eu");
    }

    @Test
    void acceptsIsoDurations() {
        Map<String, String> env = new HashMap<>(CREDENTIALS);
        env.put("PULSE_POLL_INTERVAL", "PT2M");

        assertThat(PulseConfig.fromEnvironment(env, true).pollInterval())
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aWrongPollIntervalNamesTheVariableAndWhatIsAllowed() {
        Map<String, String> env = new HashMap<>(CREDENTIALS);
        env.put("PULSE_POLL_INTERVAL", "soon");

        assertThatThrownBy(() -> PulseConfig.fromEnvironment(env, true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PULSE_POLL_INTERVAL='soon'")
                .hasMessageContaining("like 30s");
    }

    @Test
    void aZeroPollIntervalIsRefused() {
        Map<String, String> env = new HashMap<>(CREDENTIALS);
        env.put("PULSE_POLL_INTERVAL", "0s");

        assertThatThrownBy(() -> PulseConfig.fromEnvironment(env, true))
                .hasMessageContaining("PULSE_POLL_INTERVAL='0s' must be positive");
    }

    @Test
    void missingCredentialsNameTheVariableUnlessInDemoMode() {
        assertThatThrownBy(() -> PulseConfig.fromEnvironment(Map.of(), true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ZOHO_CLIENT_ID");
        assertThat(PulseConfig.fromEnvironment(Map.of(), false).zohoCredentials()).isNull();
    }

    @Test
    void aModuleNamedTwiceIsRefused() {
        Map<String, String> env = new HashMap<>(CREDENTIALS);
        env.put("ZOHO_MODULES", "Leads,leads");

        assertThatThrownBy(() -> PulseConfig.fromEnvironment(env, true))
                .hasMessageContaining("ZOHO_MODULES='Leads,leads'")
                .hasMessageContaining("named twice");
    }

    @Test
    void errorsNeverEchoTheSecret() {
        Map<String, String> env = new HashMap<>(CREDENTIALS);
        env.put("PULSE_POLL_INTERVAL", "soon");

        assertThatThrownBy(() -> PulseConfig.fromEnvironment(env, true))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }

    @Test
    void theBusinessTimezoneIsUtcUnlessSet() {
        assertThat(PulseConfig.fromEnvironment(CREDENTIALS, true).timezone())
                .isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void readsTheBusinessTimezone() {
        Map<String, String> env = new HashMap<>(CREDENTIALS);
        env.put("PULSE_TIMEZONE", " Asia/Kolkata ");

        assertThat(PulseConfig.fromEnvironment(env, true).timezone())
                .isEqualTo(ZoneId.of("Asia/Kolkata"));
    }

    @Test
    void anUnknownTimezoneNamesTheVariableAndGivesAnExample() {
        Map<String, String> env = new HashMap<>(CREDENTIALS);
        env.put("PULSE_TIMEZONE", "Kolkata");

        assertThatThrownBy(() -> PulseConfig.fromEnvironment(env, true))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "PULSE_TIMEZONE='Kolkata' is not an IANA timezone: use a name like"
                                + " Asia/Kolkata, America/Los_Angeles or UTC");
    }

    @Test
    void theDailySummaryHasTheDesignsDefaults() {
        PulseConfig config = PulseConfig.fromEnvironment(CREDENTIALS, true);

        assertThat(config.summary().time()).isEqualTo(LocalTime.of(19, 0));
        assertThat(config.summary().ollamaBaseUrl()).hasToString("http://localhost:11434");
        assertThat(config.summary().model()).isEqualTo("llama3.2:1b");
    }

    @Test
    void theDisplayFormatIsPulseCurrencysForAlertsAndSummaryAlike() {
        assertThat(PulseConfig.fromEnvironment(CREDENTIALS, true).display())
                .isEqualTo(DisplayFormat.parse("INR"));
        Map<String, String> env = new HashMap<>(CREDENTIALS);
        env.put("PULSE_CURRENCY", "USD");
        PulseConfig config = PulseConfig.fromEnvironment(env, true);
        assertThat(config.display().money(new java.math.BigDecimal("1500"))).isEqualTo("$1,500");
        assertThat(config.withSummary(config.summary().withTime(LocalTime.of(18, 0))).display())
                .isEqualTo(config.display());
    }

    @Test
    void readsTheDailySummarysVariables() {
        Map<String, String> env = new HashMap<>(CREDENTIALS);
        env.put("PULSE_SUMMARY_TIME", "18:45");
        env.put("OLLAMA_BASE_URL", "http://ollama:11434");
        env.put("OLLAMA_MODEL", "llama3.2:3b");
        env.put("PULSE_CURRENCY", "EUR");

        PulseConfig config = PulseConfig.fromEnvironment(env, true);

        assertThat(config.summary().time()).isEqualTo(LocalTime.of(18, 45));
        assertThat(config.summary().ollamaBaseUrl()).hasToString("http://ollama:11434");
        assertThat(config.summary().model()).isEqualTo("llama3.2:3b");
        assertThat(config.display().currency().getCurrencyCode()).isEqualTo("EUR");
        assertThat(config.withPollInterval(Duration.ofSeconds(5)).summary())
                .isEqualTo(config.summary());
    }

    @Test
    void aWrongSummaryTimeNamesTheVariable() {
        Map<String, String> env = new HashMap<>(CREDENTIALS);
        env.put("PULSE_SUMMARY_TIME", "7 pm");

        assertThatThrownBy(() -> PulseConfig.fromEnvironment(env, true))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("PULSE_SUMMARY_TIME='7 pm' is not a local time");
    }

    @Test
    void withoutASettingsFileEveryKeyHasItsDefault() {
        assertThat(PulseConfig.fromEnvironment(CREDENTIALS, true).settings())
                .isEqualTo(PulseSettings.defaults());
        assertThat(PulseConfig.fromEnvironment(CREDENTIALS, true, null).settings())
                .isEqualTo(PulseSettings.defaults());
    }

    @Test
    void readsTheSettingsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pulse.yaml");
        Files.writeString(file, "metrics:\n  junk_statuses: [Spam]\nzoho:\n  overlap: 30s\n");

        PulseConfig config = PulseConfig.fromEnvironment(CREDENTIALS, true, file);

        assertThat(config.settings().metricClasses().junkStatuses()).containsExactly("Spam");
        assertThat(config.settings().zohoOverlap()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aWrongSettingsFileStopsTheStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pulse.yaml");
        Files.writeString(file, "metrics:\n  junk_statuses: 3\n");

        assertThatThrownBy(() -> PulseConfig.fromEnvironment(CREDENTIALS, true, file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": metrics.junk_statuses must be a list of strings, got 3");
    }

    @Test
    void theWithMethodsKeepTimezoneAndSettings() {
        Map<String, String> env = new HashMap<>(CREDENTIALS);
        env.put("PULSE_TIMEZONE", "Asia/Kolkata");
        PulseConfig config = PulseConfig.fromEnvironment(env, true);
        PulseSettings settings =
                new PulseSettings(PulseSettings.defaults().metricClasses(), Duration.ZERO);

        PulseConfig changed = config.withPollInterval(Duration.ofSeconds(5)).withSettings(settings);

        assertThat(changed.timezone()).isEqualTo(ZoneId.of("Asia/Kolkata"));
        assertThat(changed.settings()).isEqualTo(settings);
        assertThat(changed.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    }
}
