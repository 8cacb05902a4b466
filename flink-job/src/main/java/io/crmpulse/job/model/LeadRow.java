package io.crmpulse.job.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A Zoho lead normalized as docs/METRICS.md section 1 defines it: the row of {@code crm_leads}.
 *
 * <p>A Flink POJO. A row with {@code deleted = true} carries only {@code id} and {@code
 * modifiedTime} (the deletion time): it retracts the lead from the mirror and every metric.
 */
public class LeadRow {

    private String id;
    private String leadSource;
    private String leadStatus;
    private String statusClass;
    private String ownerId;
    private String ownerName;
    private Instant createdTime;
    private Instant modifiedTime;
    private boolean converted;
    private Instant convertedAt;

    @TypeInfo(LocalDateTypeInfoFactory.class)
    private LocalDate cohortDay;

    private boolean deleted;

    /** For Flink's POJO serializer. */
    public LeadRow() {}

    /** The retraction of lead {@code id}, deleted at {@code deletedAt}. */
    public static LeadRow deletion(String id, Instant deletedAt) {
        LeadRow row = new LeadRow();
        row.setId(id);
        row.setModifiedTime(deletedAt);
        row.setDeleted(true);
        return row;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getLeadSource() {
        return leadSource;
    }

    public void setLeadSource(String leadSource) {
        this.leadSource = leadSource;
    }

    public String getLeadStatus() {
        return leadStatus;
    }

    public void setLeadStatus(String leadStatus) {
        this.leadStatus = leadStatus;
    }

    /**
     * One of {@code converted}, {@code junk}, {@code untouched}, {@code attempted}, {@code
     * contacted}.
     */
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

    public boolean isConverted() {
        return converted;
    }

    public void setConverted(boolean converted) {
        this.converted = converted;
    }

    public Instant getConvertedAt() {
        return convertedAt;
    }

    public void setConvertedAt(Instant convertedAt) {
        this.convertedAt = convertedAt;
    }

    /** The day of {@code createdTime} in the business timezone ({@code PULSE_TIMEZONE}). */
    public LocalDate getCohortDay() {
        return cohortDay;
    }

    public void setCohortDay(LocalDate cohortDay) {
        this.cohortDay = cohortDay;
    }

    public boolean isDeleted() {
        return deleted;
    }

    public void setDeleted(boolean deleted) {
        this.deleted = deleted;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LeadRow)) {
            return false;
        }
        LeadRow that = (LeadRow) o;
        return converted == that.converted
                && deleted == that.deleted
                && Objects.equals(id, that.id)
                && Objects.equals(leadSource, that.leadSource)
                && Objects.equals(leadStatus, that.leadStatus)
                && Objects.equals(statusClass, that.statusClass)
                && Objects.equals(ownerId, that.ownerId)
                && Objects.equals(ownerName, that.ownerName)
                && Objects.equals(createdTime, that.createdTime)
                && Objects.equals(modifiedTime, that.modifiedTime)
                && Objects.equals(convertedAt, that.convertedAt)
                && Objects.equals(cohortDay, that.cohortDay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                id,
                leadSource,
                leadStatus,
                statusClass,
                ownerId,
                ownerName,
                createdTime,
                modifiedTime,
                converted,
                convertedAt,
                cohortDay,
                deleted);
    }

    @Override
    public String toString() {
        // No owner name: logs carry ids and classes only.
        if (deleted) {
            return "LeadRow{" + id + " deleted @" + modifiedTime + "}";
        }
        return "LeadRow{"
                + id
                + " source="
                + leadSource
                + " status="
                + leadStatus
                + " class="
                + statusClass
                + " owner="
                + ownerId
                + " created="
                + createdTime
                + " modified="
                + modifiedTime
                + " converted="
                + converted
                + (convertedAt == null ? "" : " convertedAt=" + convertedAt)
                + " cohortDay="
                + cohortDay
                + "}";
    }
}
