package io.crmpulse.job.model;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@code DealLifecycleFunction} remembers of one deal: when the job first saw it won and lost.
 * A Flink POJO held in keyed state; cleared when the deal is neither, or deleted.
 */
public class DealLifecycleState {

    private Instant wonAt;
    private Instant lostAt;

    /** For Flink's POJO serializer. */
    public DealLifecycleState() {}

    public DealLifecycleState(Instant wonAt, Instant lostAt) {
        this.wonAt = wonAt;
        this.lostAt = lostAt;
    }

    public Instant getWonAt() {
        return wonAt;
    }

    public void setWonAt(Instant wonAt) {
        this.wonAt = wonAt;
    }

    public Instant getLostAt() {
        return lostAt;
    }

    public void setLostAt(Instant lostAt) {
        this.lostAt = lostAt;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DealLifecycleState)) {
            return false;
        }
        DealLifecycleState that = (DealLifecycleState) o;
        return Objects.equals(wonAt, that.wonAt) && Objects.equals(lostAt, that.lostAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(wonAt, lostAt);
    }

    @Override
    public String toString() {
        return "DealLifecycleState{wonAt=" + wonAt + " lostAt=" + lostAt + "}";
    }
}
