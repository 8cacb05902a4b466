package io.crmpulse.simulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.simulator.world.CrmModule;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageTokenRegistryTest {

    private static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");
    private static final Duration FORGOTTEN = Duration.ofDays(8).plusSeconds(1);

    private final PageTokenRegistry tokens = new PageTokenRegistry();
    private final PageTokenRegistry.Scan scan =
            tokens.newScan(
                    ScanBinding.of(CrmModule.LEADS, "v8", Map.of("fields", "Email"), null), null);

    @Test
    void remembersAnExpiredTokenForAWeek() {
        String token = tokens.issue(scan, 200, T0);

        tokens.issue(scan, 400, T0.plus(Duration.ofDays(8)));

        assertThat(tokens.find(token)).isNotNull();
        assertThat(tokens.find(token).expiresAt()).isEqualTo(T0.plus(Duration.ofDays(1)));
    }

    @Test
    void forgetsATokenAWeekAfterItExpired() {
        String token = tokens.issue(scan, 200, T0);

        tokens.issue(scan, 400, T0.plus(FORGOTTEN));

        assertThat(tokens.find(token)).isNull();
        assertThat(tokens.size()).isEqualTo(1);
    }

    @Test
    void sweepsAtMostOnceAMinute() {
        tokens.issue(scan, 200, T0);
        String later = tokens.issue(scan, 200, T0.plusSeconds(30));
        Instant firstSweep = T0.plus(FORGOTTEN);
        tokens.issue(scan, 400, firstSweep);
        assertThat(tokens.size()).isEqualTo(2);

        // Past the second token's week too, but within a minute of the last sweep.
        tokens.issue(scan, 600, firstSweep.plusSeconds(31));
        assertThat(tokens.find(later)).isNotNull();

        tokens.issue(scan, 800, firstSweep.plus(PageTokenRegistry.SWEEP_EVERY));
        assertThat(tokens.find(later)).isNull();
        assertThat(tokens.size()).isEqualTo(3);
    }
}
