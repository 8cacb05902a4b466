package io.crmpulse.zoho.testutils;

import io.crmpulse.zoho.model.RecordChange;
import io.crmpulse.zoho.source.LatestVersionFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * What passes {@link LatestVersionFilter} downstream of the source, for tests that drive the poller
 * without Flink: the filter's own rule over a map instead of keyed state.
 */
public final class LatestVersions {

    private final Map<String, Tuple2<Long, Long>> last = new HashMap<>();
    private final List<RecordChange> passed = new ArrayList<>();

    /** Offers the changes in order; returns those that passed. */
    public List<RecordChange> offer(List<RecordChange> changes) {
        List<RecordChange> now = new ArrayList<>();
        for (RecordChange change : changes) {
            String key = change.recordKey();
            if (!LatestVersionFilter.passes(last.get(key), change)) {
                continue;
            }
            Tuple2<Long, Long> after = LatestVersionFilter.stateAfter(last.get(key), change);
            if (after == null) {
                last.remove(key);
            } else {
                last.put(key, after);
            }
            now.add(change);
        }
        passed.addAll(now);
        return now;
    }

    /** Every change that passed so far. */
    public List<RecordChange> passed() {
        return List.copyOf(passed);
    }
}
