package io.crmpulse.sinks.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.runtime.metrics.scope.ScopeFormat;

/**
 * The metrics a MiniCluster's jobs registered, as a metric reporter of the cluster saw them, also
 * after their tasks ended. Give {@link #configuration()} to the cluster; look a metric up by the
 * end of its identifier, such as {@code crmpulse.outbox.sent}.
 *
 * <p>A metric of an ended task is kept as its last value (a counter's count, a gauge's value), not
 * as the metric itself: Flink's gauges hold their task, and with it the task's state, so keeping
 * them (as Flink's {@code InMemoryReporter} with retained metrics does) kept every restarted
 * attempt of a job alive until the test JVM ran out of heap.
 */
public final class JobMetrics {

    /** The reporters of this JVM's {@code JobMetrics}, for the factory Flink instantiates. */
    private static final Map<String, Reporter> REPORTERS = new ConcurrentHashMap<>();

    private static final String NAME = "job-metrics";

    private final String id = UUID.randomUUID().toString();
    private final Reporter reporter = new Reporter();

    public JobMetrics() {
        REPORTERS.put(id, reporter);
    }

    /** The cluster configuration that installs the reporter. */
    public Configuration configuration() {
        Configuration conf = new Configuration();
        conf.setString("metrics.reporter." + NAME + ".factory.class", Factory.class.getName());
        conf.setString("metrics.reporter." + NAME + ".id", id);
        return conf;
    }

    /** Every metric of the job whose identifier ends with {@code .name}, one per subtask. */
    public List<Metric> all(JobID job, String name) {
        return registered(job).stream()
                .filter(r -> r.identifier().endsWith("." + name))
                .map(Registered::metric)
                .toList();
    }

    /** The sum over all subtasks of the counter {@code name}; fails if no subtask has it. */
    public long count(JobID job, String name) {
        List<Metric> found = all(job, name);
        if (found.isEmpty()) {
            throw new AssertionError(
                    "The job has no metric "
                            + name
                            + "; it has "
                            + registered(job).stream().map(Registered::identifier).toList());
        }
        return found.stream().mapToLong(m -> ((Counter) m).getCount()).sum();
    }

    /** The value of the gauge {@code name}, registered by exactly one subtask. */
    public Object gauge(JobID job, String name) {
        return ((Gauge<?>) single(job, name)).getValue();
    }

    /** The histogram {@code name}, registered by exactly one subtask. */
    public Histogram histogram(JobID job, String name) {
        return (Histogram) single(job, name);
    }

    private Metric single(JobID job, String name) {
        List<Metric> found = all(job, name);
        if (found.size() != 1) {
            throw new AssertionError(
                    "Expected one metric " + name + ", found " + found.size() + ": " + found);
        }
        return found.get(0);
    }

    /**
     * The job's metrics, live and ended. Not a map by identifier: two operators of the same name
     * (two collection sources) give the same identifiers.
     */
    private List<Registered> registered(JobID job) {
        List<Registered> registered = new ArrayList<>();
        for (Registered metric : reporter.live.values()) {
            if (job.toString().equals(metric.jobId())) {
                registered.add(metric);
            }
        }
        for (Registered metric : reporter.ended) {
            if (job.toString().equals(metric.jobId())) {
                registered.add(metric);
            }
        }
        return registered;
    }

    private record Registered(String jobId, String identifier, Metric metric) {

        /** The metric's last value, without the metric (which may hold its task). */
        Registered ended() {
            Metric last = metric;
            if (metric instanceof Counter counter) {
                SimpleCounter count = new SimpleCounter();
                count.inc(counter.getCount());
                last = count;
            } else if (metric instanceof Gauge<?> gauge) {
                Object value = gauge.getValue();
                last = (Gauge<Object>) () -> value;
            }
            return new Registered(jobId, identifier, last);
        }
    }

    /** A registered metric, by the group object and name it was registered with. */
    private record Key(MetricGroup group, String name) {}

    private static final class Reporter implements MetricReporter {

        private final Map<Key, Registered> live = new ConcurrentHashMap<>();
        private final ConcurrentLinkedQueue<Registered> ended = new ConcurrentLinkedQueue<>();

        @Override
        public void open(MetricConfig config) {}

        @Override
        public void close() {}

        @Override
        public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
            live.put(
                    new Key(group, name),
                    new Registered(
                            group.getAllVariables().get(ScopeFormat.SCOPE_JOB_ID),
                            group.getMetricIdentifier(name),
                            metric));
        }

        @Override
        public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
            Registered removed = live.remove(new Key(group, name));
            if (removed != null) {
                ended.add(removed.ended());
            }
        }
    }

    /**
     * Flink finds reporter factories as services (META-INF/services) and picks this one by the
     * configuration's class name; it hands out the reporter of the {@code JobMetrics} by id.
     */
    public static final class Factory implements MetricReporterFactory {

        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            Reporter reporter = REPORTERS.get(properties.getProperty("id"));
            if (reporter == null) {
                throw new IllegalStateException("No JobMetrics with id " + properties);
            }
            return reporter;
        }
    }
}
