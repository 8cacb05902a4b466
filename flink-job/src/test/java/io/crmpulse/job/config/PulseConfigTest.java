package io.crmpulse.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.zoho.ZohoModule;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
