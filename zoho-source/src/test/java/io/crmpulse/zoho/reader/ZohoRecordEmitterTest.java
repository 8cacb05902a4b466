package io.crmpulse.zoho.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.zoho.model.ChangeOp;
import io.crmpulse.zoho.model.RecordChange;
import io.crmpulse.zoho.split.SyncEvent;
import io.crmpulse.zoho.split.ZohoModuleSplit;
import io.crmpulse.zoho.split.ZohoModuleSplitState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class ZohoRecordEmitterTest {

    private static final Instant T = Instant.parse("2026-03-08T09:00:00Z");

    private final ZohoSourceMetrics metrics =
            new ZohoSourceMetrics(new UnregisteredMetricsGroup(), Clock.systemUTC());
    private final ZohoRecordEmitter emitter = new ZohoRecordEmitter(metrics);
    private final ZohoModuleSplitState state =
            new ZohoModuleSplitState(ZohoModuleSplit.initial("Leads"), Duration.ofSeconds(60));
    private final CapturingOutput output = new CapturingOutput();

    @Test
    void emitsChangesWithTheirModifiedTimeAsTimestampAndAdvancesTheCheckpointedCursor() {
        RecordChange upsert = RecordChange.upsert("Leads", "1", T, "{\"id\":\"1\"}");
        RecordChange delete = RecordChange.delete("Leads", "2", T.plusSeconds(5));

        emitter.emitRecord(new SyncEvent.Emitted(upsert), output, state);
        emitter.emitRecord(new SyncEvent.Emitted(delete), output, state);
        emitter.emitRecord(new SyncEvent.PollCompleted(null, 2), output, state);

        assertThat(output.records).containsExactly(upsert, delete);
        assertThat(output.timestamps)
                .containsExactly(T.toEpochMilli(), T.plusSeconds(5).toEpochMilli());
        assertThat(state.records().high()).isEqualTo(T);
        assertThat(state.deletions().high()).isEqualTo(T.plusSeconds(5));
        assertThat(state.toSplit().phase()).isEqualTo(io.crmpulse.zoho.split.SyncPhase.INCREMENTAL);
        assertThat(metrics.module("Leads").recordsEmitted()).isEqualTo(2);
    }

    @Test
    void reportsTheSyncProgressAfterEachPollWithTotalsThatSurviveARestore() {
        emitter.emitRecord(
                new SyncEvent.Emitted(RecordChange.upsert("Leads", "1", T, "{}")), output, state);
        emitter.emitRecord(new SyncEvent.PollCompleted(null, 1), output, state);
        emitter.emitRecord(
                new SyncEvent.Progress(T.plusSeconds(10), T.plusSeconds(12), 3, true),
                output,
                state);
        ZohoModuleSplitState restored =
                new ZohoModuleSplitState(state.toSplit(), Duration.ofSeconds(60));

        RecordChange progress = output.records.get(1);
        assertThat(progress.getOp()).isEqualTo(ChangeOp.SYNC_PROGRESS);
        assertThat(progress.getModule()).isEqualTo("Leads");
        assertThat(progress.getModifiedTime()).isEqualTo(T.plusSeconds(12));
        assertThat(progress.getFieldsJson())
                .isEqualTo(
                        "{\"cursor\":\"2026-03-08T09:00:00Z\",\"changes_emitted\":1,"
                                + "\"api_calls\":3,\"poll_started_at\":\"2026-03-08T09:00:10Z\","
                                + "\"poll_completed_at\":\"2026-03-08T09:00:12Z\",\"caught_up\":true}");
        assertThat(restored.changesEmitted()).isEqualTo(1);
        assertThat(restored.apiCalls()).isEqualTo(3);
    }

    @Test
    void rewindIsCheckpointedButEmitsNothing() {
        emitter.emitRecord(
                new SyncEvent.Emitted(RecordChange.upsert("Leads", "1", T.plusSeconds(600), "{}")),
                output,
                state);
        emitter.emitRecord(new SyncEvent.Rewound(T), output, state);

        assertThat(output.records).hasSize(1);
        assertThat(state.toSplit().records().rewindTo()).isEqualTo(T);
    }

    @Test
    void aFailedTokenRefreshIsReportedWithItsReasonAndMovesNoCursor() {
        emitter.emitRecord(
                new SyncEvent.TokenRefreshFailed(T, "Zoho accounts answered HTTP 503"),
                output,
                state);

        assertThat(output.records)
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.getOp()).isEqualTo(ChangeOp.SYNC_FAILURE);
                            assertThat(r.getModule()).isEqualTo("Leads");
                            assertThat(r.getModifiedTime()).isEqualTo(T);
                            assertThat(r.getFieldsJson())
                                    .isEqualTo(
                                            "{\"token_refresh_failed\":"
                                                    + "\"Zoho accounts answered HTTP 503\"}");
                        });
        assertThat(output.timestamps).containsExactly(T.toEpochMilli());
        assertThat(state.toSplit()).isEqualTo(ZohoModuleSplit.initial("Leads"));
    }

    private static final class CapturingOutput implements SourceOutput<RecordChange> {
        final List<RecordChange> records = new ArrayList<>();
        final List<Long> timestamps = new ArrayList<>();

        @Override
        public void collect(RecordChange record) {
            records.add(record);
            timestamps.add(null);
        }

        @Override
        public void collect(RecordChange record, long timestamp) {
            records.add(record);
            timestamps.add(timestamp);
        }

        @Override
        public void emitWatermark(Watermark watermark) {}

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    }
}
