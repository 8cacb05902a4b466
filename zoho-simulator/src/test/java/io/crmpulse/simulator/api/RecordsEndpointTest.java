package io.crmpulse.simulator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.simulator.SimClock;
import io.crmpulse.simulator.auth.AccessTokenStore;
import io.crmpulse.simulator.auth.OAuthCredentials;
import io.crmpulse.simulator.auth.TokenPolicy;
import io.crmpulse.simulator.world.CrmModule;
import io.crmpulse.simulator.world.CrmWorld;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordsEndpointTest {

    private final SimClock clock = SimClock.fixed(Instant.parse("2026-03-10T12:00:00Z"));
    private final CrmWorld world = new CrmWorld(1, clock);
    private final PageTokenRegistry pageTokens = new PageTokenRegistry();
    private final RecordsEndpoint endpoint =
            new RecordsEndpoint(
                    world,
                    clock,
                    new ApiSettings(
                            ZoneOffset.UTC,
                            OAuthCredentials.DEMO,
                            false,
                            200,
                            false,
                            true,
                            ApiSettings.ZOHO_PAGE_TOKEN_LIMIT),
                    pageTokens,
                    new SimulatorFaults(new AccessTokenStore(clock, TokenPolicy.ZOHO)));

    @Test
    void refusesPageTokensPastOneHundredThousandRecords() {
        world.createLeads(3);
        Map<String, String> query = Map.of("fields", "Email", "sort_by", "Modified_Time");
        PageTokenRegistry.Scan scan =
                pageTokens.newScan(ScanBinding.of(CrmModule.LEADS, "v8", query, null), null);
        String pastTheLimit = pageTokens.issue(scan, 100_000, clock.instant());
        Map<String, String> withToken = new HashMap<>(query);
        withToken.put("page_token", pastTheLimit);

        assertThatThrownBy(() -> endpoint.handle(request(withToken), "v8", CrmModule.LEADS))
                .isInstanceOfSatisfying(
                        ApiError.class,
                        e -> {
                            assertThat(e.code()).isEqualTo("PAGINATION_LIMIT_EXCEEDED");
                            assertThat(e.httpStatus()).isEqualTo(400);
                        });
    }

    @Test
    void aTokenJustBelowTheLimitStillReads() {
        world.createLeads(3);
        Map<String, String> query = Map.of("fields", "Email");
        PageTokenRegistry.Scan scan =
                pageTokens.newScan(ScanBinding.of(CrmModule.LEADS, "v8", query, null), null);
        Map<String, String> withToken = new HashMap<>(query);
        withToken.put("page_token", pageTokens.issue(scan, 99_999, clock.instant()));

        // Past the end of a 3-record world: an empty page, which Zoho answers with 204.
        assertThat(endpoint.handle(request(withToken), "v8", CrmModule.LEADS).status())
                .isEqualTo(204);
    }

    private static ApiRequest request(Map<String, String> query) {
        return new ApiRequest("GET", "/crm/v8/Leads", query, null, null, Map.of());
    }
}
