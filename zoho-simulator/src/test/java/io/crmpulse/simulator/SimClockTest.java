package io.crmpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SimClockTest {

    private static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void aFixedClockMovesOnlyWhenTold() {
        SimClock clock = SimClock.fixed(T0);

        assertThat(clock.instant()).isEqualTo(T0);
        assertThat(clock.isLive()).isFalse();
        clock.advance(Duration.ofMinutes(5));
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(300));
        clock.set(T0.minusSeconds(60));
        assertThat(clock.instant()).isEqualTo(T0.minusSeconds(60));
    }

    @Test
    void aLiveClockFollowsTheSystemClockFromWhereItWasSet() {
        SimClock clock = SimClock.live();
        clock.set(T0);

        Instant read = clock.instant();

        assertThat(clock.isLive()).isTrue();
        assertThat(Duration.between(T0, read)).isBetween(Duration.ZERO, Duration.ofSeconds(5));
        clock.advance(Duration.ofHours(1));
        assertThat(Duration.between(T0.plusSeconds(3600), clock.instant()))
                .isBetween(Duration.ZERO, Duration.ofSeconds(5));
    }

    @Test
    void aZonedViewReadsTheSameMovingInstant() {
        SimClock clock = SimClock.fixed(T0);
        java.time.Clock kolkata = clock.withZone(ZoneId.of("Asia/Kolkata"));

        clock.advance(Duration.ofSeconds(1));

        assertThat(kolkata.instant()).isEqualTo(T0.plusSeconds(1));
        assertThat(kolkata.getZone()).isEqualTo(ZoneId.of("Asia/Kolkata"));
    }
}
