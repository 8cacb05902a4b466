package io.crmpulse.zoho.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    /** Always draws the largest allowed value. */
    private static final RandomGenerator HIGHEST =
            new RandomGenerator() {
                @Override
                public long nextLong() {
                    return Long.MAX_VALUE;
                }

                @Override
                public long nextLong(long bound) {
                    return bound - 1;
                }
            };

    /** Always draws zero. */
    private static final RandomGenerator LOWEST =
            new RandomGenerator() {
                @Override
                public long nextLong() {
                    return 0;
                }

                @Override
                public long nextLong(long bound) {
                    return 0;
                }
            };

    private final RetryBackoff highest =
            new RetryBackoff(RetryBackoff.DEFAULT_BASE, RetryBackoff.DEFAULT_CAP, HIGHEST);

    @Test
    void doublesTheCeilingFromOneSecondUpToTheFiveMinuteCap() {
        assertThat(highest.next(1, Optional.empty())).isEqualTo(Duration.ofSeconds(1));
        assertThat(highest.next(2, Optional.empty())).isEqualTo(Duration.ofSeconds(2));
        assertThat(highest.next(3, Optional.empty())).isEqualTo(Duration.ofSeconds(4));
        assertThat(highest.next(9, Optional.empty())).isEqualTo(Duration.ofSeconds(256));
        assertThat(highest.next(10, Optional.empty())).isEqualTo(Duration.ofMinutes(5));
        assertThat(highest.next(Integer.MAX_VALUE, Optional.empty()))
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void drawsEveryDelayBetweenZeroAndTheCeiling() {
        RetryBackoff backoff =
                new RetryBackoff(
                        RetryBackoff.DEFAULT_BASE,
                        RetryBackoff.DEFAULT_CAP,
                        new SplittableRandom(42));
        for (int attempt = 1; attempt <= 30; attempt++) {
            for (int draw = 0; draw < 100; draw++) {
                assertThat(backoff.next(attempt, Optional.empty()))
                        .isBetween(Duration.ZERO, backoff.ceiling(attempt));
            }
        }
        RetryBackoff lowest =
                new RetryBackoff(RetryBackoff.DEFAULT_BASE, RetryBackoff.DEFAULT_CAP, LOWEST);
        assertThat(lowest.next(5, Optional.empty())).isEqualTo(Duration.ZERO);
    }

    @Test
    void spreadsTheDelaysOfOneAttempt() {
        RetryBackoff backoff =
                new RetryBackoff(
                        RetryBackoff.DEFAULT_BASE,
                        RetryBackoff.DEFAULT_CAP,
                        new SplittableRandom(7));

        long distinct =
                java.util.stream.IntStream.range(0, 50)
                        .mapToObj(i -> backoff.next(6, Optional.empty()))
                        .distinct()
                        .count();

        assertThat(distinct).isGreaterThan(40);
    }

    @Test
    void neverRetriesBeforeTheServersRetryAfter() {
        RetryBackoff lowest =
                new RetryBackoff(RetryBackoff.DEFAULT_BASE, RetryBackoff.DEFAULT_CAP, LOWEST);

        assertThat(lowest.next(1, Optional.of(Duration.ofSeconds(30))))
                .isEqualTo(Duration.ofSeconds(30));
        // The server's word beats the cap: the Access-Denied back-off is 10 minutes.
        assertThat(highest.next(20, Optional.of(Duration.ofMinutes(10))))
                .isEqualTo(Duration.ofMinutes(10));
        // A short Retry-After does not shorten a longer back-off.
        assertThat(highest.next(4, Optional.of(Duration.ofSeconds(1))))
                .isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void honoursAConfiguredBaseAndCap() {
        RetryBackoff backoff =
                new RetryBackoff(Duration.ofMillis(250), Duration.ofSeconds(3), HIGHEST);

        assertThat(backoff.next(1, Optional.empty())).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff.next(4, Optional.empty())).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.next(5, Optional.empty())).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void rejectsAttemptsBelowOneAndABaseAboveTheCap() {
        assertThatThrownBy(() -> highest.next(0, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attempt starts at 1");
        assertThatThrownBy(
                        () ->
                                new RetryBackoff(
                                        Duration.ofMinutes(10), Duration.ofMinutes(5), HIGHEST))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
