package io.crmpulse.job.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of a lead's changelog as the anomaly rules see it: the version before (null for a lead
 * the job had not seen) and the version after (null for a deletion). Counts subtract {@code before}
 * and add {@code after}, so they move exactly however a lead's status, source or owner changes. A
 * Flink POJO.
 */
public class LeadTransition {

    private String leadId;
    private LeadSnapshot before;
    private LeadSnapshot after;
    private Instant changedAt;
    private Instant seenAt;
    private boolean live;

    /** For Flink's POJO serializer. */
    public LeadTransition() {}

    public String getLeadId() {
        return leadId;
    }

    public void setLeadId(String leadId) {
        this.leadId = leadId;
    }

    /** The previous version; {@code null} when the lead is new to the job. */
    public LeadSnapshot getBefore() {
        return before;
    }

    public void setBefore(LeadSnapshot before) {
        this.before = before;
    }

    /** The new version; {@code null} when the lead was deleted. */
    public LeadSnapshot getAfter() {
        return after;
    }

    public void setAfter(LeadSnapshot after) {
        this.after = after;
    }

    /** The modified time of the new version (the deletion time for a deletion). */
    public Instant getChangedAt() {
        return changedAt;
    }

    public void setChangedAt(Instant changedAt) {
        this.changedAt = changedAt;
    }

    /** The processing time at which the job saw the change. */
    public Instant getSeenAt() {
        return seenAt;
    }

    public void setSeenAt(Instant seenAt) {
        this.seenAt = seenAt;
    }

    /** Whether the change is recent enough to reveal an incident (the live horizon). */
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
        if (!(o instanceof LeadTransition)) {
            return false;
        }
        LeadTransition that = (LeadTransition) o;
        return live == that.live
                && Objects.equals(leadId, that.leadId)
                && Objects.equals(before, that.before)
                && Objects.equals(after, that.after)
                && Objects.equals(changedAt, that.changedAt)
                && Objects.equals(seenAt, that.seenAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(leadId, before, after, changedAt, seenAt, live);
    }

    @Override
    public String toString() {
        return "LeadTransition{"
                + leadId
                + " "
                + before
                + " -> "
                + after
                + " @"
                + changedAt
                + (live ? " live" : " history")
                + "}";
    }
}
