package io.crmpulse.job.summary;

import io.crmpulse.common.metrics.PulseMetrics;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The daily summary's metrics, in the group {@code crmpulse.summary}: per verdict, a counter of the
 * summaries stored ({@code grounded}, {@code fallback}); {@code modelLatencyMs}, a histogram of how
 * long each chat with the model took until it answered, its retries included; {@code modelErrors},
 * the chats that ended in an error instead.
 *
 * <p>Updated by the summary's writer threads, read by the metric reporters' thread.
 */
public final class SummaryMetrics {

    /** How many recent chats the latency histogram's statistics cover: a day has one or two. */
    private static final int LATENCY_WINDOW = 100;

    private final Map<SummaryVerdict.Status, Counter> verdicts =
            new EnumMap<>(SummaryVerdict.Status.class);
    private final Histogram modelLatencyMs;
    private final Counter modelErrors;

    /**
     * @param operatorMetrics the function's {@code getRuntimeContext().getMetricGroup()}
     */
    public SummaryMetrics(MetricGroup operatorMetrics) {
        MetricGroup summary = PulseMetrics.group(operatorMetrics).addGroup("summary");
        for (SummaryVerdict.Status status : SummaryVerdict.Status.values()) {
            verdicts.put(status, summary.counter(status.column(), new ThreadSafeSimpleCounter()));
        }
        modelLatencyMs =
                summary.histogram(
                        "modelLatencyMs", new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
        modelErrors = summary.counter("modelErrors", new ThreadSafeSimpleCounter());
    }

    /** Counts a summary that was stored, by its verdict. */
    public void stored(SummaryVerdict verdict) {
        verdicts.get(verdict.status()).inc();
    }

    /** {@code client}, with each chat timed into {@code modelLatencyMs} or counted as an error. */
    public OllamaClient timed(OllamaClient client) {
        return new OllamaClient() {
            @Override
            public String preflight(String model) throws OllamaException {
                return client.preflight(model);
            }

            @Override
            public ChatReply chat(ChatCall call) throws OllamaException {
                long start = System.nanoTime();
                ChatReply reply;
                try {
                    reply = client.chat(call);
                } catch (OllamaException | RuntimeException e) {
                    modelErrors.inc();
                    throw e;
                }
                modelLatencyMs.update((System.nanoTime() - start) / 1_000_000);
                return reply;
            }
        };
    }
}
