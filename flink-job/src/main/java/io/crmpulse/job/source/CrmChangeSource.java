package io.crmpulse.job.source;

import io.crmpulse.zoho.model.RecordChange;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where the CRM's record changes come from: Zoho's API ({@code --source zoho}) or Debezium's topics
 * ({@code --source kafka}). Either way one channel carries every change of a record in order, with
 * the progress reports ({@code SYNC_PROGRESS}) that drive {@code sync_state}, the data-health guard
 * and the daily summary.
 */
@FunctionalInterface
public interface CrmChangeSource {

    /** Adds the source to {@code env}: parallelism 1, with a stable uid for its checkpoints. */
    DataStream<RecordChange> changes(StreamExecutionEnvironment env);

    /** A Flink source that emits the progress reports itself, as the Zoho source does. */
    static CrmChangeSource of(Source<RecordChange, ?, ?> source, String name, String uid) {
        return env ->
                env.fromSource(source, WatermarkStrategy.noWatermarks(), name)
                        .uid(uid)
                        .setParallelism(1);
    }

    /** The Zoho source's name in Flink's web UI and its uid, which its checkpoints are kept by. */
    static CrmChangeSource zoho(Source<RecordChange, ?, ?> source) {
        return of(source, "Zoho CRM", "zoho-crm-source");
    }
}
