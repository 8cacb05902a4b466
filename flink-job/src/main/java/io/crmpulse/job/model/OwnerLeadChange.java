package io.crmpulse.job.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A lead change as its owner's speed-to-lead SLA (R5) sees it: whether the lead is, after the
 * change, an untouched lead of this owner. A lead that moved to another owner, was touched or was
 * deleted is no longer one ({@code untouched = false}). A Flink POJO.
 */
public class OwnerLeadChange {

    private String ownerId;
    private String ownerName;
    private String leadId;
    private String leadSource;
    private Instant createdTime;
    private boolean untouched;
    private Instant changedAt;
    private boolean live;

    /** For Flink's POJO serializer. */
    public OwnerLeadChange() {}

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

    public String getLeadId() {
        return leadId;
    }

    public void setLeadId(String leadId) {
        this.leadId = leadId;
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

    public boolean isUntouched() {
        return untouched;
    }

    public void setUntouched(boolean untouched) {
        this.untouched = untouched;
    }

    public Instant getChangedAt() {
        return changedAt;
    }

    public void setChangedAt(Instant changedAt) {
        this.changedAt = changedAt;
    }

    public boolean isLive() {
        return live;
    }

    public void setLive(boolean live) {
        this.live = live;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof OwnerLeadChange)) {
            return false;
        }
        OwnerLeadChange that = (OwnerLeadChange) o;
        return untouched == that.untouched
                && live == that.live
                && Objects.equals(ownerId, that.ownerId)
                && Objects.equals(ownerName, that.ownerName)
                && Objects.equals(leadId, that.leadId)
                && Objects.equals(leadSource, that.leadSource)
                && Objects.equals(createdTime, that.createdTime)
                && Objects.equals(changedAt, that.changedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                ownerId, ownerName, leadId, leadSource, createdTime, untouched, changedAt, live);
    }

    @Override
    public String toString() {
        // No owner name: logs carry ids only.
        return "OwnerLeadChange{owner="
                + ownerId
                + " lead="
                + leadId
                + (untouched ? " untouched" : " not untouched")
                + " @"
                + changedAt
                + "}";
    }
}
