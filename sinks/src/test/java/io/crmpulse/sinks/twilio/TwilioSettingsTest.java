package io.crmpulse.sinks.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TwilioSettingsTest {

    private static final String TOKEN = "s3cr3t-token-value-0123456789ab";

    private static Map<String, String> configured() {
        Map<String, String> env = new HashMap<>();
        env.put("TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef");
        env.put("TWILIO_AUTH_TOKEN", TOKEN);
        env.put("TWILIO_FROM_NUMBER", "whatsapp:+14155238886");
        env.put("RECIPIENT_PHONE_NUMBER", "+919876543210");
        return env;
    }

    @Test
    void withoutTwilioVariablesItIsDryRunWithTheRecipientsGiven() {
        TwilioSettings settings =
                TwilioSettings.fromEnv(
                        Map.of("RECIPIENT_PHONE_NUMBER", " +919876543210 , whatsapp:+14155550100"));

        assertThat(settings.dryRun()).isTrue();
        assertThat(settings.recipients())
                .containsExactly("whatsapp:+919876543210", "whatsapp:+14155550100");
        assertThat(settings.apiUrl()).isEqualTo(URI.create("https://api.twilio.com"));
        assertThat(settings.templateMode()).isFalse();
    }

    @Test
    void numbersAreNormalizedToTheWhatsAppPrefixAndRepeatsDropped() {
        Map<String, String> env = configured();
        env.put("TWILIO_FROM_NUMBER", "+14155238886");
        env.put(
                "RECIPIENT_PHONE_NUMBER",
                "whatsapp:+919876543210,+919876543210,WhatsApp:+4915112345678");

        TwilioSettings settings = TwilioSettings.fromEnv(env);

        assertThat(settings.dryRun()).isFalse();
        assertThat(settings.fromNumber()).isEqualTo("whatsapp:+14155238886");
        assertThat(settings.recipients())
                .containsExactly("whatsapp:+919876543210", "whatsapp:+4915112345678");
    }

    @Test
    void aMissingCredentialNamesTheVariableAndTheDryRunAlternative() {
        Map<String, String> env = configured();
        env.remove("TWILIO_AUTH_TOKEN");

        assertThatThrownBy(() -> TwilioSettings.fromEnv(env))
                .isInstanceOf(TwilioSettingsException.class)
                .hasMessageContaining("TWILIO_AUTH_TOKEN is not set")
                .hasMessageContaining("none of them for dry-run")
                .extracting(e -> ((TwilioSettingsException) e).variable())
                .isEqualTo("TWILIO_AUTH_TOKEN");
    }

    @Test
    void aWrongAccountSidNamesTheVariableAndTheForm() {
        Map<String, String> env = configured();
        env.put("TWILIO_ACCOUNT_SID", "SK123");

        assertThatThrownBy(() -> TwilioSettings.fromEnv(env))
                .hasMessageContaining("TWILIO_ACCOUNT_SID='SK123'")
                .hasMessageContaining("AC followed by 32 hexadecimal characters");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "14155238886",
                "+1415",
                "+1 415 523 8886",
                "whatsapp:+0123456789",
                "sms:+14155238886"
            })
    void aFromNumberOutsideE164NamesTheVariable(String from) {
        Map<String, String> env = configured();
        env.put("TWILIO_FROM_NUMBER", from);

        assertThatThrownBy(() -> TwilioSettings.fromEnv(env))
                .isInstanceOf(TwilioSettingsException.class)
                .hasMessageStartingWith("TWILIO_FROM_NUMBER='" + from.trim() + "'")
                .hasMessageContaining("E.164")
                .hasMessageContaining("+ and 8 to 15 digits");
    }

    @Test
    void aWrongRecipientNamesTheVariableAndItsPlaceInTheList() {
        Map<String, String> env = configured();
        env.put("RECIPIENT_PHONE_NUMBER", "+919876543210,98765");

        assertThatThrownBy(() -> TwilioSettings.fromEnv(env))
                .hasMessageStartingWith("RECIPIENT_PHONE_NUMBER='98765' (number 2 of the list)")
                .hasMessageContaining("E.164");
    }

    @Test
    void anEmptyEntryInTheRecipientListIsRefused() {
        Map<String, String> env = configured();
        env.put("RECIPIENT_PHONE_NUMBER", "+919876543210,,+14155550100");

        assertThatThrownBy(() -> TwilioSettings.fromEnv(env))
                .hasMessageContaining("RECIPIENT_PHONE_NUMBER")
                .hasMessageContaining("empty entry (number 2)");
    }

    @Test
    void twilioWithoutRecipientsIsRefused() {
        Map<String, String> env = configured();
        env.remove("RECIPIENT_PHONE_NUMBER");

        assertThatThrownBy(() -> TwilioSettings.fromEnv(env))
                .hasMessageStartingWith("RECIPIENT_PHONE_NUMBER is not set");
    }

    @Test
    void theSenderCannotBeARecipient() {
        Map<String, String> env = configured();
        env.put("RECIPIENT_PHONE_NUMBER", "+14155238886");

        assertThatThrownBy(() -> TwilioSettings.fromEnv(env))
                .hasMessageContaining("RECIPIENT_PHONE_NUMBER contains whatsapp:+14155238886")
                .hasMessageContaining("TWILIO_FROM_NUMBER");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "api.twilio.com",
                "ftp://api.twilio.com",
                "https://api.twilio.com/2010-04-01",
                "http://user:pw@127.0.0.1:8080",
                "http://127.0.0.1:8080?x=1"
            })
    void aWrongApiUrlNamesTheVariableAndWhatIsAllowed(String url) {
        Map<String, String> env = configured();
        env.put("TWILIO_API_URL", url);

        assertThatThrownBy(() -> TwilioSettings.fromEnv(env))
                .hasMessageStartingWith("TWILIO_API_URL='" + url + "'")
                .hasMessageContaining("http or https")
                .hasMessageContaining("no path");
    }

    @Test
    void anApiUrlKeepsSchemeHostAndPort() {
        Map<String, String> env = configured();
        env.put("TWILIO_API_URL", "http://127.0.0.1:18080/");

        assertThat(TwilioSettings.fromEnv(env).apiUrl())
                .isEqualTo(URI.create("http://127.0.0.1:18080"));
    }

    @Test
    void aContentSidMustBeHxAnd32Hex() {
        Map<String, String> env = configured();
        env.put("TWILIO_CONTENT_SID", "HXnope");

        assertThatThrownBy(() -> TwilioSettings.fromEnv(env))
                .hasMessageStartingWith("TWILIO_CONTENT_SID='HXnope'")
                .hasMessageContaining("HX followed by 32 hexadecimal characters");

        env.put("TWILIO_CONTENT_SID", "HX0123456789abcdef0123456789abcdef");
        assertThat(TwilioSettings.fromEnv(env).templateMode()).isTrue();
    }

    @Test
    void theAuthTokenNeverAppearsInMessagesOrToString() {
        Map<String, String> env = configured();
        TwilioSettings settings = TwilioSettings.fromEnv(env);
        assertThat(settings.toString()).doesNotContain(TOKEN).contains("authToken=***");

        env.put("TWILIO_AUTH_TOKEN", "has space " + TOKEN);
        assertThatThrownBy(() -> TwilioSettings.fromEnv(env))
                .hasMessageStartingWith("TWILIO_AUTH_TOKEN contains spaces")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));

        for (String variable :
                new String[] {"TWILIO_ACCOUNT_SID", "TWILIO_FROM_NUMBER", "TWILIO_API_URL"}) {
            Map<String, String> wrong = configured();
            wrong.put(variable, "wrong");
            assertThatThrownBy(() -> TwilioSettings.fromEnv(wrong))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
        }
    }
}
