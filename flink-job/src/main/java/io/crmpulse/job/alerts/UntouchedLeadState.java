package io.crmpulse.job.alerts;

import java.time.Instant;
import java.util.Objects;

/**
 * An untouched lead of one owner, while it stays untouched (R5): when its SLA runs out, when it
 * counts toward the escalation, and whether its breach has been seen.
 */
public class UntouchedLeadState {

    private String leadSource;
    private Instant createdTime;
    private Instant slaDue;
    private Instant escalateDue;
    private boolean breached;
    private boolean overdue;

    /** For Flink's POJO serializer. */
    public UntouchedLeadState() {}

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

    public Instant getSlaDue() {
        return slaDue;
    }

    public void setSlaDue(Instant slaDue) {
        this.slaDue = slaDue;
    }

    public Instant getEscalateDue() {
        return escalateDue;
    }

    public void setEscalateDue(Instant escalateDue) {
        this.escalateDue = escalateDue;
    }

    /** The SLA ran out while the lead was untouched. */
    public boolean isBreached() {
        return breached;
    }

    public void setBreached(boolean breached) {
        this.breached = breached;
    }

    /** The lead has been untouched past the escalation time. */
    public boolean isOverdue() {
        return overdue;
    }

    public void setOverdue(boolean overdue) {
        this.overdue = overdue;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof UntouchedLeadState)) {
            return false;
        }
        UntouchedLeadState that = (UntouchedLeadState) o;
        return breached == that.breached
                && overdue == that.overdue
                && Objects.equals(leadSource, that.leadSource)
                && Objects.equals(createdTime, that.createdTime)
                && Objects.equals(slaDue, that.slaDue)
                && Objects.equals(escalateDue, that.escalateDue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(leadSource, createdTime, slaDue, escalateDue, breached, overdue);
    }

    @Override
    public String toString() {
        return "UntouchedLeadState{created="
                + createdTime
                + " slaDue="
                + slaDue
                + (breached ? " breached" : "")
                + "}";
    }
}
