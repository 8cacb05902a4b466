package io.crmpulse.zoho.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.simulator.SimClock;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.client.HttpZohoCrmClient;
import io.crmpulse.zoho.split.SyncEvent;
import io.crmpulse.zoho.split.ZohoModuleSplit;
import io.crmpulse.zoho.split.ZohoModuleSplitSerializer;
import io.crmpulse.zoho.split.ZohoModuleSplitState;
import io.crmpulse.zoho.testutils.SimulatorClients;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checkpointed state of a module's sync does not grow with the number of records a scan reads:
 * a backfill of 100,000 leads over the real HTTP client, with the split serialized as a checkpoint
 * would serialize it after every API call (every point at which one can be taken).
 */
class SplitStateSizeITCase {

    private static final Duration OVERLAP = Duration.ofSeconds(60);
    private static final int LEADS = 100_000;
    private static final int MAX_CHECKPOINT_BYTES = 64 * 1024;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final SimClock clock = SimClock.fixed(now);
    private ZohoSimulator zoho;
    private HttpZohoCrmClient client;

    @BeforeEach
    void startSimulator() {
        zoho =
                ZohoSimulator.builder()
                        .scenario(Scenario.empty())
                        .seed(3)
                        .clock(clock)
                        .port(0)
                        .start();
        // 100 leads a minute for 1,000 minutes: ties of 100 in one second, spread over 17 hours.
        Instant start = now.minus(Duration.ofMinutes(LEADS / 100 + 10));
        for (int minute = 0; minute < LEADS / 100; minute++) {
            zoho.world()
                    .writeHistory(start.plus(Duration.ofMinutes(minute)), w -> w.createLeads(100));
        }
        client = SimulatorClients.httpClient(zoho);
    }

    @AfterEach
    void stopSimulator() {
        client.close();
        zoho.close();
    }

    @Test
    void aBackfillOfAHundredThousandLeadsNeverCheckpointsMoreThan64KiB() throws IOException {
        ModulePoller leads =
                new ModulePoller(
                        ZohoModule.of("Leads"),
                        new ZohoModuleSplitState(ZohoModuleSplit.initial("Leads"), OVERLAP),
                        OVERLAP);
        int emitted = 0;
        int checkpoints = 0;
        int largest = 0;
        do {
            for (SyncEvent event : leads.step(client, clock.instant())) {
                if (event instanceof SyncEvent.Emitted) {
                    emitted++;
                }
            }
            int size = ZohoModuleSplitSerializer.INSTANCE.serialize(leads.state().toSplit()).length;
            largest = Math.max(largest, size);
            checkpoints++;
        } while (leads.isPolling());

        System.out.printf(
                "%s: largest serialized Leads split %d bytes over %d API calls%n",
                getClass().getSimpleName(), largest, checkpoints);
        assertThat(zoho.truth().liveRecords("Leads")).hasSize(LEADS);
        assertThat(emitted).isEqualTo(LEADS);
        assertThat(checkpoints).isGreaterThan(LEADS / 200);
        assertThat(largest)
                .as("the largest serialized split, in bytes")
                .isLessThan(MAX_CHECKPOINT_BYTES);
    }
}
