package io.crmpulse.sinks.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TwilioApiHttpClientTest {

    @Test
    void theSdksUrlKeepsItsPathAndQueryOnTheConfiguredHost() throws Exception {
        try (TwilioApiHttpClient http =
                new TwilioApiHttpClient(
                        URI.create("http://127.0.0.1:18080"),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1))) {
            Request request =
                    new Request(
                            HttpMethod.GET,
                            "api",
                            "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json");
            request.addQueryParam("To", "whatsapp:+919876543210");
            request.addQueryParam("DateSent>", "2026-03-02T10:00:00");

            URI target = http.target(request);

            assertThat(target.getScheme()).isEqualTo("http");
            assertThat(target.getAuthority()).isEqualTo("127.0.0.1:18080");
            assertThat(target.getRawPath())
                    .isEqualTo(
                            "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json");
            assertThat(target.getQuery())
                    .contains("To=whatsapp:+919876543210")
                    .contains("DateSent>=2026-03-02T10:00:00");
        }
    }
}
