package io.crmpulse.bench;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;

/**
 * Paces a {@link GeneratedChanges#source} from the benchmark's own thread: the fill flows at once,
 * then each cycle waits until {@link #release} lets it through, so that a benchmark can fill the
 * CRM, then push one cycle of changes and time it.
 *
 * <p>The source's reader and the benchmark share the gate's state through a static registry: it
 * works for a job in this JVM's {@code MiniCluster} (every benchmark here), not on a remote
 * cluster. The gate counts the records generated, not the reader's permit requests: the reader also
 * asks for one before its split arrives and after its last record.
 */
public final class CycleGate implements RateLimiterStrategy {

    private static final long serialVersionUID = 1L;

    private static final Map<String, Permits> GATES = new ConcurrentHashMap<>();

    private final String id;
    private final long cycles;

    private CycleGate(String id, long cycles) {
        this.id = id;
        this.cycles = cycles;
    }

    /** A closed gate for the fill and {@code cycles} cycles of {@code changes}: the fill passes. */
    public static CycleGate create(GeneratedChanges changes, long cycles) {
        String id = UUID.randomUUID().toString();
        GATES.put(id, new Permits(changes.fillSize(), changes.cycleSize(), changes.count(cycles)));
        return new CycleGate(id, cycles);
    }

    /** The cycles after the fill. */
    public long cycles() {
        return cycles;
    }

    /** Lets {@code cycles} more cycles through. */
    public void release(long cycles) {
        permits().release(cycles);
    }

    /** Records the source has generated so far: the fill, then the released cycles. */
    public long emitted() {
        return permits().generated();
    }

    /** Called by the source's generator before it makes the record of {@code index}. */
    void generating(long index) {
        permits().generating(index);
    }

    @Override
    public RateLimiter createRateLimiter(int parallelism) {
        if (parallelism != 1) {
            throw new IllegalArgumentException(
                    "a cycle gate numbers records in emission order: run its source at"
                            + " parallelism 1, not "
                            + parallelism);
        }
        Permits permits = permits();
        return permits::acquire;
    }

    private Permits permits() {
        Permits permits = GATES.get(id);
        if (permits == null) {
            throw new IllegalStateException(
                    "this cycle gate lives in another JVM: run the job in the benchmark's"
                            + " MiniCluster");
        }
        return permits;
    }

    /** Records allowed so far and generated so far; at most one reader waits. */
    private static final class Permits {
        private final long cycleSize;
        private final long total;
        private long allowed;
        private long generated;
        private CompletableFuture<Void> waiting;

        Permits(long fill, long cycleSize, long total) {
            this.allowed = fill;
            this.cycleSize = cycleSize;
            this.total = total;
        }

        synchronized CompletionStage<Void> acquire() {
            // After the last record the reader polls once more to learn that the input ended.
            if (generated < allowed || generated >= total) {
                return CompletableFuture.completedFuture(null);
            }
            waiting = new CompletableFuture<>();
            return waiting;
        }

        synchronized void generating(long index) {
            generated = index + 1;
        }

        synchronized long generated() {
            return generated;
        }

        void release(long cycles) {
            CompletableFuture<Void> wake = null;
            synchronized (this) {
                allowed += cycles * cycleSize;
                if (waiting != null && generated < allowed) {
                    wake = waiting;
                    waiting = null;
                }
            }
            // Outside the lock: completing runs the reader's continuation.
            if (wake != null) {
                wake.complete(null);
            }
        }
    }
}
