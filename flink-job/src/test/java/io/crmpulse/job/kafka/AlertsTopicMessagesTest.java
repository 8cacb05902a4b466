package io.crmpulse.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.model.Alert;
import io.crmpulse.sinks.kafka.TopicMessage;
import io.crmpulse.sinks.outbox.OutboxMessage;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The alerts topic's messages, version 1, exactly as the README shows them. */
class AlertsTopicMessagesTest {

    @Test
    void anAlertIsKeyedByItsIdAndCarriesTheAlertsRow() throws Exception {
        Alert alert = new Alert();
        alert.setAlertId("R4_BIG_DEAL_LOST/deal:4970762000000512007/2026-12-07T10:42:00Z/critical");
        alert.setRule(Alert.R4_BIG_DEAL_LOST);
        alert.setSubject("deal:4970762000000512007");
        alert.setSeverity(Alert.CRITICAL);
        alert.setFiredAt(Instant.parse("2026-12-07T10:42:03.120Z"));
        alert.setWindowStart(Instant.parse("2026-12-07T10:42:00Z"));
        alert.setWindowEnd(Instant.parse("2026-12-07T10:42:00Z"));
        alert.setObserved(1250000);
        alert.setExpected(400000);
        alert.setN(37);
        alert.setTest("₹12,50,000 >= max(floor ₹0, P90 of 37 won in 180 d = ₹4,00,000)");
        alert.setMessage(
                "Big deal lost: Acme renewal (₹12,50,000) of Priya Sharma, source Partner, moved"
                        + " from Negotiation/Review to Closed Lost after 41 days.");

        TopicMessage message =
                AlertsTopicMessages.alert(
                        alert, "https://pulse.example.com/#/alerts/R4_BIG_DEAL_LOST%2F...");

        assertThat(message.getKey()).isEqualTo(alert.getAlertId());
        assertThat(DebeziumEvents.JSON.readTree(message.getValue()))
                .isEqualTo(
                        DebeziumEvents.JSON.readTree(
                                """
                                {
                                  "version": 1,
                                  "type": "alert",
                                  "id": "R4_BIG_DEAL_LOST/deal:4970762000000512007/2026-12-07T10:42:00Z/critical",
                                  "rule": "R4_BIG_DEAL_LOST",
                                  "rule_name": "Big deal lost",
                                  "subject": "deal:4970762000000512007",
                                  "severity": "critical",
                                  "fired_at": "2026-12-07T10:42:03.120Z",
                                  "window_start": "2026-12-07T10:42:00Z",
                                  "window_end": "2026-12-07T10:42:00Z",
                                  "observed": 1250000.0,
                                  "expected": 400000.0,
                                  "n": 37,
                                  "test": "₹12,50,000 >= max(floor ₹0, P90 of 37 won in 180 d = ₹4,00,000)",
                                  "text": "Big deal lost: Acme renewal (₹12,50,000) of Priya Sharma, source Partner, moved from Negotiation/Review to Closed Lost after 41 days.",
                                  "link": "https://pulse.example.com/#/alerts/R4_BIG_DEAL_LOST%2F..."
                                }
                                """));
    }

    @Test
    void aSummaryIsKeyedByItsDay() throws Exception {
        TopicMessage message =
                AlertsTopicMessages.summary(
                        OutboxMessage.summary(
                                LocalDate.of(2026, 12, 7),
                                "Monday, 7 December: 42 new leads ...",
                                Instant.parse("2026-12-07T13:30:05Z")));

        assertThat(message.getKey()).isEqualTo("summary:2026-12-07");
        assertThat(DebeziumEvents.JSON.readTree(message.getValue()))
                .isEqualTo(
                        DebeziumEvents.JSON.readTree(
                                """
                                {
                                  "version": 1,
                                  "type": "summary",
                                  "id": "summary:2026-12-07",
                                  "day": "2026-12-07",
                                  "created_at": "2026-12-07T13:30:05Z",
                                  "text": "Monday, 7 December: 42 new leads ..."
                                }
                                """));
    }
}
