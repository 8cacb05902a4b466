package io.crmpulse.simulator.api;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    private final Map<String, AtomicLong> tokenPages = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final AtomicLong servingNanos = new AtomicLong();
    private final Deque<ServedRequest> recent = new ArrayDeque<>();

    /** Get Records calls for {@code module} (as spelled in the URL, e.g. {@code Leads}). */
    public long recordsCalls(String module) {
        return count(recordsCalls, module);
    }

    /** Get Deleted Records calls for {@code module}. */
    public long deletedCalls(String module) {
        return count(deletedCalls, module);
    }

    /** Get Records calls for {@code module} that followed a {@code page_token}. */
    public long recordsCallsWithPageToken(String module) {
        return count(tokenPages, module);
    }

    /**
     * API calls answered with this HTTP status (e.g. 400 for {@code PAGINATION_LIMIT_EXCEEDED}).
     */
    public long apiCallsAnswered(int status) {
        AtomicLong count = statuses.get(status);
        return count == null ? 0 : count.get();
    }

    /**
     * The time the simulator spent answering API calls (reading the world, rendering the JSON),
     * summed over calls; without the time on the wire.
     */
    public Duration servingTime() {
        return Duration.ofNanos(servingNanos.get());
    }

    /**
     * The counts as JSON-ready maps, what {@code GET /simulator/stats} answers: for a client in
     * another process, such as a benchmark's.
     */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("recordsCalls", counts(recordsCalls));
        map.put("recordsCallsWithPageToken", counts(tokenPages));
        map.put("deletedCalls", counts(deletedCalls));
        map.put("tokenCalls", tokenCalls.get());
        map.put("apiCalls", apiCalls.get());
        Map<String, Long> byStatus = new TreeMap<>();
        statuses.forEach((status, count) -> byStatus.put(Integer.toString(status), count.get()));
        map.put("apiCallsByStatus", byStatus);
        map.put("servingMillis", servingTime().toMillis());
        return map;
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
        tokenPages.clear();
        statuses.clear();
        servingNanos.set(0);
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

    void countRecordsCallWithPageToken(String module) {
        tokenPages.computeIfAbsent(module, k -> new AtomicLong()).incrementAndGet();
    }

    void countAnswered(int status, long nanos) {
        statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
        servingNanos.addAndGet(nanos);
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

    private static Map<String, Long> counts(Map<String, AtomicLong> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((key, count) -> copy.put(key, count.get()));
        return copy;
    }

    private static long count(Map<String, AtomicLong> counts, String module) {
        AtomicLong count = counts.get(module);
        return count == null ? 0 : count.get();
    }
}
