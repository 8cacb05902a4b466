package io.crmpulse.job.model;

import java.time.Instant;
import java.util.Objects;

/**
 * How one lead change moves the per-day lead counts of one subject ({@code total} or {@code
 * source:<lead source>}): -1, 0 or +1 each for created, triaged (left the untouched class) and
 * junk, on the day and time of day of the lead's creation. A Flink POJO.
 */
public class LeadCountDelta {

    private String subject;
    private Instant createdTime;
    private int created;
    private int triaged;
    private int junk;
    private Instant changedAt;
    private boolean live;

    /** For Flink's POJO serializer. */
    public LeadCountDelta() {}

    public String getSubject() {
        return subject;
    }

    public void setSubject(String subject) {
        this.subject = subject;
    }

    public Instant getCreatedTime() {
        return createdTime;
    }

    public void setCreatedTime(Instant createdTime) {
        this.createdTime = createdTime;
    }

    public int getCreated() {
        return created;
    }

    public void setCreated(int created) {
        this.created = created;
    }

    public int getTriaged() {
        return triaged;
    }

    public void setTriaged(int triaged) {
        this.triaged = triaged;
    }

    public int getJunk() {
        return junk;
    }

    public void setJunk(int junk) {
        this.junk = junk;
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
        if (!(o instanceof LeadCountDelta)) {
            return false;
        }
        LeadCountDelta that = (LeadCountDelta) o;
        return created == that.created
                && triaged == that.triaged
                && junk == that.junk
                && live == that.live
                && Objects.equals(subject, that.subject)
                && Objects.equals(createdTime, that.createdTime)
                && Objects.equals(changedAt, that.changedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, createdTime, created, triaged, junk, changedAt, live);
    }

    @Override
    public String toString() {
        return "LeadCountDelta{"
                + subject
                + " created="
                + createdTime
                + " "
                + created
                + "/"
                + triaged
                + "/"
                + junk
                + (live ? " live" : " history")
                + "}";
    }
}
