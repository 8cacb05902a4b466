package io.crmpulse.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmpulse.zoho.model.ChangeOp;
import io.crmpulse.zoho.model.RecordChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class KafkaProgressTest {

    /** Nothing listens there: the broker never answers. */
    private static KafkaProgress progress() {
        Properties client = new Properties();
        client.put("bootstrap.servers", "127.0.0.1:1");
        return new KafkaProgress(
                List.of("Leads", "Deals"),
                Duration.ofSeconds(60),
                client,
                "crm-pulse",
                List.of("crm.public.leads", "crm.public.deals"));
    }

    private static RecordChange lead(String id, Instant at) {
        return RecordChange.upsert("Leads", id, at, "{\"id\":\"" + id + "\"}");
    }

    @Test
    void changesPassOnAndTheEndOfABoundedRunReportsEveryModuleCaughtUp() throws Exception {
        try (OneInputStreamOperatorTestHarness<RecordChange, RecordChange> harness =
                new OneInputStreamOperatorTestHarness<>(progress())) {
            harness.open();
            RecordChange first = lead("1", Instant.parse("2026-12-07T09:00:00Z"));
            RecordChange second = lead("2", Instant.parse("2026-12-07T09:01:00Z"));
            harness.processElement(new StreamRecord<>(first, 1_796_634_000_000L));
            harness.processElement(new StreamRecord<>(second, 1_796_634_060_000L));
            harness.setProcessingTime(1_000);

            harness.endInput();
            harness.setProcessingTime(120_000);

            List<RecordChange> out = harness.extractOutputValues();
            assertThat(out).hasSize(4).startsWith(first, second);
            RecordChange leads = out.get(2);
            assertThat(leads.getOp()).isEqualTo(ChangeOp.SYNC_PROGRESS);
            assertThat(leads.getModule()).isEqualTo("Leads");
            assertThat(leads.getModifiedTime()).isEqualTo(Instant.ofEpochMilli(1_000));
            JsonNode report = DebeziumEvents.JSON.readTree(leads.getFieldsJson());
            assertThat(report.get("cursor").asText()).isEqualTo("2026-12-07T09:01:00Z");
            assertThat(report.get("changes_emitted").asLong()).isEqualTo(2);
            assertThat(report.get("api_calls").asLong()).isZero();
            assertThat(report.get("caught_up").asBoolean()).isTrue();
            JsonNode deals = DebeziumEvents.JSON.readTree(out.get(3).getFieldsJson());
            assertThat(out.get(3).getModule()).isEqualTo("Deals");
            assertThat(deals.get("cursor").isNull()).isTrue();
            assertThat(deals.get("changes_emitted").asLong()).isZero();
        }
    }

    @Test
    void theCountsLiveInCheckpoints() throws Exception {
        OperatorSubtaskState saved;
        try (OneInputStreamOperatorTestHarness<RecordChange, RecordChange> harness =
                new OneInputStreamOperatorTestHarness<>(progress())) {
            harness.open();
            harness.processElement(
                    new StreamRecord<>(lead("1", Instant.parse("2026-12-07T09:00:00Z"))));
            saved = harness.snapshot(1, 1);
        }
        try (OneInputStreamOperatorTestHarness<RecordChange, RecordChange> restored =
                new OneInputStreamOperatorTestHarness<>(progress())) {
            restored.initializeState(saved);
            restored.open();
            restored.processElement(
                    new StreamRecord<>(lead("2", Instant.parse("2026-12-07T08:00:00Z"))));

            restored.endInput();

            JsonNode report =
                    DebeziumEvents.JSON.readTree(
                            restored.extractOutputValues().get(1).getFieldsJson());
            assertThat(report.get("changes_emitted").asLong()).isEqualTo(2);
            assertThat(report.get("cursor").asText())
                    .as("the newest of both runs")
                    .isEqualTo("2026-12-07T09:00:00Z");
        }
    }

    @Test
    void whileTheBrokerDoesNotAnswerThereIsNoReport() throws Exception {
        try (OneInputStreamOperatorTestHarness<RecordChange, RecordChange> harness =
                new OneInputStreamOperatorTestHarness<>(progress())) {
            harness.open();
            harness.processElement(new StreamRecord<>(lead("1", Instant.EPOCH), 1L));

            for (long minute = 1; minute <= 3; minute++) {
                harness.setProcessingTime(minute * 60_000);
            }

            assertThat(harness.extractOutputValues())
                    .extracting(RecordChange::getOp)
                    .containsExactly(ChangeOp.UPSERT);
        }
    }
}
