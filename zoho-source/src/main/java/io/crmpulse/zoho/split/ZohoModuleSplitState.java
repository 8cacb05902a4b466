package io.crmpulse.zoho.split;

import io.crmpulse.zoho.model.ChangeOp;
import io.crmpulse.zoho.model.RecordChange;
import io.crmpulse.zoho.sync.SyncEvent;
import java.time.Duration;

/**
 * The mutable state of one module's sync. Each thread that follows a module owns one: the split
 * reader (to decide what is new) and the record emitter (what a checkpoint stores). Both change it
 * only through {@link #apply}, so the two stay identical for the same sequence of events.
 */
public final class ZohoModuleSplitState {

    private final String module;
    private SyncPhase phase;
    private final ChangeCursorState records;
    private final ChangeCursorState deletions;
    private long changesEmitted;
    private long apiCalls;

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
    }

    public void apply(SyncEvent event) {
        if (event instanceof SyncEvent.Started started) {
            deletions.startAt(started.at());
        } else if (event instanceof SyncEvent.Emitted emitted) {
            RecordChange change = emitted.change();
            changesEmitted++;
            if (change.getOp() == ChangeOp.MALFORMED) {
                return;
            }
            ChangeCursorState stream = change.getOp() == ChangeOp.DELETE ? deletions : records;
            stream.markEmitted(change.getId(), change.getModifiedTime());
        } else if (event instanceof SyncEvent.Rewound rewound) {
            records.rewind(rewound.to());
        } else if (event instanceof SyncEvent.ScanStarted started) {
            records.startScan(started.from());
        } else if (event instanceof SyncEvent.PollCompleted completed) {
            records.completePoll(completed.rewindTo());
            deletions.completePoll(null);
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

    /** Changes emitted since the module's sync began (across restores). */
    public long changesEmitted() {
        return changesEmitted;
    }

    /** CRM API calls made since the module's sync began (across restores). */
    public long apiCalls() {
        return apiCalls;
    }

    public ZohoModuleSplit toSplit() {
        return new ZohoModuleSplit(
                module, phase, records.snapshot(), deletions.snapshot(), changesEmitted, apiCalls);
    }
}
