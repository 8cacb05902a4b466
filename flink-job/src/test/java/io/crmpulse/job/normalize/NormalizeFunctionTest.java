package io.crmpulse.job.normalize;

import static io.crmpulse.job.normalize.ZohoJsonFixtures.DEAL;
import static io.crmpulse.job.normalize.ZohoJsonFixtures.DEAL_ID;
import static io.crmpulse.job.normalize.ZohoJsonFixtures.LEAD;
import static io.crmpulse.job.normalize.ZohoJsonFixtures.LEAD_ID;
import static io.crmpulse.job.normalize.ZohoJsonFixtures.deal;
import static io.crmpulse.job.normalize.ZohoJsonFixtures.lead;
import static io.crmpulse.job.normalize.ZohoJsonFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.sinks.postgres.DeadLetter;
import io.crmpulse.sinks.testing.CapturedLogs;
import io.crmpulse.zoho.model.RecordChange;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NormalizeFunctionTest {

    private static final Instant NOW = Instant.parse("2026-03-04T11:15:12Z");

    private OneInputStreamOperatorTestHarness<RecordChange, LeadRow> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new NormalizeFunction(
                                new RecordNormalizer(
                                        MetricClasses.defaults(), ZoneId.of("Asia/Kolkata"))));
        harness.setProcessingTime(NOW.toEpochMilli());
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private void send(RecordChange change) throws Exception {
        harness.processElement(change, 0L);
    }

    private <T> List<T> side(OutputTag<T> tag) {
        var records = harness.getSideOutput(tag);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void leadsGoToTheMainOutputDealsAndDeadLettersToTheirSideOutputs() throws Exception {
        send(lead(LEAD));
        send(deal(DEAL));
        send(deal(with(DEAL, "Amount", "\"abc\"")));
        send(RecordChange.delete("Leads", LEAD_ID, Instant.parse("2026-03-06T07:00:00Z")));
        send(ZohoJsonFixtures.upsert("Contacts", "1", "{\"id\":\"1\"}"));

        assertThat(harness.extractOutputValues())
                .extracting(LeadRow::getId, LeadRow::getStatusClass, LeadRow::isDeleted)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LEAD_ID, "contacted", false),
                        org.assertj.core.groups.Tuple.tuple(LEAD_ID, null, true));
        assertThat(side(NormalizeFunction.DEALS))
                .extracting(DealRow::getId, DealRow::getStageClass)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DEAL_ID, "open"));
        assertThat(side(NormalizeFunction.DEAD_LETTERS))
                .containsExactly(
                        DeadLetter.of(
                                "Deals",
                                DEAL_ID,
                                "Amount is not a number: \"abc\"",
                                with(DEAL, "Amount", "\"abc\""),
                                NOW));
    }

    @Test
    void aDeadLetterIsStampedWithTheProcessingTime() throws Exception {
        harness.setProcessingTime(NOW.plusSeconds(30).toEpochMilli());

        send(lead(with(LEAD, "Created_Time", "null")));

        assertThat(side(NormalizeFunction.DEAD_LETTERS))
                .extracting(DeadLetter::getReceivedAt)
                .containsExactly(NOW.plusSeconds(30));
    }

    @Test
    void aDeadLetterIsLoggedWithModuleIdAndReasonButNeverThePayload() throws Exception {
        try (CapturedLogs logs = new CapturedLogs(NormalizeFunction.class)) {
            send(deal(with(DEAL, "Probability", "150")));

            assertThat(logs.lines())
                    .containsExactly(
                            "WARN Dead letter: Deals record "
                                    + DEAL_ID
                                    + " cannot be normalized and is skipped:"
                                    + " Probability must be from 0 to 100, got 150");
        }
    }
}
