package io.crmpulse.job.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

class ModelPojoTest {

    @Test
    void flinkSerializesEveryModelClassAsAPojoNotWithKryo() {
        assertThat(TypeInformation.of(LeadRow.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(DealRow.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(DeadLetter.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void aDeletionCarriesOnlyTheIdAndTheDeletionTime() {
        Instant at = Instant.parse("2026-03-01T10:00:00Z");

        LeadRow lead = LeadRow.deletion("4970762000000348015", at);
        DealRow deal = DealRow.deletion("4970762000000999001", at);

        LeadRow expectedLead = new LeadRow();
        expectedLead.setId("4970762000000348015");
        expectedLead.setModifiedTime(at);
        expectedLead.setDeleted(true);
        assertThat(lead).isEqualTo(expectedLead);
        assertThat(deal.getId()).isEqualTo("4970762000000999001");
        assertThat(deal.getModifiedTime()).isEqualTo(at);
        assertThat(deal.isDeleted()).isTrue();
        assertThat(deal.getStage()).isNull();
        assertThat(deal.getAmountHome()).isNull();
    }

    @Test
    void aDeadLetterIsKeyedByModuleAndRecordId() {
        DeadLetter letter =
                DeadLetter.of(
                        "Deals", "42", "Amount is not a number: \"abc\"", "{}", Instant.EPOCH);

        assertThat(letter.getId()).isEqualTo("Deals:42");
    }

    @Test
    void aDeadLetterWithoutRecordIdIsKeyedByTheHashOfItsPayload() {
        DeadLetter letter = DeadLetter.of("Leads", null, "no id", "{}", Instant.EPOCH);

        // sha256("{}")
        assertThat(letter.getId())
                .isEqualTo(
                        "Leads:sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
        assertThat(DeadLetter.of("Leads", "", "no id", "{}", Instant.EPOCH).getId())
                .isEqualTo(letter.getId());
    }

    @Test
    void toStringLeavesOutNamesAndPayloads() {
        DealRow deal = new DealRow();
        deal.setId("7");
        deal.setDealName("Jane Doe - renewal");
        deal.setOwnerName("Priya Sharma");
        DeadLetter letter =
                DeadLetter.of(
                        "Leads", "9", "Created_Time is missing", "{\"Email\":\"jane@x.io\"}", null);

        assertThat(deal.toString()).doesNotContain("Jane").doesNotContain("Priya");
        assertThat(letter.toString()).doesNotContain("jane@x.io").contains("Leads:9");
    }
}
