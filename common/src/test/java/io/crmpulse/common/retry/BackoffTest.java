package io.crmpulse.common.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    /** Always draws the largest allowed value. */
    private static final DoubleSupplier HIGHEST = () -> 1.0;

    /** Always draws zero. */
    private static final DoubleSupplier LOWEST = () -> 0.0;

    /** The Zoho reader's: 1 s doubling to 5 min. */
    private final Backoff zoho = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    /** The outbox's shape: 2 s doubling to 1 min. */
    private final Backoff outbox = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(1));

    @Test
    void doublesTheCeilingFromOneSecondUpToTheFiveMinuteCap() {
        assertThat(zoho.delay(1, HIGHEST)).isEqualTo(Duration.ofSeconds(1));
        assertThat(zoho.delay(2, HIGHEST)).isEqualTo(Duration.ofSeconds(2));
        assertThat(zoho.delay(3, HIGHEST)).isEqualTo(Duration.ofSeconds(4));
        assertThat(zoho.delay(9, HIGHEST)).isEqualTo(Duration.ofSeconds(256));
        assertThat(zoho.delay(10, HIGHEST)).isEqualTo(Duration.ofMinutes(5));
        assertThat(zoho.delay(Integer.MAX_VALUE, HIGHEST)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theCeilingDoublesPerAttemptUpToTheCap() {
        assertThat(outbox.ceiling(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(outbox.ceiling(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(outbox.ceiling(5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(outbox.ceiling(6)).isEqualTo(Duration.ofMinutes(1));
        assertThat(outbox.ceiling(1000)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void fullJitterScalesTheCeiling() {
        assertThat(outbox.delay(3, HIGHEST)).isEqualTo(Duration.ofSeconds(8));
        assertThat(outbox.delay(3, () -> 0.5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(outbox.delay(3, LOWEST)).isEqualTo(Duration.ZERO);
        for (int i = 0; i < 100; i++) {
            assertThat(outbox.delay(4)).isBetween(Duration.ZERO, Duration.ofSeconds(16));
        }
    }

    @Test
    void drawsEveryDelayBetweenZeroAndTheCeiling() {
        SplittableRandom random = new SplittableRandom(42);
        for (int attempt = 1; attempt <= 30; attempt++) {
            for (int draw = 0; draw < 100; draw++) {
                assertThat(zoho.delay(attempt, random::nextDouble))
                        .isBetween(Duration.ZERO, zoho.ceiling(attempt));
            }
        }
        assertThat(zoho.delay(5, LOWEST)).isEqualTo(Duration.ZERO);
    }

    @Test
    void spreadsTheDelaysOfOneAttempt() {
        SplittableRandom random = new SplittableRandom(7);

        long distinct =
                IntStream.range(0, 50)
                        .mapToObj(i -> zoho.delay(6, random::nextDouble))
                        .distinct()
                        .count();

        assertThat(distinct).isGreaterThan(40);
    }

    @Test
    void neverRetriesBeforeTheServersRetryAfter() {
        assertThat(zoho.delay(1, LOWEST, Optional.of(Duration.ofSeconds(30))))
                .isEqualTo(Duration.ofSeconds(30));
        // The server's word beats the cap: the Access-Denied back-off is 10 minutes.
        assertThat(zoho.delay(20, HIGHEST, Optional.of(Duration.ofMinutes(10))))
                .isEqualTo(Duration.ofMinutes(10));
        // A short Retry-After does not shorten a longer back-off.
        assertThat(zoho.delay(4, HIGHEST, Optional.of(Duration.ofSeconds(1))))
                .isEqualTo(Duration.ofSeconds(8));
        assertThat(zoho.delay(4, HIGHEST, Optional.empty())).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void honoursAConfiguredBaseAndCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(3));

        assertThat(backoff.delay(1, HIGHEST)).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff.delay(4, HIGHEST)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(5, HIGHEST)).isEqualTo(Duration.ofSeconds(3));
        assertThat(backoff.base()).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff.cap()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void rejectsAttemptsBelowOneABaseAboveTheCapAndJitterOutsideZeroToOne() {
        assertThatThrownBy(() -> zoho.delay(0, HIGHEST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attempt starts at 1");
        assertThatThrownBy(() -> new Backoff(Duration.ofMinutes(10), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base <= cap");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessageContaining("base <= cap");
        assertThatThrownBy(() -> zoho.delay(1, () -> 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jitter must be in [0, 1], got 1.5");
    }

    @Test
    void survivesJavaSerializationAsAnOperatorsFieldDoes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(outbox);
        }
        Backoff copy;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (Backoff) in.readObject();
        }

        assertThat(copy.ceiling(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(copy).hasToString("Backoff{base=PT2S, cap=PT1M}");
    }
}
