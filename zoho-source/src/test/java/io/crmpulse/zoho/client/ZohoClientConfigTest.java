package io.crmpulse.zoho.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZohoClientConfigTest {

    @Test
    void defaultsToTheUsDataCentreAndTheTokensApiDomain() {
        ZohoClientConfig config = ZohoClientConfig.fromEnvironment(Map.of());

        assertThat(config.accountsUrl()).isEqualTo("https://accounts.zoho.com");
        assertThat(config.apiDomain()).isNull();
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.callTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.tokenRefreshMargin()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.accessDeniedBackoff()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.apiVersion()).isEqualTo("v8");
    }

    @Test
    void readsTheEnvironmentTrimmingSlashesAndTreatingBlankAsUnset() {
        ZohoClientConfig config =
                ZohoClientConfig.fromEnvironment(
                        Map.of(
                                "ZOHO_ACCOUNTS_URL", "https://accounts.zoho.eu/ ",
                                "ZOHO_API_DOMAIN", "https://www.zohoapis.eu/"));

        assertThat(config.accountsUrl()).isEqualTo("https://accounts.zoho.eu");
        assertThat(config.apiDomain()).isEqualTo("https://www.zohoapis.eu");
        assertThat(ZohoClientConfig.fromEnvironment(Map.of("ZOHO_API_DOMAIN", " ")).apiDomain())
                .isNull();
    }

    @Test
    void rejectsAnAccountsUrlThatIsNotHttpNamingTheVariable() {
        assertThatThrownBy(() -> ZohoClientConfig.of("accounts.zoho.eu", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ZOHO_ACCOUNTS_URL must be an http(s) URL, got 'accounts.zoho.eu'");
        assertThatThrownBy(() -> ZohoClientConfig.of("https://accounts.zoho.com", "ftp://x"))
                .hasMessage("ZOHO_API_DOMAIN must be an http(s) URL, got 'ftp://x'");
    }

    @Test
    void rejectsTimeoutsThatAreNotPositive() {
        assertThatThrownBy(
                        () ->
                                ZohoClientConfig.defaults()
                                        .withTimeouts(
                                                Duration.ZERO,
                                                Duration.ofSeconds(1),
                                                Duration.ofSeconds(1)))
                .hasMessageContaining("connect timeout must be positive");
    }

    @Test
    void knowsTheApiServerOfEachZohoDataCentre() {
        assertThat(ZohoClientConfig.defaults().defaultApiDomainOfAccountsServer())
                .isEqualTo("https://www.zohoapis.com");
        assertThat(
                        ZohoClientConfig.of("https://accounts.zoho.com.au", null)
                                .defaultApiDomainOfAccountsServer())
                .isEqualTo("https://www.zohoapis.com.au");
        assertThat(
                        ZohoClientConfig.of("https://accounts.zohocloud.ca", null)
                                .defaultApiDomainOfAccountsServer())
                .isEqualTo("https://www.zohoapis.ca");
        assertThat(
                        ZohoClientConfig.of("http://localhost:8080", null)
                                .defaultApiDomainOfAccountsServer())
                .isNull();
    }

    @Test
    void survivesJavaSerializationWithTheCredentials() throws Exception {
        ZohoClientConfig config = ZohoClientConfig.of("https://accounts.zoho.eu", null);
        ZohoCredentials credentials = ZohoCredentials.of("1000.CLIENTID42", "s3cret", "1000.r");

        assertThat(roundTrip(config)).isEqualTo(config);
        assertThat(roundTrip(credentials)).isEqualTo(credentials);
    }

    @Test
    void masksTheSecretAndTheRefreshToken() {
        ZohoCredentials credentials =
                ZohoCredentials.of("1000.CLIENTID42", "s3cret", "1000.refresh.token");

        assertThat(credentials.toString())
                .isEqualTo(
                        "ZohoCredentials{clientId=1000.C****, clientSecret=****,"
                                + " refreshToken=****}");
    }

    @Test
    void namesTheMissingCredentialVariable() {
        assertThatThrownBy(
                        () ->
                                ZohoCredentials.fromEnvironment(
                                        Map.of(
                                                "ZOHO_CLIENT_ID", "1000.X",
                                                "ZOHO_CLIENT_SECRET", "s3cret")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ZOHO_REFRESH_TOKEN is not set");
    }

    @Test
    void stripsTheNewlineAnEnvFileLeavesBehind() {
        assertThat(ZohoCredentials.of("1000.X\n", " s3cret", "1000.r\r\n").refreshToken())
                .isEqualTo("1000.r");
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
