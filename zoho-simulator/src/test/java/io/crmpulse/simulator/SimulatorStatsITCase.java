package io.crmpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.simulator.world.CrmModule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@code GET /simulator/stats} and {@code /simulator/truth/...} tell a client in another
 * process, such as a benchmark.
 */
class SimulatorStatsITCase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void countsPagesByTokenAnswersByStatusAndServingTime() throws Exception {
        try (ZohoSimulator sim =
                ZohoSimulator.builder()
                        .scenario(Scenario.named("backfill"))
                        .seed(7)
                        .clock(SimClock.fixed(Instant.parse("2026-03-10T12:00:00Z")))
                        .start()) {
            ZohoHttp zoho = new ZohoHttp(sim);
            List<JsonNode> pages =
                    zoho.scan(
                            "/crm/v8/Leads",
                            "fields=Email&sort_by=Modified_Time&sort_order=asc&converted=both",
                            Map.of());
            assertThat(zoho.get("/crm/v8/Leads?fields=Email&page=11").statusCode()).isEqualTo(400);

            JsonNode stats = get(sim, "/simulator/stats");

            assertThat(pages).hasSizeGreaterThan(20);
            assertThat(stats.at("/recordsCalls/Leads").asLong()).isEqualTo(pages.size() + 1);
            assertThat(stats.at("/recordsCallsWithPageToken/Leads").asLong())
                    .isEqualTo(pages.size() - 1);
            assertThat(stats.at("/apiCallsByStatus/200").asLong()).isEqualTo(pages.size());
            assertThat(stats.at("/apiCallsByStatus/400").asLong()).isEqualTo(1);
            assertThat(stats.at("/tokenCalls").asLong()).isEqualTo(1);
            assertThat(stats.at("/apiCalls").asLong()).isEqualTo(pages.size() + 1);
            assertThat(stats.at("/servingMillis").asLong())
                    .isEqualTo(sim.stats().servingTime().toMillis())
                    .isPositive();
        }
    }

    @Test
    void servesItsGroundTruthOfLeadSourceQuality() throws Exception {
        try (ZohoSimulator sim =
                ZohoSimulator.builder()
                        .scenario(Scenario.scale(3_000, 600))
                        .clock(SimClock.fixed(Instant.parse("2026-03-10T12:00:00Z")))
                        .start()) {
            JsonNode rows = get(sim, "/simulator/truth/lead_source_quality");

            assertThat(rows).hasSize(sim.truth().leadSourceQuality().size());
            long leads = 0;
            for (JsonNode row : rows) {
                leads += row.at("/columns/leads").asLong();
            }
            assertThat(leads).isEqualTo(sim.world().liveCount(CrmModule.LEADS));
            assertThat(rows.get(0).at("/columns/junkRate").isNumber()).isTrue();
        }
    }

    private static JsonNode get(ZohoSimulator sim, String path) throws Exception {
        HttpResponse<String> answer =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return ZohoHttp.json(answer);
    }
}
