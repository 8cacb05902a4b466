package io.crmpulse.zoho.reader;

import io.crmpulse.common.metrics.PulseMetrics;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/**
 * The source's metrics, per module under the job's group {@code crmpulse} and {@code module=<name>}
 * (README, "Metrics"):
 *
 * <ul>
 *   <li>{@code recordsEmitted}: changes (upserts and deletes) emitted downstream;
 *   <li>{@code apiCalls}: calls made to the CRM API for this module;
 *   <li>{@code lastSuccessfulPollTime}: when the last complete poll ended (epoch ms, 0 before);
 *   <li>{@code syncLagMs}: how old the newest complete picture of the module is, i.e. the time
 *       since the last complete poll started (-1 before the first one).
 * </ul>
 *
 * <p>Shared by the split reader (fetcher thread) and the record emitter (task thread).
 */
public final class ZohoSourceMetrics {

    private final MetricGroup group;
    private final Clock clock;
    private final Map<String, ModuleMetrics> modules = new HashMap<>();

    public ZohoSourceMetrics(MetricGroup group, Clock clock) {
        this.group = group;
        this.clock = clock;
    }

    public synchronized ModuleMetrics module(String module) {
        return modules.computeIfAbsent(
                module, m -> new ModuleMetrics(PulseMetrics.group(group).addGroup("module", m)));
    }

    /** The metrics of one module. */
    public final class ModuleMetrics {
        private final Counter recordsEmitted;
        private final Counter apiCalls;
        private volatile long lastSuccessfulPollTime;
        private volatile long lastCompletePollStart = -1;

        private ModuleMetrics(MetricGroup group) {
            this.recordsEmitted = group.counter("recordsEmitted", new ThreadSafeSimpleCounter());
            this.apiCalls = group.counter("apiCalls", new ThreadSafeSimpleCounter());
            group.gauge("lastSuccessfulPollTime", () -> lastSuccessfulPollTime);
            group.gauge(
                    "syncLagMs",
                    () -> lastCompletePollStart < 0 ? -1L : clock.millis() - lastCompletePollStart);
        }

        public void recordEmitted() {
            recordsEmitted.inc();
        }

        public void apiCall() {
            apiCalls.inc();
        }

        public void pollCompleted(long startedAtMillis, long completedAtMillis) {
            lastCompletePollStart = startedAtMillis;
            lastSuccessfulPollTime = completedAtMillis;
        }

        public long recordsEmitted() {
            return recordsEmitted.getCount();
        }

        public long apiCalls() {
            return apiCalls.getCount();
        }
    }
}
