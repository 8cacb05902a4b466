package io.crmpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmpulse.simulator.scenario.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An edit between two pages of a scan sorted by Modified_Time moves the edited row to the end:
 * behind an offset cursor the next page then skips a row, which a correct poller must survive.
 */
class PagingDuringMutationITCase {

    private static final String SCAN =
            "fields=Modified_Time&sort_by=Modified_Time&sort_order=asc&per_page=3";

    private final SimClock clock = SimClock.fixed(Instant.parse("2026-03-10T12:00:00Z"));
    private ZohoSimulator sim;

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void pageTokensAreOffsetsSoAnEditDuringPagingSkipsARow() {
        sim = ZohoSimulator.builder().scenario(Scenario.empty()).clock(clock).start();
        List<String> ids = tenLeadsThenEditTheFirstAfterPageOne();

        List<String> seen = scannedIds();

        // Page 1 is ids 0-2. The edit moves id 0 to the end, so offset 3 now starts at id 4:
        // id 3 is never served and id 0 is served twice.
        assertThat(seen).doesNotContain(ids.get(3));
        assertThat(seen.stream().filter(ids.get(0)::equals)).hasSize(2);
        assertThat(seen).hasSize(10);
    }

    @Test
    void snapshotPageTokensServeTheRowsOfTheFirstPage() {
        sim =
                ZohoSimulator.builder()
                        .scenario(Scenario.empty())
                        .clock(clock)
                        .snapshotPageTokens(true)
                        .start();
        List<String> ids = tenLeadsThenEditTheFirstAfterPageOne();

        assertThat(scannedIds()).containsExactlyElementsOf(ids);
    }

    @Test
    void runsTheActionOnlyForTheArmedModule() {
        sim = ZohoSimulator.builder().scenario(Scenario.empty()).clock(clock).start();
        sim.world().createLeads(4);
        sim.world().createDeals(4);
        List<String> ran = new ArrayList<>();
        sim.faults().afterRecordsPage("Deals", 1, () -> ran.add("deals page 1"));
        ZohoHttp zoho = new ZohoHttp(sim);

        zoho.scan("/crm/v8/Leads", SCAN, Map.of());
        assertThat(ran).isEmpty();
        zoho.scan("/crm/v8/Deals", SCAN, Map.of());
        assertThat(ran).containsExactly("deals page 1");
    }

    private List<String> tenLeadsThenEditTheFirstAfterPageOne() {
        List<String> ids = sim.world().createLeads(10);
        clock.advance(Duration.ofSeconds(1));
        sim.faults().afterRecordsPage(1, () -> sim.world().editRecord("Leads", ids.get(0)));
        return ids;
    }

    private List<String> scannedIds() {
        List<String> seen = new ArrayList<>();
        for (JsonNode page : new ZohoHttp(sim).scan("/crm/v8/Leads", SCAN, Map.of())) {
            seen.addAll(GetRecordsITCase.idsOf(page));
        }
        return seen;
    }
}
