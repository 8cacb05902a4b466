package io.crmpulse.zoho.reader;

import io.crmpulse.zoho.model.RecordChange;
import io.crmpulse.zoho.split.ZohoModuleSplitState;
import io.crmpulse.zoho.sync.SyncEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/**
 * Emits the changes with their {@code Modified_Time} (deletion time for deletes) as the event
 * timestamp, and advances the checkpointed split state by the same events the split reader
 * produced, so that a checkpoint holds exactly the cursor of what was emitted before it.
 */
public class ZohoRecordEmitter
        implements RecordEmitter<SyncEvent, RecordChange, ZohoModuleSplitState> {

    private final ZohoSourceMetrics metrics;

    public ZohoRecordEmitter(ZohoSourceMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void emitRecord(
            SyncEvent event, SourceOutput<RecordChange> output, ZohoModuleSplitState splitState) {
        if (event instanceof SyncEvent.Emitted emitted) {
            RecordChange change = emitted.change();
            if (change.getModifiedTime() == null) {
                output.collect(change);
            } else {
                output.collect(change, change.getModifiedTime().toEpochMilli());
            }
            metrics.module(splitState.module()).recordEmitted();
        }
        splitState.apply(event);
    }
}
