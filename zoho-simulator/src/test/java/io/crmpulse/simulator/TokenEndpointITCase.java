package io.crmpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmpulse.simulator.scenario.Scenario;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenEndpointITCase {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final String LEADS = "/crm/v8/Leads?fields=Last_Name";

    private final SimClock clock = SimClock.fixed(NOW);
    private ZohoSimulator sim;

    private ZohoHttp start(ZohoSimulator.Builder builder) {
        sim = builder.clock(clock).scenario(Scenario.empty()).start();
        sim.world().createLeads(1);
        return new ZohoHttp(sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void grantsAnAccessTokenForARefreshTokenInAFormBody() {
        ZohoHttp zoho = start(ZohoSimulator.builder());

        HttpResponse<String> response = zoho.postToken(zoho.refreshForm());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = ZohoHttp.json(response);
        assertThat(body.get("access_token").asText()).startsWith("1000.");
        assertThat(body.get("api_domain").asText()).isEqualTo(sim.baseUrl());
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(body.has("expires_in_sec")).isFalse();
        assertThat(sim.stats().tokenCalls()).isEqualTo(1);
    }

    @Test
    void grantsAnAccessTokenForParametersInTheQueryString() {
        ZohoHttp zoho = start(ZohoSimulator.builder());

        HttpResponse<String> response = new ZohoHttp(sim).postTokenWithQuery(zoho.refreshForm());

        assertThat(ZohoHttp.json(response).has("access_token")).isTrue();
    }

    @Test
    void answersWrongCredentialsWithErrorBodiesAndHttp200() {
        ZohoHttp zoho = start(ZohoSimulator.builder());

        HttpResponse<String> wrongRefresh =
                zoho.postToken(zoho.refreshForm().replace("demo-refresh", "revoked"));
        HttpResponse<String> wrongSecret =
                zoho.postToken(zoho.refreshForm().replace("demo-secret", "guess"));

        assertThat(wrongRefresh.statusCode()).isEqualTo(200);
        assertThat(wrongRefresh.body()).isEqualTo("{\"error\":\"invalid_code\"}");
        assertThat(wrongSecret.statusCode()).isEqualTo(200);
        assertThat(wrongSecret.body()).isEqualTo("{\"error\":\"invalid_client\"}");
    }

    @Test
    void deniesTheEleventhMintWithinTenMinutesAndAllowsItOnceTheWindowMoves() {
        ZohoHttp zoho = start(ZohoSimulator.builder());
        for (int i = 0; i < 10; i++) {
            zoho.mint();
            clock.advance(Duration.ofSeconds(30));
        }

        HttpResponse<String> eleventh = zoho.postToken(zoho.refreshForm());

        assertThat(eleventh.statusCode()).isEqualTo(200);
        assertThat(eleventh.body())
                .isEqualTo(
                        "{\"error_description\":\"You have made too many requests continuously."
                                + " Please try again after some time.\",\"error\":\"Access"
                                + " Denied\",\"status\":\"failure\"}");
        clock.advance(Duration.ofMinutes(5).plusSeconds(31));
        assertThat(ZohoHttp.json(zoho.postToken(zoho.refreshForm())).has("access_token")).isTrue();
    }

    @Test
    void mintingTheSixteenthLiveTokenInvalidatesTheOldest() {
        ZohoHttp zoho = start(ZohoSimulator.builder().tokenMintLimit(100));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            tokens.add(zoho.mint());
        }

        assertThat(zoho.getWithToken(LEADS, tokens.get(0), Map.of()).statusCode()).isEqualTo(401);
        assertThat(zoho.getWithToken(LEADS, tokens.get(1), Map.of()).statusCode()).isEqualTo(200);
        assertThat(zoho.getWithToken(LEADS, tokens.get(15), Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void rejectsAnExpiredTokenWithInvalidToken() {
        ZohoHttp zoho = start(ZohoSimulator.builder().tokenTtl(Duration.ofMinutes(5)));
        String token = zoho.mint();
        assertThat(zoho.getWithToken(LEADS, token, Map.of()).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(5));
        HttpResponse<String> expired = zoho.getWithToken(LEADS, token, Map.of());

        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body())
                .isEqualTo(
                        "{\"code\":\"INVALID_TOKEN\",\"details\":{},\"message\":\"invalid oauth"
                                + " token\",\"status\":\"error\"}");
    }

    @Test
    void expiresEveryLiveTokenOnDemand() {
        ZohoHttp zoho = start(ZohoSimulator.builder());
        String token = zoho.mint();

        sim.faults().expireAccessTokens();

        assertThat(zoho.getWithToken(LEADS, token, Map.of()).statusCode()).isEqualTo(401);
        assertThat(zoho.getWithToken(LEADS, zoho.mint(), Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void rejectsAMissingOrUnknownTokenAndAcceptsBearer() {
        ZohoHttp zoho = start(ZohoSimulator.builder());
        String token = zoho.mint();

        assertThat(zoho.getWithToken(LEADS, null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(zoho.getWithToken(LEADS, "1000.forged", Map.of()).statusCode()).isEqualTo(401);
        assertThat(
                        zoho.getWithToken(LEADS, null, Map.of("Authorization", "Bearer " + token))
                                .statusCode())
                .isEqualTo(200);
    }

    @Test
    void answersInLegacyUnitsWhenAsked() {
        ZohoHttp zoho = start(ZohoSimulator.builder().legacyTokenExpiry(true));

        JsonNode body = ZohoHttp.json(zoho.postToken(zoho.refreshForm()));

        assertThat(body.get("expires_in_sec").asLong()).isEqualTo(3600);
        assertThat(body.get("expires_in").asLong()).isEqualTo(3_600_000);
    }

    @Test
    void servesInjectedTokenErrorsInOrderThenGrantsAgain() {
        ZohoHttp zoho = start(ZohoSimulator.builder());
        sim.faults().tokenErrorNext("Access Denied");
        sim.faults().tokenErrorNext("invalid_client");
        sim.faults().tokenWithoutExpiresInNext();

        assertThat(ZohoHttp.json(zoho.postToken(zoho.refreshForm())).get("error").asText())
                .isEqualTo("Access Denied");
        assertThat(ZohoHttp.json(zoho.postToken(zoho.refreshForm())).get("error").asText())
                .isEqualTo("invalid_client");
        JsonNode granted = ZohoHttp.json(zoho.postToken(zoho.refreshForm()));
        assertThat(granted.has("access_token")).isTrue();
        assertThat(granted.has("expires_in")).isFalse();
    }

    @Test
    void canAnswerTokenErrorsWithHttp400() {
        ZohoHttp zoho = start(ZohoSimulator.builder().tokenErrorHttpStatus(400));

        HttpResponse<String> response =
                zoho.postToken(zoho.refreshForm().replace("demo-refresh", "revoked"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(ZohoHttp.json(response).get("error").asText()).isEqualTo("invalid_code");
    }
}
