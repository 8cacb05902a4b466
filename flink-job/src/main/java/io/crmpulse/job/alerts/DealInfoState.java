package io.crmpulse.job.alerts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@code bigdeal.BigDealLostFunction} keeps of a deal: its amount and class for the open
 * pipeline and the won amounts, and who and what it is for the message.
 */
public class DealInfoState {

    private String ownerId;
    private String ownerName;
    private String dealName;
    private String leadSource;
    private Instant createdTime;
    private String stageClass;
    private BigDecimal amountHome;
    private Instant wonAt;
    private Instant lostSeenAt;

    /** For Flink's POJO serializer. */
    public DealInfoState() {}

    public String getOwnerId() {
        return ownerId;
    }

    public void setOwnerId(String ownerId) {
        this.ownerId = ownerId;
    }

    public String getOwnerName() {
        return ownerName;
    }

    public void setOwnerName(String ownerName) {
        this.ownerName = ownerName;
    }

    public String getDealName() {
        return dealName;
    }

    public void setDealName(String dealName) {
        this.dealName = dealName;
    }

    public String getLeadSource() {
        return leadSource;
    }

    public void setLeadSource(String leadSource) {
        this.leadSource = leadSource;
    }

    public Instant getCreatedTime() {
        return createdTime;
    }

    public void setCreatedTime(Instant createdTime) {
        this.createdTime = createdTime;
    }

    public String getStageClass() {
        return stageClass;
    }

    public void setStageClass(String stageClass) {
        this.stageClass = stageClass;
    }

    public BigDecimal getAmountHome() {
        return amountHome;
    }

    public void setAmountHome(BigDecimal amountHome) {
        this.amountHome = amountHome;
    }

    public Instant getWonAt() {
        return wonAt;
    }

    public void setWonAt(Instant wonAt) {
        this.wonAt = wonAt;
    }

    /** Processing time at which the deal was first seen lost; it is forgotten an hour later. */
    public Instant getLostSeenAt() {
        return lostSeenAt;
    }

    public void setLostSeenAt(Instant lostSeenAt) {
        this.lostSeenAt = lostSeenAt;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DealInfoState)) {
            return false;
        }
        DealInfoState that = (DealInfoState) o;
        return Objects.equals(ownerId, that.ownerId)
                && Objects.equals(ownerName, that.ownerName)
                && Objects.equals(dealName, that.dealName)
                && Objects.equals(leadSource, that.leadSource)
                && Objects.equals(createdTime, that.createdTime)
                && Objects.equals(stageClass, that.stageClass)
                && Objects.equals(amountHome, that.amountHome)
                && Objects.equals(wonAt, that.wonAt)
                && Objects.equals(lostSeenAt, that.lostSeenAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                ownerId,
                ownerName,
                dealName,
                leadSource,
                createdTime,
                stageClass,
                amountHome,
                wonAt,
                lostSeenAt);
    }

    @Override
    public String toString() {
        // No deal name (it often names a customer) and no owner name.
        return "DealInfoState{"
                + stageClass
                + " "
                + amountHome
                + " owner="
                + ownerId
                + (wonAt == null ? "" : " wonAt=" + wonAt)
                + "}";
    }
}
