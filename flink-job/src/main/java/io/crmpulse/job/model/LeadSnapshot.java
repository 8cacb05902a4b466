package io.crmpulse.job.model;

import java.time.Instant;
import java.util.Objects;

/**
 * What the anomaly rules need of one version of a lead: where it came from, its status class, its
 * owner and when it was created. No name, e-mail or phone. A Flink POJO.
 */
public class LeadSnapshot {

    private String leadSource;
    private String statusClass;
    private String ownerId;
    private String ownerName;
    private Instant createdTime;
    private Instant modifiedTime;

    /** For Flink's POJO serializer. */
    public LeadSnapshot() {}

    /** The snapshot of a live (not deleted) lead version. */
    public static LeadSnapshot of(LeadRow row) {
        LeadSnapshot s = new LeadSnapshot();
        s.leadSource = row.getLeadSource();
        s.statusClass = row.getStatusClass();
        s.ownerId = row.getOwnerId();
        s.ownerName = row.getOwnerName();
        s.createdTime = row.getCreatedTime();
        s.modifiedTime = row.getModifiedTime();
        return s;
    }

    public String getLeadSource() {
        return leadSource;
    }

    public void setLeadSource(String leadSource) {
        this.leadSource = leadSource;
    }

    /** One of the status classes of docs/METRICS.md 1, e.g. {@code junk}, {@code untouched}. */
    public String getStatusClass() {
        return statusClass;
    }

    public void setStatusClass(String statusClass) {
        this.statusClass = statusClass;
    }

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

    public Instant getCreatedTime() {
        return createdTime;
    }

    public void setCreatedTime(Instant createdTime) {
        this.createdTime = createdTime;
    }

    public Instant getModifiedTime() {
        return modifiedTime;
    }

    public void setModifiedTime(Instant modifiedTime) {
        this.modifiedTime = modifiedTime;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LeadSnapshot)) {
            return false;
        }
        LeadSnapshot that = (LeadSnapshot) o;
        return Objects.equals(leadSource, that.leadSource)
                && Objects.equals(statusClass, that.statusClass)
                && Objects.equals(ownerId, that.ownerId)
                && Objects.equals(ownerName, that.ownerName)
                && Objects.equals(createdTime, that.createdTime)
                && Objects.equals(modifiedTime, that.modifiedTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(leadSource, statusClass, ownerId, ownerName, createdTime, modifiedTime);
    }

    @Override
    public String toString() {
        // No owner name: logs carry ids and classes only.
        return "LeadSnapshot{source="
                + leadSource
                + " class="
                + statusClass
                + " owner="
                + ownerId
                + " created="
                + createdTime
                + " modified="
                + modifiedTime
                + "}";
    }
}
