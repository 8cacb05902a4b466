package io.crmpulse.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code PULSE_DASHBOARD_URL} and the links into the dashboard's views that messages end with. */
class DashboardLinksTest {

    private static DashboardLinks links(String url) {
        return PulseEnvironment.dashboardLinks(Map.of("PULSE_DASHBOARD_URL", url));
    }

    @Test
    void unsetOrBlankMeansNoLinks() {
        assertThat(PulseEnvironment.dashboardLinks(Map.of())).isEqualTo(DashboardLinks.NONE);
        assertThat(links("  ")).isEqualTo(DashboardLinks.NONE);
        assertThat(DashboardLinks.NONE.summary()).isEmpty();
        assertThat(DashboardLinks.NONE.alert("R1_JUNK_SPIKE/total/2026-03-09/critical")).isEmpty();
    }

    @Test
    void anAlertLinksToItsViewWithItsIdPercentEncoded() {
        assertThat(
                        links("https://pulse.example.com")
                                .alert("R1_JUNK_SPIKE/source:Web Download/2026-03-09/critical"))
                .contains(
                        "https://pulse.example.com/#alerts/"
                                + "R1_JUNK_SPIKE%2Fsource%3AWeb%20Download%2F2026-03-09%2Fcritical");
    }

    @Test
    void theSummaryLinksToItsView() {
        assertThat(links("http://192.168.1.20:8080").summary())
                .contains("http://192.168.1.20:8080/#summary");
    }

    @Test
    void trailingSlashesAreDroppedAndAPathIsKept() {
        assertThat(links("https://pulse.example.com/").summary())
                .contains("https://pulse.example.com/#summary");
        assertThat(links(" https://example.com/crm-pulse// ").summary())
                .contains("https://example.com/crm-pulse/#summary");
    }

    @Test
    void aWrongUrlStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> links("pulse.example.com"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "PULSE_DASHBOARD_URL='pulse.example.com' is not an absolute http(s) URL:"
                                + " write the address a phone opens the dashboard at, e.g."
                                + " https://pulse.example.com or http://192.168.1.20:8080");
        assertThatThrownBy(() -> links("ftp://pulse.example.com"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "PULSE_DASHBOARD_URL='ftp://pulse.example.com' is not an absolute http(s)"
                                + " URL");
        assertThatThrownBy(() -> links("https://pulse example.com"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "PULSE_DASHBOARD_URL='https://pulse example.com' is not a URL (Illegal"
                                + " character in authority at index 8)");
        assertThatThrownBy(() -> links("https://pulse.example.com/#today"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "PULSE_DASHBOARD_URL='https://pulse.example.com/#…' has a fragment (`#…`),"
                                + " which the links replace");
        String longUrl = "https://pulse.example.com/" + "a".repeat(200);
        assertThatThrownBy(() -> links(longUrl))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "PULSE_DASHBOARD_URL is 226 characters long, over 200: every WhatsApp"
                                + " message carries it");
    }

    @Test
    void aSecretInTheUrlIsRefusedWithoutRepeatingIt() {
        String secret = "s3cr3t-0123456789abcdef";
        assertThatThrownBy(() -> links("https://pulse.example.com/?token=" + secret))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "PULSE_DASHBOARD_URL='https://pulse.example.com/?…' has a query (`?…`),"
                                + " which the links replace")
                .message()
                .doesNotContain(secret);
        assertThatThrownBy(() -> links("https://ceo:" + secret + "@pulse.example.com"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "PULSE_DASHBOARD_URL='https://…@pulse.example.com' has a user name or"
                                + " password (`…@`), which every WhatsApp message would carry:"
                                + " remove it")
                .message()
                .doesNotContain(secret)
                .doesNotContain("ceo");
        // A value that does not even parse is shown without its query either.
        assertThatThrownBy(() -> links("https://pulse example.com/?token=" + secret))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "PULSE_DASHBOARD_URL='https://pulse example.com/?…' is not a URL")
                .hasNoCause()
                .message()
                .doesNotContain(secret);
        assertThatThrownBy(() -> links("https://ceo:pa/ss" + secret + "@pulse.example.com"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("PULSE_DASHBOARD_URL='https://…@pulse.example.com' is not")
                .message()
                .doesNotContain(secret)
                .doesNotContain("pa/ss");
        assertThatThrownBy(() -> links("ftp://ceo:" + secret + "@pulse.example.com"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "PULSE_DASHBOARD_URL='ftp://…@pulse.example.com' is not an absolute"
                                + " http(s) URL")
                .message()
                .doesNotContain(secret);
    }

    @Test
    void theConfigCarriesTheLinks() {
        Map<String, String> env =
                Map.of(
                        "ZOHO_CLIENT_ID", "id",
                        "ZOHO_CLIENT_SECRET", "secret",
                        "ZOHO_REFRESH_TOKEN", "token",
                        "PULSE_DASHBOARD_URL", "https://pulse.example.com/");
        assertThat(PulseConfig.fromEnvironment(env, true).dashboard().summary())
                .contains("https://pulse.example.com/#summary");
        assertThat(
                        PulseConfig.fromEnvironment(env, true)
                                .withPollInterval(java.time.Duration.ofSeconds(5))
                                .dashboard())
                .isEqualTo(DashboardLinks.at(java.net.URI.create("https://pulse.example.com")));
        assertThatThrownBy(
                        () ->
                                PulseConfig.fromEnvironment(
                                        Map.of("PULSE_DASHBOARD_URL", "localhost:8080"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PULSE_DASHBOARD_URL='localhost:8080'");
    }
}
