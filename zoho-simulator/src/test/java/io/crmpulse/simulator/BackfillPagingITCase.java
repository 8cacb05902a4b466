package io.crmpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmpulse.simulator.scenario.Scenario;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads the quiet backfill world the way an incremental poller does. */
class BackfillPagingITCase {

    private static final String LEADS_SCAN =
            "fields=Modified_Time,Lead_Status&sort_by=Modified_Time&sort_order=asc&per_page=200&converted=both";

    private static ZohoSimulator sim;
    private static ZohoHttp zoho;

    @BeforeAll
    static void start() {
        sim =
                ZohoSimulator.builder()
                        .scenario(Scenario.named("backfill"))
                        .seed(7)
                        .userTimeZone(ZoneId.of("Asia/Kolkata"))
                        .clock(SimClock.fixed(Instant.parse("2026-03-10T12:00:00Z")))
                        .start();
        zoho = new ZohoHttp(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void refusesPagesPastTheTwoThousandWallWithZohosExactBody() {
        HttpResponse<String> page11 =
                zoho.get("/crm/v8/Leads?fields=Last_Name&converted=both&page=11");

        assertThat(page11.statusCode()).isEqualTo(400);
        assertThat(page11.body())
                .isEqualTo(
                        "{\"code\":\"DISCRETE_PAGINATION_LIMIT_EXCEEDED\",\"details\":{\"limit\":2000},"
                                + "\"message\":\"You can only get the first 2000 records without"
                                + " using page_token param\",\"status\":\"error\"}");
    }

    @Test
    void servesPastTheTwoThousandWallWithPageTokens() {
        String query = "fields=Last_Name&converted=both&sort_order=asc";
        JsonNode page10 = ZohoHttp.json(zoho.get("/crm/v8/Leads?" + query + "&page=10"));
        String token = page10.get("info").get("next_page_token").asText();

        JsonNode records2001To2200 =
                ZohoHttp.json(zoho.get("/crm/v8/Leads?" + query + "&page_token=" + token));

        List<String> allIds = new ArrayList<>(sim.truth().liveRecords("Leads").keySet());
        assertThat(GetRecordsITCase.idsOf(records2001To2200))
                .containsExactlyElementsOf(allIds.subList(2000, 2200));
    }

    @Test
    void pagingWithTokensReturnsEveryLiveRecordExactlyOnce() {
        List<JsonNode> pages = zoho.scan("/crm/v8/Leads", LEADS_SCAN, Map.of());

        Map<String, Instant> seen = new HashMap<>();
        List<Instant> order = new ArrayList<>();
        int rows = 0;
        for (JsonNode page : pages) {
            for (JsonNode lead : page.get("data")) {
                Instant modified =
                        OffsetDateTime.parse(lead.get("Modified_Time").asText()).toInstant();
                seen.put(lead.get("id").asText(), modified);
                order.add(modified);
                rows++;
            }
        }
        Map<String, Instant> truth = sim.truth().liveRecords("Leads");
        assertThat(truth).hasSizeGreaterThan(5000);
        assertThat(rows).isEqualTo(truth.size());
        assertThat(seen).isEqualTo(truth);
        assertThat(order).isSorted();
        assertThat(pages).hasSize((truth.size() + 199) / 200);
    }

    @Test
    void tiesOfTheMassTransferStraddlePageBoundaries() {
        List<JsonNode> pages = zoho.scan("/crm/v8/Leads", LEADS_SCAN, Map.of());

        Map<String, Set<Integer>> pagesBySecond = new HashMap<>();
        Map<String, Integer> rowsBySecond = new HashMap<>();
        for (int p = 0; p < pages.size(); p++) {
            for (JsonNode lead : pages.get(p).get("data")) {
                String second = lead.get("Modified_Time").asText();
                pagesBySecond.computeIfAbsent(second, k -> new HashSet<>()).add(p);
                rowsBySecond.merge(second, 1, Integer::sum);
            }
        }
        String biggestTie =
                rowsBySecond.entrySet().stream()
                        .max(Map.Entry.comparingByValue())
                        .orElseThrow()
                        .getKey();
        assertThat(rowsBySecond.get(biggestTie)).isGreaterThanOrEqualTo(300);
        assertThat(pagesBySecond.get(biggestTie)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void pagesDealsAndCountsEveryCall() {
        long before = sim.stats().recordsCalls("Deals");

        List<JsonNode> pages =
                zoho.scan(
                        "/crm/v8/Deals",
                        "fields=Stage,Amount,Modified_Time&sort_by=Modified_Time&sort_order=asc",
                        Map.of());

        Set<String> ids = new HashSet<>();
        pages.forEach(page -> ids.addAll(GetRecordsITCase.idsOf(page)));
        assertThat(ids)
                .isEqualTo(sim.truth().liveRecords("Deals").keySet())
                .hasSizeGreaterThan(1000);
        assertThat(sim.stats().recordsCalls("Deals") - before).isEqualTo(pages.size());
    }
}
