package io.crmpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.simulator.api.ServedRequest;
import io.crmpulse.simulator.scenario.Scenario;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultInjectionITCase {

    private static final String LEADS = "/crm/v8/Leads?fields=Last_Name";

    private ZohoSimulator sim;
    private ZohoHttp zoho;

    @BeforeEach
    void start() {
        sim =
                ZohoSimulator.builder()
                        .scenario(Scenario.empty())
                        .clock(SimClock.fixed(Instant.parse("2026-03-10T12:00:00Z")))
                        .start();
        sim.world().createLeads(2);
        zoho = new ZohoHttp(sim);
        zoho.mint();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void failsTheNextCallsWith429AndNoRetryAfterThenRecovers() {
        sim.faults().failNextCalls(2, 429);

        HttpResponse<String> first = zoho.get(LEADS);
        HttpResponse<String> second = zoho.get(LEADS);
        HttpResponse<String> third = zoho.get(LEADS);

        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).isEmpty();
        assertThat(ZohoHttp.json(first).get("code").asText()).isEqualTo("TOO_MANY_REQUESTS");
        assertThat(ZohoHttp.json(first).get("details").isObject()).isTrue();
        assertThat(ZohoHttp.json(first).get("status").asText()).isEqualTo("error");
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(third.statusCode()).isEqualTo(200);
    }

    @Test
    void sendsRetryAfterInSecondsWhenAsked() {
        sim.faults().failNextCalls(1, 429, Duration.ofMillis(29_500));

        HttpResponse<String> response = zoho.get(LEADS);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("30");
    }

    @Test
    void failsWithInternalError() {
        sim.faults().failNextCalls(1, 500);

        HttpResponse<String> response = zoho.get("/crm/v8/Deals/deleted");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body())
                .isEqualTo(
                        "{\"code\":\"INTERNAL_ERROR\",\"details\":{},\"message\":\"Internal"
                                + " Server Error\",\"status\":\"error\"}");
    }

    @Test
    void answersWithAnHtmlPageAndStatus200AsAProxyWould() {
        sim.faults().htmlNextCalls(1);

        HttpResponse<String> response = zoho.get(LEADS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).startsWith("<!DOCTYPE html>");
    }

    @Test
    void servesArmedFaultsInTheOrderTheyWereArmed() {
        sim.faults().failNextCalls(1, 500);
        sim.faults().htmlNextCalls(1);

        assertThat(zoho.get(LEADS).statusCode()).isEqualTo(500);
        assertThat(zoho.get(LEADS).body()).startsWith("<!DOCTYPE html>");
        assertThat(zoho.get(LEADS).statusCode()).isEqualTo(200);
    }

    @Test
    void delaysTheNextCallsAndThenAnswersAtOnce() {
        sim.faults().slowNextCalls(1, Duration.ofMillis(400));

        long started = System.nanoTime();
        HttpResponse<String> slow = zoho.get(LEADS);
        long slowMillis = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        zoho.get(LEADS);
        long fastMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(slow.statusCode()).isEqualTo(200);
        assertThat(slowMillis).isGreaterThanOrEqualTo(400);
        assertThat(fastMillis).isLessThan(400);
    }

    @Test
    void faultsLeaveTheTokenEndpointAlone() {
        sim.faults().failNextCalls(1, 429);

        String token = zoho.mint();

        assertThat(token).startsWith("1000.");
        assertThat(zoho.get(LEADS).statusCode()).isEqualTo(429);
    }

    @Test
    void countsEveryCallThatReachedAHandlerIncludingFailures() {
        sim.stats().reset();
        sim.faults().failNextCalls(1, 429);

        zoho.get(LEADS);
        zoho.get(LEADS);
        zoho.get("/crm/v8/Leads");
        zoho.get("/crm/v8/Leads/deleted", Map.of("If-Modified-Since", "2026-03-10T00:00:00Z"));
        zoho.get("/crm/v8/Nope/deep/path");
        zoho.mint();

        assertThat(sim.stats().recordsCalls("Leads")).isEqualTo(3);
        assertThat(sim.stats().deletedCalls("Leads")).isEqualTo(1);
        assertThat(sim.stats().totalApiCalls()).isEqualTo(5);
        assertThat(sim.stats().tokenCalls()).isEqualTo(1);
        List<ServedRequest> recent = sim.stats().recentApiRequests();
        assertThat(recent)
                .extracting(ServedRequest::status)
                .containsExactly(429, 200, 400, 304, 404);
        assertThat(recent.get(0).query()).containsEntry("fields", "Last_Name");
        assertThat(recent.get(3).ifModifiedSince()).isEqualTo("2026-03-10T00:00:00Z");
    }
}
