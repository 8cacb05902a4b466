package io.crmpulse.bench;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.metrics.reporter.Scheduled;

/**
 * Adds up the PostgreSQL sink's commit time per table, from the committers' {@code
 * crmpulse.table.<table>.lastCommitDurationMs} and {@code rowsCommitted}: a Flink metric reporter
 * in the benchmark's own (embedded) cluster, sampling every {@link #INTERVAL}. A commit is counted
 * when either value changes, so two commits of equal duration and no rows within one interval count
 * once; commits come once per checkpoint, seconds apart.
 */
public final class CommitTimeReporter implements MetricReporter, Scheduled {

    /** How often the reporter samples. */
    public static final String INTERVAL = "100 ms";

    private static final String DURATION = "lastCommitDurationMs";
    private static final String ROWS = "rowsCommitted";

    /** Per table: commits seen and their milliseconds, for the whole JVM. */
    private static final Map<String, long[]> TOTALS = new ConcurrentHashMap<>();

    private final Map<String, Gauge<?>> durations = new ConcurrentHashMap<>();
    private final Map<String, Counter> rows = new ConcurrentHashMap<>();
    private final Map<String, String> last = new ConcurrentHashMap<>();

    /** Adds the reporter to a configuration of a local environment. */
    public static void addTo(Configuration conf) {
        conf.setString("metrics.reporter.committime.factory.class", Factory.class.getName());
        conf.setString("metrics.reporter.committime.interval", INTERVAL);
    }

    /** Per table: {@code [commits, milliseconds]} seen so far. */
    public static Map<String, long[]> totals() {
        Map<String, long[]> copy = new TreeMap<>();
        TOTALS.forEach((table, t) -> copy.put(table, t.clone()));
        return copy;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {
        report();
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        String scope = group.getMetricIdentifier("");
        if (metricName.equals(DURATION) && metric instanceof Gauge<?> gauge) {
            durations.put(scope, gauge);
        } else if (metricName.equals(ROWS) && metric instanceof Counter counter) {
            rows.put(scope, counter);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        // The last commit of a finished job happens just before its metrics go.
        String scope = group.getMetricIdentifier("");
        if (metricName.equals(DURATION)) {
            sample(scope);
            durations.remove(scope);
        } else if (metricName.equals(ROWS)) {
            sample(scope);
            rows.remove(scope);
        }
    }

    @Override
    public void report() {
        durations.keySet().forEach(this::sample);
    }

    private synchronized void sample(String scope) {
        Gauge<?> duration = durations.get(scope);
        if (duration == null || !(duration.getValue() instanceof Number millis)) {
            return;
        }
        Counter counter = rows.get(scope);
        String seen = millis + "/" + (counter == null ? "?" : counter.getCount());
        if (millis.longValue() < 0 || seen.equals(last.put(scope, seen))) {
            return;
        }
        long[] total = TOTALS.computeIfAbsent(table(scope), t -> new long[2]);
        synchronized (total) {
            total[0]++;
            total[1] += millis.longValue();
        }
    }

    /** {@code ...crmpulse.table.crm_leads.} to {@code crm_leads}. */
    private static String table(String scope) {
        String marker = ".table.";
        int at = scope.lastIndexOf(marker);
        String rest = at < 0 ? scope : scope.substring(at + marker.length());
        return rest.endsWith(".") ? rest.substring(0, rest.length() - 1) : rest;
    }

    /**
     * What Flink instantiates by the class name in the configuration; it finds it through {@code
     * META-INF/services}.
     */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new CommitTimeReporter();
        }
    }
}
