package io.crmpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.simulator.world.OrgCurrency;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Values the typed world cannot hold, sent as written until the CRM corrects the record. */
class RawFieldsITCase {

    private final SimClock clock = SimClock.fixed(Instant.parse("2026-03-10T12:00:00Z"));
    private ZohoSimulator sim;

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aRawFieldIsSentAsWrittenUntilTheRecordIsCorrected() {
        sim = ZohoSimulator.builder().scenario(Scenario.empty()).clock(clock).start();
        String id =
                sim.world()
                        .createDeal(
                                "Web Download",
                                "Qualification",
                                new BigDecimal("120000"),
                                OrgCurrency.INR,
                                sim.world().reps().get(0));
        ZohoHttp zoho = new ZohoHttp(sim);

        clock.advance(Duration.ofMinutes(1));
        sim.world().setRawField("Deals", id, "Amount", "1e100000000");
        sim.world().setRawField("Deals", id, "Deal_Name", "\"Acme\\u0000 Corp\"");
        String hostile = zoho.get("/crm/v8/Deals?fields=Amount,Deal_Name,Modified_Time").body();

        assertThat(hostile)
                .contains("\"Amount\":1e100000000")
                .contains("\"Deal_Name\":\"Acme\\u0000 Corp\"")
                .contains("\"Modified_Time\":\"2026-03-10T12:01:00+00:00\"");
        assertThat(sim.truth().liveRecords("Deals"))
                .containsEntry(id, Instant.parse("2026-03-10T12:01:00Z"));

        clock.advance(Duration.ofMinutes(1));
        sim.world().clearRawFields("Deals", id);
        String corrected = zoho.get("/crm/v8/Deals?fields=Amount,Deal_Name,Modified_Time").body();

        assertThat(corrected)
                .contains("\"Amount\":120000")
                .doesNotContain("\\u0000")
                .contains("\"Modified_Time\":\"2026-03-10T12:02:00+00:00\"");
        assertThat(sim.world().rawFields(id)).isEmpty();
    }

    @Test
    void actionsArmedForDifferentModulesAreIndependent() {
        sim = ZohoSimulator.builder().scenario(Scenario.empty()).clock(clock).start();
        sim.world().createLeads(2);
        sim.world().createDeals(2);
        List<String> ran = new ArrayList<>();
        sim.faults().afterRecordsPage("Leads", 1, () -> ran.add("leads page 1"));
        sim.faults().afterRecordsPage("Deals", 1, () -> ran.add("deals page 1"));
        ZohoHttp zoho = new ZohoHttp(sim);

        zoho.get("/crm/v8/Deals?fields=Modified_Time");
        zoho.get("/crm/v8/Leads?fields=Modified_Time");
        zoho.get("/crm/v8/Leads?fields=Modified_Time");

        assertThat(ran).containsExactly("deals page 1", "leads page 1");
    }
}
