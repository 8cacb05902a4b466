package io.crmpulse.bench;

import io.crmpulse.job.CrmPulsePipeline;
import io.crmpulse.job.config.DashboardLinks;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.config.PulseSettings;
import io.crmpulse.zoho.model.RecordChange;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The job's dataflow as the benchmarks run it: the default settings, the business day in UTC, the
 * tables written with {@code sinkOptions}, alert messages discarded (the benchmark of alerts builds
 * its own, with the outbox).
 */
final class BenchPipeline {

    private BenchPipeline() {}

    static CrmPulsePipeline of(Source<RecordChange, ?, ?> source, Map<String, String> sinkOptions) {
        return new CrmPulsePipeline(
                source,
                PulseSettings.defaults(),
                ZoneOffset.UTC,
                sinkOptions,
                new DiscardingSink<>(),
                DisplayFormat.parse("INR"),
                DashboardLinks.NONE);
    }
}
