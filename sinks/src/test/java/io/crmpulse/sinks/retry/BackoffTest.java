package io.crmpulse.sinks.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(1));

    @Test
    void theCeilingDoublesPerAttemptUpToTheCap() {
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofMinutes(1));
        assertThat(backoff.ceiling(1000)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void fullJitterScalesTheCeiling() {
        assertThat(backoff.delay(3, () -> 1.0)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.delay(3, () -> 0.5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delay(3, () -> 0.0)).isEqualTo(Duration.ZERO);
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.delay(4)).isBetween(Duration.ZERO, Duration.ofSeconds(16));
        }
    }

    @Test
    void aCapBelowTheBaseIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessageContaining("base <= cap");
    }
}
