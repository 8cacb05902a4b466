package io.crmpulse.zoho.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.simulator.SimClock;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.client.HttpZohoCrmClient;
import io.crmpulse.zoho.split.SyncEvent;
import io.crmpulse.zoho.split.ZohoModuleSplit;
import io.crmpulse.zoho.split.ZohoModuleSplitState;
import io.crmpulse.zoho.testutils.SimulatorClients;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Principle 5 of the design: an incremental poll after k changes costs at most ceil((k + o) / 200)
 * Get Records calls per module, o being the records re-read in the overlap, plus one deletions
 * call, and nothing else. Counted by the simulator, over the real HTTP client.
 */
class IncrementalPollCostITCase {

    private static final Duration OVERLAP = Duration.ofSeconds(60);

    private final SimClock clock = SimClock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private ZohoSimulator zoho;
    private HttpZohoCrmClient client;

    @BeforeEach
    void startSimulator() {
        zoho =
                ZohoSimulator.builder()
                        .scenario(Scenario.named("backfill"))
                        .seed(7)
                        .clock(clock)
                        .port(0)
                        .start();
        client = SimulatorClients.httpClient(zoho);
    }

    @AfterEach
    void stopSimulator() {
        client.close();
        zoho.close();
    }

    @ParameterizedTest(name = "k = {0}")
    @ValueSource(ints = {1, 199, 450, 2500})
    void incrementalPollCostsCeilOfChangesPlusOverlapOverTwoHundredPlusOneDeletionsCall(int k) {
        ModulePoller leads = poller("Leads");
        pollToEnd(leads);
        clock.advance(Duration.ofMinutes(5));
        zoho.world().editLeads(3); // the newest changes the cursor knows, 5 minutes ago
        pollToEnd(leads);
        Instant resumeFrom = leads.state().records().resumeFrom();
        clock.advance(Duration.ofMinutes(5));
        List<String> changed = new ArrayList<>(zoho.world().bulkEditLeads(k));
        long overlap =
                zoho.truth().liveRecords("Leads").entrySet().stream()
                        .filter(e -> !changed.contains(e.getKey()))
                        .filter(e -> !e.getValue().isBefore(resumeFrom))
                        .count();
        zoho.stats().reset();

        int emitted = pollToEnd(leads);

        assertThat(changed).hasSize(k);
        assertThat(emitted).isEqualTo(k);
        assertThat(zoho.stats().recordsCalls("Leads")).isEqualTo((k + overlap + 199) / 200);
        assertThat(zoho.stats().deletedCalls("Leads")).isEqualTo(1);
        assertThat(zoho.stats().tokenCalls()).isZero();
        assertThat(zoho.stats().totalApiCalls()).isEqualTo(zoho.stats().recordsCalls("Leads") + 1);
    }

    @Test
    void pollWithNothingNewCostsOneRecordsCallAndOneDeletionsCall() {
        ModulePoller deals = poller("Deals");
        pollToEnd(deals);
        zoho.stats().reset();

        assertThat(pollToEnd(deals)).isZero();
        assertThat(zoho.stats().recordsCalls("Deals")).isEqualTo(1);
        assertThat(zoho.stats().deletedCalls("Deals")).isEqualTo(1);
    }

    private static ModulePoller poller(String module) {
        return new ModulePoller(
                ZohoModule.of(module),
                new ZohoModuleSplitState(ZohoModuleSplit.initial(module), OVERLAP),
                OVERLAP);
    }

    private int pollToEnd(ModulePoller poller) {
        int emitted = 0;
        do {
            for (SyncEvent event : poller.step(client, clock.instant())) {
                if (event instanceof SyncEvent.Emitted) {
                    emitted++;
                }
            }
        } while (poller.isPolling());
        return emitted;
    }
}
