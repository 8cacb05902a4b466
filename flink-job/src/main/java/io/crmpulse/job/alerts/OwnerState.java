package io.crmpulse.job.alerts;

import java.util.Objects;

/** The per-owner bookkeeping of {@code untouched.UntouchedLeadsFunction}. */
public class OwnerState {

    private Long liveSince;
    private String ownerName;
    private Long retryTimer;

    /** For Flink's POJO serializer. */
    public OwnerState() {}

    /** Processing time of the first record this owner saw; kept across restores. */
    public Long getLiveSince() {
        return liveSince;
    }

    public void setLiveSince(Long liveSince) {
        this.liveSince = liveSince;
    }

    /** The newest name seen. */
    public String getOwnerName() {
        return ownerName;
    }

    public void setOwnerName(String ownerName) {
        this.ownerName = ownerName;
    }

    /** A re-check while the data is stale. */
    public Long getRetryTimer() {
        return retryTimer;
    }

    public void setRetryTimer(Long retryTimer) {
        this.retryTimer = retryTimer;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof OwnerState)) {
            return false;
        }
        OwnerState that = (OwnerState) o;
        return Objects.equals(liveSince, that.liveSince)
                && Objects.equals(ownerName, that.ownerName)
                && Objects.equals(retryTimer, that.retryTimer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(liveSince, ownerName, retryTimer);
    }

    @Override
    public String toString() {
        return "OwnerState{liveSince=" + liveSince + " retry=" + retryTimer + "}";
    }
}
