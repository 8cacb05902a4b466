package io.crmpulse.job;

import io.crmpulse.job.sync.SyncProgressLogger;
import io.crmpulse.zoho.model.RecordChange;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The CRM Pulse dataflow. It takes its source in the constructor, so that tests can hand it another
 * one.
 *
 * <p>Today it syncs the CRM and reports progress; the metrics tables, alerts and the daily summary
 * attach to {@link #changes} as they are built.
 */
public final class CrmPulsePipeline {

    private final Source<RecordChange, ?, ?> source;

    public CrmPulsePipeline(Source<RecordChange, ?, ?> source) {
        this.source = source;
    }

    /** Adds the dataflow to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        DataStream<RecordChange> changes = changes(env);
        changes.process(new SyncProgressLogger(Duration.ofSeconds(5)))
                .name("sync progress")
                .uid("sync-progress")
                // One line per report with the totals, not one per subtask.
                .setParallelism(1)
                .sinkTo(new DiscardingSink<>())
                .name("end")
                .uid("end");
    }

    /** The CRM's record changes, with {@code Modified_Time} as the event timestamp. */
    DataStream<RecordChange> changes(StreamExecutionEnvironment env) {
        // Single reader: Zoho's API credits and concurrency limits are per organization.
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "Zoho CRM")
                .uid("zoho-crm-source")
                .setParallelism(1);
    }
}
