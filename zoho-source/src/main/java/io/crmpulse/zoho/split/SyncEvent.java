package io.crmpulse.zoho.split;

import io.crmpulse.zoho.model.RecordChange;
import java.time.Instant;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * What one step of a module's sync produced. The split reader applies these events to its own copy
 * of the module's state as it fetches; the record emitter applies the same events, in the same
 * order, to the checkpointed state as it emits. Because {@link
 * io.crmpulse.zoho.split.ZohoModuleSplitState#apply} is deterministic, a checkpoint always holds
 * exactly the cursor of the records emitted before it.
 */
public sealed interface SyncEvent {

    /**
     * The module's first poll started at {@code at}, by Zoho's clock (its {@code Date} header).
     * Deletions before it concern records that the backfill cannot return, so the deletions stream
     * starts an overlap before it instead of listing months of deleted records.
     */
    record Started(Instant at) implements SyncEvent {}

    /**
     * A change to emit downstream.
     *
     * @param serverTime Zoho's clock when it sent the change, which the cursor never passes; {@code
     *     null} if Zoho did not say
     */
    record Emitted(RecordChange change, @Nullable Instant serverTime) implements SyncEvent {

        /** A change of a CRM whose clock is not known. */
        public Emitted(RecordChange change) {
            this(change, null);
        }

        /**
         * Whether the cursor had not emitted it; not for a replay ({@link
         * RecordChange#isReplay()}), which does not move the cursor and does not count as news.
         */
        public boolean isNew() {
            return !change.isReplay();
        }
    }

    /**
     * The records scan may have skipped a record (one it had read was edited or deleted while it
     * paged, which shifts Zoho's offset-based pages): the next poll re-reads from {@code to}.
     */
    record Rewound(Instant to) implements SyncEvent {}

    /**
     * A records scan read its first page, starting at {@code from} (its oldest record). Until its
     * poll completes, a restored job re-reads from there: what the scan read, which is how it
     * notices shifted pages ({@link Rewound}), lives only in memory.
     */
    record ScanStarted(Instant from) implements SyncEvent {}

    /**
     * The deletions scan of a poll read its first page, asked from {@code from}. Zoho lists
     * deletions newest first, so the cursor reaches the newest deletion with the first page; until
     * the poll completes, a restored job reads the deletions again from here, not from behind the
     * newest one.
     */
    record DeletionsScanStarted(Instant from) implements SyncEvent {}

    /**
     * A poll could not run: the accounts server would not refresh the access token ({@code reason},
     * without secrets); it is retried with back-off.
     */
    record TokenRefreshFailed(Instant at, String reason) implements SyncEvent {}

    /**
     * A poll read both streams to their end.
     *
     * @param rewindTo the rewind that the next poll still owes (one detected during this poll), or
     *     {@code null}
     * @param newChanges how many new changes this poll emitted (replays not counted)
     * @param malformedRead the fingerprints of the unreadable items this poll read: read again by
     *     the next poll, they are not new
     */
    record PollCompleted(@Nullable Instant rewindTo, int newChanges, Set<Long> malformedRead)
            implements SyncEvent {

        public PollCompleted {
            malformedRead = Set.copyOf(malformedRead);
        }

        public PollCompleted(@Nullable Instant rewindTo, int newChanges) {
            this(rewindTo, newChanges, Set.of());
        }
    }

    /**
     * The split reader's account of a completed poll, for {@code sync_state}: when it ran and how
     * many CRM API calls it cost (failed ones included; token refreshes cost no credit).
     *
     * @param caughtUp every module of the reader has been polled to "nothing new" since the last
     *     change of any of them: everything the CRM had is emitted
     */
    record Progress(Instant pollStartedAt, Instant pollCompletedAt, long apiCalls, boolean caughtUp)
            implements SyncEvent {}
}
