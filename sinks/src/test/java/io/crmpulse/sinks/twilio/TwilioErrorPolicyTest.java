package io.crmpulse.sinks.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.sinks.twilio.SendOutcome.Disposition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TwilioErrorPolicyTest {

    @ParameterizedTest(name = "HTTP {0}, code {1} -> {2}")
    @CsvSource(
            nullValues = "null",
            value = {
                // Refused for good: recorded, never retried.
                "401, 20003, PERMANENT",
                "400, 21211, PERMANENT",
                "400, 21408, PERMANENT",
                "400, 21610, PERMANENT",
                "400, 63007, PERMANENT",
                "400, 63015, PERMANENT",
                "400, 21617, PERMANENT",
                "400, 21654, PERMANENT",
                "400, 21604, PERMANENT",
                "404, 20404, PERMANENT",
                "400, null, PERMANENT",
                // Not processed: back off and retry.
                "429, 20429, RETRY",
                "429, null, RETRY",
                "400, 63018, RETRY",
                "400, 21611, RETRY",
                // Maybe created: reconcile before any resend.
                "500, 20500, AMBIGUOUS",
                "503, 20503, AMBIGUOUS",
                "502, null, AMBIGUOUS",
                "null, null, AMBIGUOUS",
                "302, null, AMBIGUOUS"
            })
    void everyOutcomeHasOneAction(Integer httpStatus, Integer code, Disposition expected) {
        assertThat(TwilioErrorPolicy.classify(httpStatus, code)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"false, RETRY", "true, AMBIGUOUS"})
    void noResponseIsSafeToRetryOnlyIfNothingWasSent(boolean mayHaveArrived, Disposition expected) {
        assertThat(TwilioErrorPolicy.classifyNoResponse(mayHaveArrived)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "20003, TWILIO_AUTH_TOKEN",
        "21211, RECIPIENT_PHONE_NUMBER",
        "21610, START",
        "63007, TWILIO_FROM_NUMBER",
        "63015, join",
        "21408, Geo Permissions"
    })
    void permanentErrorsSayWhatToDo(int code, String hint) {
        assertThat(TwilioErrorPolicy.advice(code)).contains(hint);
    }
}
