package io.crmpulse.zoho.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.simulator.SimClock;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.client.HttpZohoCrmClient;
import io.crmpulse.zoho.client.ZohoApiException;
import io.crmpulse.zoho.split.SyncEvent;
import io.crmpulse.zoho.split.ZohoModuleSplit;
import io.crmpulse.zoho.split.ZohoModuleSplitState;
import io.crmpulse.zoho.testutils.SimulatorClients;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Zoho's page token reaches at most 100,000 records ({@code PAGINATION_LIMIT_EXCEEDED}), lowered
 * here to 1,000 in the simulator: a mass update of more records than that inside one overlap window
 * is still read to its end, over the real HTTP client. (More than that in one single second cannot
 * be paged by time at all; {@code ModulePollerTest} shows the scan going on past such a second.)
 */
class PageTokenLimitITCase {

    private static final Duration OVERLAP = Duration.ofSeconds(60);
    private static final int LIMIT = 1_000;

    private final SimClock clock = SimClock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private ZohoSimulator zoho;
    private HttpZohoCrmClient client;

    @BeforeEach
    void startSimulator() {
        zoho =
                ZohoSimulator.builder()
                        .scenario(Scenario.named("backfill"))
                        .seed(11)
                        .clock(clock)
                        .pageTokenLimit(LIMIT)
                        .port(0)
                        .start();
        client = SimulatorClients.httpClient(zoho);
    }

    @AfterEach
    void stopSimulator() {
        client.close();
        zoho.close();
    }

    @Test
    void aMassUpdateOfMoreRecordsThanOneTokenReachesIsReadToItsEnd() {
        ModulePoller leads =
                new ModulePoller(
                        ZohoModule.of("Leads"),
                        new ZohoModuleSplitState(ZohoModuleSplit.initial("Leads"), OVERLAP),
                        OVERLAP);
        // The backfill itself pages past the limit five times.
        assertThat(pollToEnd(leads)).hasSize(zoho.truth().liveRecords("Leads").size());
        clock.advance(Duration.ofMinutes(2));
        // 2,500 leads edited within 20 s (Zoho's mass update goes in batches), then 30 more.
        List<String> edited = new ArrayList<>();
        for (int batch = 0; batch < 5; batch++) {
            edited.addAll(zoho.world().bulkEditLeads(500));
            clock.advance(Duration.ofSeconds(4));
        }
        List<String> later = zoho.world().editLeads(30);

        Set<String> emitted = pollToEnd(leads);

        assertThat(emitted).containsAll(edited).containsAll(later);
        assertThat(zoho.stats().recentApiRequests())
                .anySatisfy(r -> assertThat(r.status()).isEqualTo(400));
    }

    /** Polls to the end as the split reader does, restarting the scan when Zoho says so. */
    private Set<String> pollToEnd(ModulePoller poller) {
        Set<String> emitted = new HashSet<>();
        int calls = 0;
        do {
            assertThat(++calls).as("API calls of one poll").isLessThan(200);
            try {
                for (SyncEvent event : poller.step(client, clock.instant())) {
                    if (event instanceof SyncEvent.Emitted e && e.isNew()) {
                        emitted.add(e.change().getId());
                    }
                }
            } catch (ZohoApiException e) {
                assertThat(e.kind()).isEqualTo(ZohoApiException.Kind.RESTART_SCAN);
                poller.restartScan(e.zohoCode().equals(Optional.of("PAGINATION_LIMIT_EXCEEDED")));
            }
        } while (poller.isPolling());
        return emitted;
    }
}
