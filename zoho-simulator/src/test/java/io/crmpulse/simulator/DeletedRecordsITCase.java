package io.crmpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.simulator.world.CrmWorld;
import io.crmpulse.simulator.world.Lead;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeletedRecordsITCase {

    private final SimClock clock = SimClock.fixed(Instant.parse("2026-03-10T12:00:00Z"));
    private ZohoSimulator sim;
    private ZohoHttp zoho;
    private CrmWorld world;

    @BeforeEach
    void start() {
        sim = ZohoSimulator.builder().scenario(Scenario.empty()).clock(clock).start();
        zoho = new ZohoHttp(sim);
        world = sim.world();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void listsDeletionsMostRecentFirstWithoutNamesForPermanentOnes() {
        List<String> ids = world.createLeads(3);
        Lead recycled = world.lead(ids.get(0)).orElseThrow();
        clock.advance(Duration.ofMinutes(1));
        world.deleteRecord("Leads", ids.get(0));
        clock.advance(Duration.ofMinutes(1));
        world.deleteRecordPermanently("Leads", ids.get(1));

        HttpResponse<String> response = zoho.get("/crm/v8/Leads/deleted?type=all");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = ZohoHttp.json(response);
        assertThat(GetRecordsITCase.idsOf(body)).containsExactly(ids.get(1), ids.get(0));
        JsonNode permanent = body.get("data").get(0);
        assertThat(permanent.get("type").asText()).isEqualTo("permanent");
        assertThat(permanent.get("deleted_by").isNull()).isTrue();
        assertThat(permanent.get("display_name").isNull()).isTrue();
        assertThat(permanent.get("created_by").isNull()).isTrue();
        assertThat(permanent.get("deleted_time").asText()).isEqualTo("2026-03-10T12:02:00+00:00");
        JsonNode recycle = body.get("data").get(1);
        assertThat(recycle.get("type").asText()).isEqualTo("recycle");
        assertThat(recycle.get("display_name").asText()).isEqualTo(recycled.fullName());
        assertThat(recycle.get("deleted_by").get("id").asText()).isEqualTo(recycled.owner().id());
        assertThat(recycle.get("created_by").get("name").asText())
                .isEqualTo(recycled.owner().name());
        assertThat(body.get("info").toString())
                .isEqualTo("{\"per_page\":200,\"count\":2,\"page\":1,\"more_records\":false}");
        assertThat(GetRecordsITCase.idsOf(ZohoHttp.json(zoho.get("/crm/v8/Leads?fields=Email"))))
                .containsExactly(ids.get(2));
        assertThat(sim.stats().deletedCalls("Leads")).isEqualTo(1);
    }

    @Test
    void filtersByTypeAndByIfModifiedSinceOnDeletedTime() {
        List<String> ids = world.createDeals(3);
        world.deleteRecord("Deals", ids.get(0));
        clock.advance(Duration.ofHours(1));
        world.deleteRecord("Deals", ids.get(1));
        world.deleteRecordPermanently("Deals", ids.get(2));

        JsonNode recycle = ZohoHttp.json(zoho.get("/crm/v8/Deals/deleted?type=recycle"));
        JsonNode recent =
                ZohoHttp.json(
                        zoho.get(
                                "/crm/v8/Deals/deleted",
                                Map.of("If-Modified-Since", "2026-03-10T13:00:00Z")));
        HttpResponse<String> nothingNewer =
                zoho.get(
                        "/crm/v8/Deals/deleted",
                        Map.of("If-Modified-Since", "2026-03-10T13:00:01Z"));

        assertThat(GetRecordsITCase.idsOf(recycle)).containsExactly(ids.get(1), ids.get(0));
        assertThat(GetRecordsITCase.idsOf(recent))
                .containsExactlyInAnyOrder(ids.get(1), ids.get(2));
        assertThat(nothingNewer.statusCode()).isEqualTo(304);
        assertThat(nothingNewer.body()).isEmpty();
    }

    @Test
    void answers204WhenNothingWasDeletedAndRejectsAnUnknownType() {
        world.createLeads(1);

        HttpResponse<String> none = zoho.get("/crm/v8/Leads/deleted");
        HttpResponse<String> badType = zoho.get("/crm/v8/Leads/deleted?type=archived");

        assertThat(none.statusCode()).isEqualTo(204);
        assertThat(none.body()).isEmpty();
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(ZohoHttp.json(badType).get("code").asText()).isEqualTo("PATTERN_NOT_MATCHED");
    }

    @Test
    void restoringARecordRemovesItFromDeletedAndBumpsModifiedTime() {
        String id = world.createLeads(1).get(0);
        world.deleteRecord("Leads", id);
        clock.advance(Duration.ofMinutes(10));

        world.restoreRecord("Leads", id);

        assertThat(zoho.get("/crm/v8/Leads/deleted").statusCode()).isEqualTo(204);
        assertThat(sim.truth().liveRecords("Leads"))
                .containsEntry(id, Instant.parse("2026-03-10T12:10:00Z"));
        assertThat(sim.truth().deletedIds("Leads")).isEmpty();
    }

    @Test
    void forgetsRecycleBinEntriesAfterSixtyDaysAndPermanentOnesAfterOneHundredTwenty() {
        List<String> ids = world.createLeads(2);
        world.deleteRecord("Leads", ids.get(0));
        world.deleteRecordPermanently("Leads", ids.get(1));

        clock.advance(Duration.ofDays(61));
        assertThat(
                        GetRecordsITCase.idsOf(
                                ZohoHttp.json(new ZohoHttp(sim).get("/crm/v8/Leads/deleted"))))
                .containsExactly(ids.get(1));
        clock.advance(Duration.ofDays(60));
        assertThat(new ZohoHttp(sim).get("/crm/v8/Leads/deleted").statusCode()).isEqualTo(204);
        assertThat(sim.truth().deletedIds("Leads")).containsExactlyInAnyOrderElementsOf(ids);
    }
}
