package io.crmpulse.common.retry;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before retrying a remote call: exponential back-off with full jitter and a cap,
 * never shorter than what the server asked for. The one retry helper of the Zoho source, the Ollama
 * client and the WhatsApp outbox.
 *
 * <p>Retry number {@code n} (1-based) waits a uniformly random time in {@code [0, min(cap, base *
 * 2^(n-1))]}. Full jitter spreads the retries of callers that failed together: the pollers of one
 * Zoho org, whose concurrency limit Zoho counts across them, or the messages of one Twilio outage.
 * A server's {@code Retry-After} (or Zoho's Access-Denied back-off) is a lower bound and is not
 * capped: retrying earlier than the server said only burns credits or extends a lock-out.
 *
 * <p>Pure: it computes a delay and never sleeps; the caller schedules the retry (a reader's next
 * poll, an outbox row's {@code next_attempt_at}). A value: serializable, so that a Flink operator
 * can carry it, with the jitter's source passed per call.
 */
public final class Backoff implements Serializable {

    private static final long serialVersionUID = 1L;

    /** 2^40 times any base is beyond any sensible cap; stops the doubling from overflowing. */
    private static final int MAX_DOUBLINGS = 40;

    private final Duration base;
    private final Duration cap;

    /**
     * @param base the ceiling of the first retry's delay
     * @param cap the largest ceiling, whatever the attempt
     */
    public Backoff(Duration base, Duration cap) {
        this.base = Objects.requireNonNull(base, "base");
        this.cap = Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException(
                    "the retry back-off needs 0 < base <= cap, got base "
                            + base
                            + " and cap "
                            + cap);
        }
    }

    /** The delay before retry number {@code attempt}, with a random jitter. */
    public Duration delay(int attempt) {
        return delay(attempt, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * The delay before retry number {@code attempt}: the {@link #ceiling} scaled by the jitter, to
     * the millisecond.
     *
     * @param attempt 1 for the first retry after a failure, 2 after the second consecutive failure,
     *     and so on
     * @param jitter a source of numbers in [0, 1]; 1 gives the full exponential delay (tests pass a
     *     fixed or seeded one)
     */
    public Duration delay(int attempt, DoubleSupplier jitter) {
        double fraction = jitter.getAsDouble();
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1], got " + fraction);
        }
        return Duration.ofMillis(Math.round(ceiling(attempt).toMillis() * fraction));
    }

    /**
     * The delay before retry number {@code attempt}, at least what the server asked for.
     *
     * @param serverRetryAfter the server's {@code Retry-After} or an equivalent, if any: the delay
     *     is never shorter, even above the cap
     */
    public Duration delay(int attempt, DoubleSupplier jitter, Optional<Duration> serverRetryAfter) {
        Duration jittered = delay(attempt, jitter);
        Duration floor = serverRetryAfter.orElse(Duration.ZERO);
        return jittered.compareTo(floor) >= 0 ? jittered : floor;
    }

    /** {@code min(cap, base * 2^(attempt-1))}: the longest delay retry {@code attempt} can get. */
    public Duration ceiling(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, got " + attempt);
        }
        int doublings = Math.min(attempt - 1, MAX_DOUBLINGS);
        long baseNanos = base.toNanos();
        if (doublings >= Long.numberOfLeadingZeros(baseNanos) - 1) {
            return cap;
        }
        Duration exponential = Duration.ofNanos(baseNanos << doublings);
        return exponential.compareTo(cap) < 0 ? exponential : cap;
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
