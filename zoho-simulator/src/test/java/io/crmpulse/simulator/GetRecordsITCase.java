package io.crmpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.simulator.world.CrmWorld;
import io.crmpulse.simulator.world.OrgCurrency;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GetRecordsITCase {

    private static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");

    private final SimClock clock = SimClock.fixed(T0);
    private ZohoSimulator sim;
    private ZohoHttp zoho;
    private CrmWorld world;

    private void start(ZohoSimulator.Builder builder) {
        sim = builder.clock(clock).scenario(Scenario.empty()).start();
        zoho = new ZohoHttp(sim);
        world = sim.world();
    }

    private void start() {
        start(ZohoSimulator.builder());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void everyAnswerIsDatedByTheSimulatorsClockNotTheHosts() {
        start();
        world.createLeads(1);
        clock.advance(Duration.ofDays(3));

        HttpResponse<String> page = zoho.get("/crm/v8/Leads?fields=Lead_Status");
        HttpResponse<String> refused = zoho.get("/crm/v8/Leads");

        assertThat(page.headers().allValues("Date"))
                .containsExactly("Fri, 13 Mar 2026 12:00:00 GMT");
        assertThat(refused.headers().firstValue("Date")).contains("Fri, 13 Mar 2026 12:00:00 GMT");
    }

    @Test
    void requiresFieldsFromVersionThreeOn() {
        start();
        world.createLeads(2);

        HttpResponse<String> v8 = zoho.get("/crm/v8/Leads");
        HttpResponse<String> v2 = zoho.get("/crm/v2/Leads");

        assertThat(v8.statusCode()).isEqualTo(400);
        assertThat(ZohoHttp.json(v8).get("code").asText()).isEqualTo("REQUIRED_PARAM_MISSING");
        assertThat(ZohoHttp.json(v8).get("status").asText()).isEqualTo("error");
        assertThat(v2.statusCode()).isEqualTo(200);
        assertThat(ZohoHttp.json(v2).get("data").get(0).has("Lead_Status")).isTrue();
    }

    @Test
    void rejectsMoreThanFiftyFields() {
        start();
        world.createLeads(1);
        String fifty =
                IntStream.range(0, 50).mapToObj(i -> "Field_" + i).collect(Collectors.joining(","));

        HttpResponse<String> tooMany = zoho.get("/crm/v8/Leads?fields=" + fifty + ",Email");
        HttpResponse<String> enough = zoho.get("/crm/v8/Leads?fields=" + fifty);

        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(ZohoHttp.json(tooMany).get("code").asText()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(enough.statusCode()).isEqualTo(200);
    }

    @Test
    void returnsOnlyTheRequestedFieldsPlusId() {
        start();
        String id = world.createLeads(1, "Chat", "Not Contacted").get(0);

        JsonNode lead =
                ZohoHttp.json(zoho.get("/crm/v8/Leads?fields=Lead_Source,Owner"))
                        .get("data")
                        .get(0);

        List<String> names = new ArrayList<>();
        lead.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("Lead_Source", "Owner", "id");
        assertThat(lead.get("id").asText()).isEqualTo(id).hasSize(19);
        assertThat(lead.get("Lead_Source").asText()).isEqualTo("Chat");
        assertThat(lead.get("Owner").get("id").asText())
                .isEqualTo(world.lead(id).orElseThrow().owner().id());
        assertThat(lead.get("Owner").has("email")).isTrue();
    }

    @Test
    void clampsPerPageToTwoHundred() {
        start();
        world.createLeads(250);

        JsonNode body = ZohoHttp.json(zoho.get("/crm/v8/Leads?fields=Last_Name&per_page=500"));

        assertThat(body.get("data")).hasSize(200);
        assertThat(body.get("info").get("per_page").asInt()).isEqualTo(200);
        assertThat(body.get("info").get("count").asInt()).isEqualTo(200);
        assertThat(body.get("info").get("more_records").asBoolean()).isTrue();
    }

    @Test
    void sortsByIdDescendingByDefault() {
        start();
        List<String> ids = world.createLeads(5);

        JsonNode body = ZohoHttp.json(zoho.get("/crm/v8/Leads?fields=Last_Name"));

        assertThat(idsOf(body)).containsExactlyElementsOf(reversed(ids));
        assertThat(body.get("info").get("sort_by").asText()).isEqualTo("id");
        assertThat(body.get("info").get("sort_order").asText()).isEqualTo("desc");
    }

    @Test
    void breaksModifiedTimeTiesByIdInTheSortDirection() {
        start();
        List<String> early = world.createLeads(3);
        clock.advance(Duration.ofSeconds(1));
        List<String> tied = world.createLeads(4);
        clock.advance(Duration.ofSeconds(1));
        world.editRecord("Leads", early.get(0));

        JsonNode asc =
                ZohoHttp.json(
                        zoho.get(
                                "/crm/v8/Leads?fields=Modified_Time&sort_by=Modified_Time&sort_order=asc"));
        JsonNode desc =
                ZohoHttp.json(zoho.get("/crm/v8/Leads?fields=Modified_Time&sort_by=Modified_Time"));

        List<String> expected = new ArrayList<>(early.subList(1, 3));
        expected.addAll(tied);
        expected.add(early.get(0));
        assertThat(idsOf(asc)).containsExactlyElementsOf(expected);
        assertThat(idsOf(desc)).containsExactlyElementsOf(reversed(expected));
    }

    @Test
    void filtersOnIfModifiedSinceInclusivelyAndAnswers304WhenNothingChanged() {
        start();
        world.createLeads(3);
        clock.advance(Duration.ofMinutes(5));
        List<String> edited = world.editLeads(2);
        Instant editTime = clock.instant();

        HttpResponse<String> since =
                zoho.get(
                        "/crm/v8/Leads?fields=Modified_Time",
                        Map.of("If-Modified-Since", "2026-03-10T17:35:00+05:30"));
        HttpResponse<String> after =
                zoho.get(
                        "/crm/v8/Leads?fields=Modified_Time",
                        Map.of("If-Modified-Since", editTime.plusSeconds(1).toString()));

        assertThat(since.statusCode()).isEqualTo(200);
        assertThat(idsOf(ZohoHttp.json(since))).containsExactlyInAnyOrderElementsOf(edited);
        assertThat(after.statusCode()).isEqualTo(304);
        assertThat(after.body()).isEmpty();
    }

    @Test
    void canTreatIfModifiedSinceAsExclusive() {
        start(ZohoSimulator.builder().ifModifiedSinceInclusive(false));
        world.createLeads(2);

        HttpResponse<String> sameSecond =
                zoho.get(
                        "/crm/v8/Leads?fields=Modified_Time",
                        Map.of("If-Modified-Since", "2026-03-10T12:00:00Z"));

        assertThat(sameSecond.statusCode()).isEqualTo(304);
    }

    @Test
    void answers204WithoutABodyWhenThereAreNoRecords() {
        start();

        HttpResponse<String> response = zoho.get("/crm/v8/Deals?fields=Stage");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void hidesConvertedLeadsUnlessAskedFor() {
        start();
        List<String> leads = world.createLeads(3, "Partner", "Contacted");
        world.convertLead(leads.get(0));

        JsonNode byDefault = ZohoHttp.json(zoho.get("/crm/v8/Leads?fields=Converted__s"));
        JsonNode onlyConverted =
                ZohoHttp.json(
                        zoho.get(
                                "/crm/v8/Leads?fields=Converted__s,Converted_Date_Time,Converted_Deal&converted=true"));
        JsonNode both = ZohoHttp.json(zoho.get("/crm/v8/Leads?fields=Converted__s&converted=both"));

        assertThat(idsOf(byDefault)).containsExactlyInAnyOrder(leads.get(1), leads.get(2));
        assertThat(idsOf(onlyConverted)).containsExactly(leads.get(0));
        JsonNode converted = onlyConverted.get("data").get(0);
        assertThat(converted.get("Converted__s").asBoolean()).isTrue();
        assertThat(converted.get("Converted_Date_Time").asText())
                .isEqualTo("2026-03-10T12:00:00+00:00");
        assertThat(converted.get("Converted_Deal").get("id").asText())
                .isEqualTo(world.lead(leads.get(0)).orElseThrow().convertedDeal().id());
        assertThat(idsOf(both)).hasSize(3);
        assertThat(ZohoHttp.json(zoho.get("/crm/v8/Deals?fields=Stage")).get("data")).hasSize(1);
    }

    @Test
    void rendersDatetimesInTheUserZoneWithTheOffsetOfEachInstant() {
        start(ZohoSimulator.builder().userTimeZone(ZoneId.of("America/Los_Angeles")));
        clock.set(Instant.parse("2026-03-08T07:59:59Z"));
        String beforeDst = world.createLeads(1).get(0);
        clock.set(Instant.parse("2026-03-08T10:00:00Z"));
        String afterDst = world.createLeads(1).get(0);

        JsonNode body =
                ZohoHttp.json(
                        zoho.get("/crm/v8/Leads?fields=Created_Time,Modified_Time&sort_order=asc"));

        assertThat(idsOf(body)).containsExactly(beforeDst, afterDst);
        assertThat(body.get("data").get(0).get("Created_Time").asText())
                .isEqualTo("2026-03-07T23:59:59-08:00");
        assertThat(body.get("data").get(1).get("Modified_Time").asText())
                .isEqualTo("2026-03-08T03:00:00-07:00");
    }

    @Test
    void rendersDealsWithZohoFieldShapes() {
        start(ZohoSimulator.builder().userTimeZone(ZoneId.of("Asia/Kolkata")));
        String id =
                world.createDeal(
                        "Trade Show",
                        "Proposal/Price Quote",
                        new BigDecimal("12500"),
                        OrgCurrency.USD,
                        world.reps().get(0));

        JsonNode deal =
                ZohoHttp.json(
                                zoho.get(
                                        "/crm/v8/Deals?fields=Deal_Name,Stage,Amount,Currency,Exchange_Rate,Probability,Closing_Date,Pipeline,Created_Time"))
                        .get("data")
                        .get(0);

        assertThat(deal.get("id").asText()).isEqualTo(id);
        assertThat(deal.get("Stage").asText()).isEqualTo("Proposal/Price Quote");
        assertThat(deal.get("Amount").isNumber()).isTrue();
        assertThat(deal.get("Amount").decimalValue()).isEqualByComparingTo("12500");
        assertThat(deal.get("Currency").asText()).isEqualTo("USD");
        assertThat(deal.get("Exchange_Rate").decimalValue()).isEqualByComparingTo("0.012");
        assertThat(deal.get("Probability").asInt()).isEqualTo(75);
        assertThat(deal.get("Closing_Date").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(deal.get("Pipeline").asText()).isEqualTo("Standard (Standard)");
        assertThat(deal.get("Created_Time").asText()).isEqualTo("2026-03-10T17:30:00+05:30");
    }

    @Test
    void answersPageTokenMisuseWithZohoErrorCodes() {
        start();
        world.createLeads(5);
        String query = "fields=Last_Name&per_page=2&sort_by=Modified_Time";
        JsonNode first = ZohoHttp.json(zoho.get("/crm/v8/Leads?" + query));
        String token = first.get("info").get("next_page_token").asText();

        assertThat(errorCode(zoho.get("/crm/v8/Leads?" + query + "&page_token=garbage")))
                .isEqualTo("INVALID_DATA");
        assertThat(errorCode(zoho.get("/crm/v8/Leads?" + query + "&page=2&page_token=" + token)))
                .isEqualTo("AMBIGUITY_DURING_PROCESSING");
        assertThat(
                        errorCode(
                                zoho.get(
                                        "/crm/v8/Leads?fields=Email&per_page=2&sort_by=Modified_Time&page_token="
                                                + token)))
                .isEqualTo("TOKEN_BOUND_DATA_MISMATCH");
        assertThat(
                        errorCode(
                                zoho.get(
                                        "/crm/v8/Leads?" + query + "&page_token=" + token,
                                        Map.of("If-Modified-Since", "2026-03-01T00:00:00Z"))))
                .isEqualTo("TOKEN_BOUND_DATA_MISMATCH");
        assertThat(zoho.get("/crm/v8/Leads?" + query + "&page_token=" + token).statusCode())
                .isEqualTo(200);

        clock.advance(Duration.ofHours(24));
        ZohoHttp fresh = new ZohoHttp(sim);
        assertThat(errorCode(fresh.get("/crm/v8/Leads?" + query + "&page_token=" + token)))
                .isEqualTo("EXPIRED_VALUE");
    }

    @Test
    void describesEachPageInTheInfoBlock() {
        start();
        world.createLeads(5);
        String query = "fields=Last_Name&per_page=2";

        JsonNode first = ZohoHttp.json(zoho.get("/crm/v8/Leads?" + query));
        JsonNode second =
                ZohoHttp.json(
                        zoho.get(
                                "/crm/v8/Leads?"
                                        + query
                                        + "&page_token="
                                        + first.get("info").get("next_page_token").asText()));
        JsonNode last = ZohoHttp.json(zoho.get("/crm/v8/Leads?" + query + "&page=3"));

        JsonNode info = first.get("info");
        assertThat(info.get("count").asInt()).isEqualTo(2);
        assertThat(info.get("page").asInt()).isEqualTo(1);
        assertThat(info.get("more_records").asBoolean()).isTrue();
        assertThat(info.get("previous_page_token").isNull()).isTrue();
        assertThat(info.get("page_token_expiry").asText()).isEqualTo("2026-03-11T12:00:00+00:00");
        assertThat(info.get("call").asBoolean()).isFalse();
        assertThat(info.get("email").asBoolean()).isFalse();
        assertThat(second.get("info").get("previous_page_token").isNull()).isFalse();
        JsonNode lastInfo = last.get("info");
        assertThat(lastInfo.get("count").asInt()).isEqualTo(1);
        assertThat(lastInfo.get("page").asInt()).isEqualTo(3);
        assertThat(lastInfo.get("more_records").asBoolean()).isFalse();
        assertThat(lastInfo.get("next_page_token").isNull()).isTrue();
        assertThat(lastInfo.get("previous_page_token").isNull()).isTrue();
        assertThat(lastInfo.get("page_token_expiry").isNull()).isTrue();
    }

    @Test
    void rejectsUnsupportedSortsModulesAndPaths() {
        start();
        world.createLeads(1);

        assertThat(errorCode(zoho.get("/crm/v8/Leads?fields=Email&sort_by=Last_Name")))
                .isEqualTo("INVALID_DATA");
        assertThat(errorCode(zoho.get("/crm/v8/Leads?fields=Email&converted=maybe")))
                .isEqualTo("INVALID_DATA");
        HttpResponse<String> contacts = zoho.get("/crm/v8/Contacts?fields=Email");
        assertThat(contacts.statusCode()).isEqualTo(400);
        assertThat(ZohoHttp.json(contacts).get("code").asText()).isEqualTo("INVALID_MODULE");
        HttpResponse<String> notes = zoho.get("/crm/v8/Leads/123/Notes");
        assertThat(notes.statusCode()).isEqualTo(404);
        assertThat(ZohoHttp.json(notes).get("code").asText()).isEqualTo("INVALID_URL_PATTERN");
        assertThat(zoho.get("/crm/v9/Leads?fields=Email").statusCode()).isEqualTo(404);
    }

    @Test
    void answersTheRootWithAStatusLine() {
        start();
        world.createLeads(3);

        HttpResponse<String> root = zoho.getWithToken("/", null, Map.of());

        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(root.body())
                .startsWith("Zoho CRM simulator: scenario=empty seed=42 port=" + sim.port())
                .contains("leads=3 deals=0");
    }

    private static String errorCode(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = ZohoHttp.json(response);
        assertThat(body.get("status").asText()).isEqualTo("error");
        assertThat(body.has("details")).isTrue();
        assertThat(body.has("message")).isTrue();
        return body.get("code").asText();
    }

    static List<String> idsOf(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.get("data").forEach(record -> ids.add(record.get("id").asText()));
        return ids;
    }

    private static List<String> reversed(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
