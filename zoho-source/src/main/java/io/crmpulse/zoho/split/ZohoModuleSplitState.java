package io.crmpulse.zoho.split;

import io.crmpulse.zoho.model.ChangeOp;
import io.crmpulse.zoho.model.RecordChange;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * The mutable state of one module's sync. Each thread that follows a module owns one: the split
 * reader (to decide what is new) and the record emitter (what a checkpoint stores). Both change it
 * only through {@link #apply}, so the two stay identical for the same sequence of events.
 */
public final class ZohoModuleSplitState {

    /**
     * At most this many unreadable items are remembered; more of them in one poll are emitted again
     * as replays (the dead letters keep one row each).
     */
    public static final int MAX_MALFORMED = 1_000;

    private final String module;
    private SyncPhase phase;
    private final ChangeCursorState records;
    private final ChangeCursorState deletions;
    private long changesEmitted;
    private long apiCalls;
    private final Set<Long> malformed;

    /**
     * @param overlap how far behind the newest time seen every poll re-reads
     */
    public ZohoModuleSplitState(ZohoModuleSplit split, Duration overlap) {
        this.module = split.module();
        this.phase = split.phase();
        this.records = new ChangeCursorState(split.records(), overlap);
        this.deletions = new ChangeCursorState(split.deletions(), overlap);
        this.changesEmitted = split.changesEmitted();
        this.apiCalls = split.apiCalls();
        this.malformed = new TreeSet<>(split.malformed());
    }

    public void apply(SyncEvent event) {
        if (event instanceof SyncEvent.Started started) {
            deletions.startAt(started.at());
        } else if (event instanceof SyncEvent.Emitted emitted) {
            RecordChange change = emitted.change();
            if (!emitted.isNew()) {
                return;
            }
            changesEmitted++;
            if (change.getOp() == ChangeOp.MALFORMED) {
                malformed.add(change.getContentHash());
                return;
            }
            ChangeCursorState stream = change.getOp() == ChangeOp.DELETE ? deletions : records;
            stream.markEmitted(
                    change.getId(),
                    change.getModifiedTime(),
                    change.getContentHash(),
                    emitted.serverTime());
        } else if (event instanceof SyncEvent.Rewound rewound) {
            records.rewind(rewound.to());
        } else if (event instanceof SyncEvent.ScanStarted started) {
            records.startScan(started.from());
        } else if (event instanceof SyncEvent.DeletionsScanStarted started) {
            deletions.startScan(started.from());
        } else if (event instanceof SyncEvent.PollCompleted completed) {
            records.completePoll(completed.rewindTo());
            deletions.completePoll(null);
            malformed.retainAll(completed.malformedRead());
            phase = SyncPhase.INCREMENTAL;
        } else if (event instanceof SyncEvent.Progress progress) {
            apiCalls += progress.apiCalls();
        }
    }

    public String module() {
        return module;
    }

    public SyncPhase phase() {
        return phase;
    }

    public ChangeCursorState records() {
        return records;
    }

    public ChangeCursorState deletions() {
        return deletions;
    }

    /** How an unreadable item with this fingerprint, read now, is to be treated. */
    public ChangeCursorState.Verdict classifyMalformed(long contentHash) {
        if (malformed.contains(contentHash)) {
            return ChangeCursorState.Verdict.SEEN;
        }
        return malformed.size() < MAX_MALFORMED
                ? ChangeCursorState.Verdict.NEW
                : ChangeCursorState.Verdict.REPLAY;
    }

    /** New changes emitted since the module's sync began (across restores; replays not counted). */
    public long changesEmitted() {
        return changesEmitted;
    }

    /** CRM API calls made since the module's sync began (across restores). */
    public long apiCalls() {
        return apiCalls;
    }

    public ZohoModuleSplit toSplit() {
        return new ZohoModuleSplit(
                module,
                phase,
                records.snapshot(),
                deletions.snapshot(),
                changesEmitted,
                apiCalls,
                malformed);
    }
}
