package io.crmpulse.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The figures of a latency sample: p50, p95, p99 and max, in seconds. */
final class LatencyFigures {

    private LatencyFigures() {}

    /** Records {@code "<what> p50"}, p95, p99 and max of {@code millis}, none when it is empty. */
    static void record(BenchRun run, String what, List<Long> millis, Map<String, ?> parameters) {
        if (millis.isEmpty()) {
            System.out.printf("%s: no samples%n", what);
            return;
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        for (int p : new int[] {50, 95, 99}) {
            run.record(what + " p" + p, percentile(sorted, p) / 1000.0, "s", parameters);
        }
        run.record(what + " max", sorted.get(sorted.size() - 1) / 1000.0, "s", parameters);
    }

    /**
     * Nearest rank: the smallest value that at least p percent of the values do not exceed (with
     * fewer than 100 samples, p99 is the max).
     */
    static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
