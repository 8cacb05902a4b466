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
    void toStringLeavesOutNames() {
        DealRow deal = new DealRow();
        deal.setId("7");
        deal.setDealName("Jane Doe - renewal");
        deal.setOwnerName("Priya Sharma");

        assertThat(deal.toString()).doesNotContain("Jane").doesNotContain("Priya");
    }
}
