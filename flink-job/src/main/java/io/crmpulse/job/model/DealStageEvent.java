package io.crmpulse.job.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A deal entered a stage (the row of {@code deal_stage_events}): the first version the job saw of a
 * deal, or a version whose stage differs from the one before. A Flink POJO.
 */
public class DealStageEvent {

    private String dealId;
    private Instant changedAt;
    private String toStage;
    private String fromStage;
    private String toStageClass;
    private BigDecimal amountHome;

    public DealStageEvent() {}

    public DealStageEvent(
            String dealId,
            Instant changedAt,
            String toStage,
            String fromStage,
            String toStageClass,
            BigDecimal amountHome) {
        this.dealId = dealId;
        this.changedAt = changedAt;
        this.toStage = toStage;
        this.fromStage = fromStage;
        this.toStageClass = toStageClass;
        this.amountHome = amountHome;
    }

    public String getDealId() {
        return dealId;
    }

    public void setDealId(String dealId) {
        this.dealId = dealId;
    }

    public Instant getChangedAt() {
        return changedAt;
    }

    public void setChangedAt(Instant changedAt) {
        this.changedAt = changedAt;
    }

    public String getToStage() {
        return toStage;
    }

    public void setToStage(String toStage) {
        this.toStage = toStage;
    }

    /** The stage before; {@code null} for the first version the job saw. */
    public String getFromStage() {
        return fromStage;
    }

    public void setFromStage(String fromStage) {
        this.fromStage = fromStage;
    }

    public String getToStageClass() {
        return toStageClass;
    }

    public void setToStageClass(String toStageClass) {
        this.toStageClass = toStageClass;
    }

    public BigDecimal getAmountHome() {
        return amountHome;
    }

    public void setAmountHome(BigDecimal amountHome) {
        this.amountHome = amountHome;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DealStageEvent)) {
            return false;
        }
        DealStageEvent that = (DealStageEvent) o;
        return Objects.equals(dealId, that.dealId)
                && Objects.equals(changedAt, that.changedAt)
                && Objects.equals(toStage, that.toStage)
                && Objects.equals(fromStage, that.fromStage)
                && Objects.equals(toStageClass, that.toStageClass)
                && Objects.equals(amountHome, that.amountHome);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dealId, changedAt, toStage, fromStage, toStageClass, amountHome);
    }

    @Override
    public String toString() {
        return "DealStageEvent{"
                + dealId
                + " "
                + fromStage
                + " -> "
                + toStage
                + " @"
                + changedAt
                + "}";
    }
}
