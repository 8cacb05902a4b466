package io.crmpulse.zoho.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * How long to wait before retrying a Zoho call that failed with {@link
 * ZohoApiException.Kind#RETRY_LATER}: exponential back-off with full jitter, never shorter than
 * what the server asked for.
 *
 * <p>Full jitter (a uniform draw between zero and {@code min(cap, base * 2^(attempt-1))}) spreads
 * the retries of many pollers hitting the same org, whose concurrency limit Zoho counts across
 * them. A server's {@code Retry-After} (or the token endpoint's Access-Denied back-off) is a lower
 * bound and is not capped: retrying earlier than Zoho said only burns credits or extends a
 * lock-out.
 *
 * <p>Pure: it computes a delay and never sleeps; the caller schedules the retry. Not thread-safe
 * when its random generator is not.
 */
public final class RetryBackoff {

    public static final Duration DEFAULT_BASE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CAP = Duration.ofMinutes(5);

    /** 2^40 s is far beyond any sensible cap; stops the shift from overflowing. */
    private static final int MAX_DOUBLINGS = 40;

    private final Duration base;
    private final Duration cap;
    private final RandomGenerator random;

    /** Base 1 s, cap 5 min. */
    public RetryBackoff() {
        this(DEFAULT_BASE, DEFAULT_CAP, new SplittableRandom());
    }

    /**
     * @param base the ceiling of the first retry's delay
     * @param cap the largest ceiling, whatever the attempt
     * @param random the source of jitter (tests pass a seeded or fixed one)
     */
    public RetryBackoff(Duration base, Duration cap, RandomGenerator random) {
        this.base = Objects.requireNonNull(base, "base");
        this.cap = Objects.requireNonNull(cap, "cap");
        this.random = Objects.requireNonNull(random, "random");
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException(
                    "the retry back-off needs 0 < base <= cap, got base "
                            + base
                            + " and cap "
                            + cap);
        }
    }

    /**
     * The delay before retry number {@code attempt}.
     *
     * @param attempt 1 for the first retry after a failure, 2 after the second consecutive failure,
     *     and so on
     * @param serverRetryAfter what the server asked for, if anything: the delay is at least that
     */
    public Duration next(int attempt, Optional<Duration> serverRetryAfter) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, got " + attempt);
        }
        Duration ceiling = ceiling(attempt);
        Duration jittered = Duration.ofNanos(random.nextLong(ceiling.toNanos() + 1));
        Duration floor = serverRetryAfter.orElse(Duration.ZERO);
        return jittered.compareTo(floor) >= 0 ? jittered : floor;
    }

    /** {@code min(cap, base * 2^(attempt-1))}: the largest delay {@code attempt} can get. */
    public Duration ceiling(int attempt) {
        int doublings = Math.min(attempt - 1, MAX_DOUBLINGS);
        long baseNanos = base.toNanos();
        if (doublings >= Long.numberOfLeadingZeros(baseNanos) - 1) {
            return cap;
        }
        Duration exponential = Duration.ofNanos(baseNanos << doublings);
        return exponential.compareTo(cap) < 0 ? exponential : cap;
    }

    @Override
    public String toString() {
        return "RetryBackoff{base=" + base + ", cap=" + cap + "}";
    }
}
