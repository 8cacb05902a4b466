package io.crmpulse.sinks.outbox;

import java.time.Instant;
import javax.annotation.Nullable;

/**
 * What one dispatcher cycle did.
 *
 * @param sent messages Twilio accepted
 * @param dryRun messages logged in dry-run mode
 * @param failed messages Twilio refused for good
 * @param retrying messages that failed transiently and wait for their backoff
 * @param unknown messages whose outcome is unknown and will be reconciled
 * @param reconciled unfinished attempts found at Twilio and recorded
 * @param resent unfinished attempts not found at Twilio, so pending again
 * @param cappedRows rows over the daily cap
 * @param busyRecipients recipients skipped because another dispatcher was working on them
 * @param wakeAt the earliest instant at which something becomes due, or null
 * @param retryAt the earliest instant at which a retry or reconciliation becomes due, or null
 */
public record DispatchReport(
        int sent,
        int dryRun,
        int failed,
        int retrying,
        int unknown,
        int reconciled,
        int resent,
        int cappedRows,
        int busyRecipients,
        @Nullable Instant wakeAt,
        @Nullable Instant retryAt) {

    /** True if the cycle changed any row. */
    public boolean acted() {
        return sent + dryRun + failed + retrying + unknown + reconciled + resent + cappedRows > 0;
    }

    static final class Builder {
        int sent;
        int dryRun;
        int failed;
        int retrying;
        int unknown;
        int reconciled;
        int resent;
        int cappedRows;
        int busyRecipients;
        @Nullable Instant wakeAt;
        @Nullable Instant retryAt;

        void wake(@Nullable Instant at) {
            if (at != null && (wakeAt == null || at.isBefore(wakeAt))) {
                wakeAt = at;
            }
        }

        void retry(Instant at) {
            wake(at);
            if (retryAt == null || at.isBefore(retryAt)) {
                retryAt = at;
            }
        }

        DispatchReport build() {
            return new DispatchReport(
                    sent,
                    dryRun,
                    failed,
                    retrying,
                    unknown,
                    reconciled,
                    resent,
                    cappedRows,
                    busyRecipients,
                    wakeAt,
                    retryAt);
        }
    }
}
