package io.crmpulse.job.deals;

import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.normalize.MetricClasses;
import java.math.BigDecimal;
import java.time.Instant;

/** Normalized deal versions, as the normalizer hands them to the lifecycle. */
final class DealVersions {

    private static final MetricClasses CLASSES = MetricClasses.defaults();

    private DealVersions() {}

    static DealRow version(String id, String stage, String modifiedTime) {
        DealRow row = new DealRow();
        row.setId(id);
        row.setDealName("Acme Corp - 50 seats");
        row.setStage(stage);
        row.setStageClass(CLASSES.stageClass(stage));
        row.setAmount(new BigDecimal("120000"));
        row.setExchangeRate(BigDecimal.ONE);
        row.setAmountHome(new BigDecimal("120000.00"));
        row.setProbability(90);
        row.setOwnerId("4970762000000290001");
        row.setOwnerName("Priya Sharma");
        row.setLeadSource("Trade Show");
        row.setCreatedTime(Instant.parse("2026-03-02T05:30:00Z"));
        row.setModifiedTime(Instant.parse(modifiedTime));
        return row;
    }
}
