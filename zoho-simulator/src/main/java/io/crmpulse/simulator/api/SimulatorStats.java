package io.crmpulse.simulator.api;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of the calls the simulator served: every request that reached a handler, including the
 * ones answered with an error or an injected fault. Thread-safe.
 */
public final class SimulatorStats {

    private static final int RECENT_LIMIT = 1000;

    private final Map<String, AtomicLong> recordsCalls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> deletedCalls = new ConcurrentHashMap<>();
    private final AtomicLong tokenCalls = new AtomicLong();
    private final AtomicLong apiCalls = new AtomicLong();
    private final Deque<ServedRequest> recent = new ArrayDeque<>();

    /** Get Records calls for {@code module} (as spelled in the URL, e.g. {@code Leads}). */
    public long recordsCalls(String module) {
        return count(recordsCalls, module);
    }

    /** Get Deleted Records calls for {@code module}. */
    public long deletedCalls(String module) {
        return count(deletedCalls, module);
    }

    /** Calls to {@code /oauth/v2/token}. */
    public long tokenCalls() {
        return tokenCalls.get();
    }

    /** Every call to {@code /crm/...}, whatever its path and outcome. */
    public long totalApiCalls() {
        return apiCalls.get();
    }

    /** The last (at most 1,000) API calls, oldest first. */
    public List<ServedRequest> recentApiRequests() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /** Sets every count to zero and forgets the recent calls. */
    public void reset() {
        recordsCalls.clear();
        deletedCalls.clear();
        tokenCalls.set(0);
        apiCalls.set(0);
        synchronized (recent) {
            recent.clear();
        }
    }

    void countApiCall() {
        apiCalls.incrementAndGet();
    }

    void countRecordsCall(String module) {
        recordsCalls.computeIfAbsent(module, k -> new AtomicLong()).incrementAndGet();
    }

    void countDeletedCall(String module) {
        deletedCalls.computeIfAbsent(module, k -> new AtomicLong()).incrementAndGet();
    }

    void countTokenCall() {
        tokenCalls.incrementAndGet();
    }

    void remember(ServedRequest request) {
        synchronized (recent) {
            if (recent.size() == RECENT_LIMIT) {
                recent.removeFirst();
            }
            recent.addLast(request);
        }
    }

    private static long count(Map<String, AtomicLong> counts, String module) {
        AtomicLong count = counts.get(module);
        return count == null ? 0 : count.get();
    }
}
