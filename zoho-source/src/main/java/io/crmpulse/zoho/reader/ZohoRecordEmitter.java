package io.crmpulse.zoho.reader;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmpulse.zoho.model.RecordChange;
import io.crmpulse.zoho.split.SyncEvent;
import io.crmpulse.zoho.split.ZohoModuleSplitState;
import java.time.Instant;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/**
 * Emits the changes with their {@code Modified_Time} (deletion time for deletes) as the event
 * timestamp, and advances the checkpointed split state by the same events the split reader
 * produced, so that a checkpoint holds exactly the cursor of what was emitted before it. After each
 * completed poll it emits a {@link io.crmpulse.zoho.model.ChangeOp#SYNC_PROGRESS} report of the
 * module's sync.
 */
public class ZohoRecordEmitter
        implements RecordEmitter<SyncEvent, RecordChange, ZohoModuleSplitState> {

    private static final ObjectMapper JSON = new ObjectMapper();

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
        if (event instanceof SyncEvent.TokenRefreshFailed failed) {
            ObjectNode json = JSON.createObjectNode();
            json.put("token_refresh_failed", failed.reason());
            output.collect(
                    RecordChange.syncFailure(splitState.module(), failed.at(), json.toString()),
                    failed.at().toEpochMilli());
        }
        if (event instanceof SyncEvent.Progress progress) {
            output.collect(
                    RecordChange.syncProgress(
                            splitState.module(),
                            progress.pollCompletedAt(),
                            progressJson(splitState, progress)),
                    progress.pollCompletedAt().toEpochMilli());
        }
    }

    private static String progressJson(ZohoModuleSplitState state, SyncEvent.Progress progress) {
        ObjectNode json = JSON.createObjectNode();
        Instant cursor = state.records().high();
        json.put("cursor", cursor == null ? null : cursor.toString());
        json.put("changes_emitted", state.changesEmitted());
        json.put("api_calls", state.apiCalls());
        json.put("poll_started_at", progress.pollStartedAt().toString());
        json.put("poll_completed_at", progress.pollCompletedAt().toString());
        json.put("caught_up", progress.caughtUp());
        return json.toString();
    }
}
