package io.crmpulse.sinks.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.metrics.scope.ScopeFormat;
import org.apache.flink.runtime.testutils.InMemoryReporter;

/**
 * The metrics a MiniCluster's jobs registered, as its metric reporter saw them (Flink's {@link
 * InMemoryReporter}, keeping them after the job ends). Give {@link #configuration()} to the
 * cluster; look a metric up by the end of its identifier, such as {@code crmpulse.outbox.sent}.
 */
public final class JobMetrics {

    private final InMemoryReporter reporter = InMemoryReporter.createWithRetainedMetrics();

    /** The cluster configuration that installs the reporter. */
    public Configuration configuration() {
        return reporter.addToConfiguration(new Configuration());
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

    private record Registered(String identifier, Metric metric) {}

    /**
     * The job's metrics. Not the reporter's map by identifier: two operators of the same name (two
     * collection sources) give the same identifiers, which that map refuses.
     */
    private List<Registered> registered(JobID job) {
        List<Registered> registered = new ArrayList<>();
        reporter.getMetricsByGroup()
                .forEach(
                        (group, byName) -> {
                            String jobId = group.getAllVariables().get(ScopeFormat.SCOPE_JOB_ID);
                            if (job.toString().equals(jobId)) {
                                byName.forEach(
                                        (name, metric) ->
                                                registered.add(
                                                        new Registered(
                                                                group.getMetricIdentifier(name),
                                                                metric)));
                            }
                        });
        return registered;
    }
}
