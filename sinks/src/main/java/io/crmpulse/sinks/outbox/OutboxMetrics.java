package io.crmpulse.sinks.outbox;

import io.crmpulse.common.metrics.PulseMetrics;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/**
 * The outbox's metrics, in the group {@code crmpulse.outbox}: messages {@code sent} (Twilio
 * accepted them), {@code dryRun} (kept and printed only), {@code failed} (refused for good), and
 * {@code pending}, the rows of the whole outbox still pending or being sent after the last
 * dispatcher cycle (-1 before the first).
 *
 * <p>Updated by whichever thread runs the cycles, read by the metric reporters' thread.
 */
final class OutboxMetrics {

    private final Counter sent = new ThreadSafeSimpleCounter();
    private final Counter dryRun = new ThreadSafeSimpleCounter();
    private final Counter failed = new ThreadSafeSimpleCounter();
    private volatile long pending = -1;

    OutboxMetrics(MetricGroup writerMetrics) {
        MetricGroup outbox = PulseMetrics.group(writerMetrics).addGroup("outbox");
        outbox.counter("sent", sent);
        outbox.counter("dryRun", dryRun);
        outbox.counter("failed", failed);
        outbox.gauge("pending", () -> pending);
    }

    void cycle(DispatchReport report) {
        sent.inc(report.sent());
        dryRun.inc(report.dryRun());
        failed.inc(report.failed());
    }

    void pending(long openRows) {
        pending = openRows;
    }
}
