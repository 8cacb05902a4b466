package io.crmpulse.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.alerts.common.AlertTexts;
import io.crmpulse.job.config.DashboardLinks;
import io.crmpulse.job.model.Alert;
import io.crmpulse.sinks.outbox.OutboxMessage;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the outbox gets for an alert: the plain message, and the link when the URL is set. */
class AlertWhatsAppTextTest {

    private static final Instant AT = Instant.parse("2026-03-09T15:00:00Z");
    private static final String MESSAGE =
            "Junk spike, Web Download: 31 of 34 leads triaged today by 10:00 are junk (91%),"
                    + " usually 19%.\n"
                    + "Extremely unusual: a day like this comes by chance less than once in"
                    + " 10,00,000. Check the Web Download form and where its traffic comes from.";

    private static Alert junkSpike() {
        return AlertTexts.alert(
                Alert.R1_JUNK_SPIKE,
                AlertTexts.sourceSubject("Web Download"),
                Alert.CRITICAL,
                "2026-03-09",
                AT,
                AT,
                AT,
                31.0 / 34,
                0.188,
                34,
                "binomial P(X>=31 | n=34, p0=0.188 over 28 d) < 1e-6 < 0.001; +72.3 pp >= 10 pp",
                MESSAGE);
    }

    @Test
    void withoutADashboardTheTextIsThePlainMessageWithoutTheEvidence() {
        OutboxMessage message = CrmPulsePipeline.message(junkSpike(), DashboardLinks.NONE);

        assertThat(message.getBody()).isEqualTo(MESSAGE).doesNotContain("binomial", "P(X");
        assertThat(message.getRef())
                .isEqualTo("R1_JUNK_SPIKE/source:Web Download/2026-03-09/critical");
        assertThat(message.getSeverity()).isEqualTo(Alert.CRITICAL);
        assertThat(message.getCreatedAt()).isEqualTo(AT);
    }

    @Test
    void withADashboardTheTextEndsWithTheAlertsView() {
        OutboxMessage message =
                CrmPulsePipeline.message(
                        junkSpike(), DashboardLinks.at(URI.create("https://pulse.example.com/")));

        assertThat(message.getBody())
                .isEqualTo(
                        MESSAGE
                                + "\nhttps://pulse.example.com/#alerts/"
                                + "R1_JUNK_SPIKE%2Fsource%3AWeb%20Download%2F2026-03-09%2Fcritical");
    }
}
