package io.crmpulse.sinks.retry;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The one retry helper: exponential backoff with full jitter and a cap. Attempt n (1-based) waits a
 * uniformly random time in {@code [0, min(cap, base * 2^(n-1))]}, so that senders that failed
 * together do not retry together.
 */
public final class Backoff implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Twilio outages and 429s: start at 2 s, never wait more than 5 min between attempts. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));

    private final Duration base;
    private final Duration cap;

    public Backoff(Duration base, Duration cap) {
        this.base = Objects.requireNonNull(base, "base");
        this.cap = Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException(
                    "backoff needs 0 < base <= cap, got base " + base + " and cap " + cap);
        }
    }

    /** The delay before attempt {@code attempt + 1}, with a random jitter. */
    public Duration delay(int attempt) {
        return delay(attempt, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * The delay before attempt {@code attempt + 1}.
     *
     * @param attempt the attempts made so far, at least 1
     * @param jitter a source of numbers in [0, 1]; 1 gives the full exponential delay
     */
    public Duration delay(int attempt, DoubleSupplier jitter) {
        return Duration.ofMillis(Math.round(ceiling(attempt).toMillis() * jitter.getAsDouble()));
    }

    /** The longest delay before attempt {@code attempt + 1}: {@code min(cap, base * 2^(n-1))}. */
    public Duration ceiling(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 40));
        long millis = base.toMillis();
        for (int i = 0; i < doublings && millis < cap.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, cap.toMillis()));
    }

    public Duration base() {
        return base;
    }

    public Duration cap() {
        return cap;
    }

    @Override
    public String toString() {
        return "Backoff{base=" + base + ", cap=" + cap + "}";
    }
}
