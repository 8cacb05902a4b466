package io.crmpulse.zoho.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.crmpulse.zoho.testutils.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ZohoAccessTokenManagerTest {

    private static final Instant START = Instant.parse("2026-03-08T10:15:30Z");
    private static final ZohoCredentials CREDENTIALS =
            ZohoCredentials.of("1000.CLIENTID42", "s3cret", "1000.refresh.token");

    private final MockWebServer accounts = new MockWebServer();
    private final MutableClock clock = new MutableClock(START);
    private final List<String> calls = new ArrayList<>();
    private final OkHttpClient http =
            new OkHttpClient.Builder().readTimeout(2, TimeUnit.SECONDS).build();
    private ZohoAccessTokenManager tokens;

    @BeforeEach
    void startAccountsServer() throws IOException {
        // A port of an earlier test's server may come round again, with its cached token.
        ZohoAccessTokenManager.forgetSharedTokens();
        accounts.start();
        tokens = manager(config());
    }

    @AfterEach
    void stopAccountsServer() throws IOException {
        accounts.shutdown();
    }

    @Test
    void postsTheRefreshTokenGrantAsAForm() throws Exception {
        accounts.enqueue(json(ZohoBodies.token("1000.tok1", "https://www.zohoapis.eu")));

        ZohoAccessToken token = tokens.accessToken("Leads");

        RecordedRequest request = accounts.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/oauth/v2/token");
        assertThat(request.getHeader("Content-Type"))
                .startsWith("application/x-www-form-urlencoded");
        assertThat(request.getBody().readUtf8())
                .isEqualTo(
                        "grant_type=refresh_token&client_id=1000.CLIENTID42"
                                + "&client_secret=s3cret&refresh_token=1000.refresh.token");
        assertThat(token.value()).isEqualTo("1000.tok1");
        assertThat(token.apiDomain()).isEqualTo("https://www.zohoapis.eu");
        assertThat(token.expiresAt()).isEqualTo(START.plus(Duration.ofHours(1)));
        assertThat(token.refreshAt()).isEqualTo(START.plus(Duration.ofMinutes(55)));
        assertThat(token.toString()).doesNotContain("1000.tok1");
        assertThat(calls).containsExactly("Leads token 200");
    }

    @Test
    void oneMintServesEveryCallUntilFiveMinutesBeforeExpiry() throws Exception {
        accounts.enqueue(json(ZohoBodies.token("1000.tok1", "https://www.zohoapis.com")));
        accounts.enqueue(json(ZohoBodies.token("1000.tok2", "https://www.zohoapis.com")));

        for (int i = 0; i < 10; i++) {
            assertThat(tokens.accessToken("Leads").value()).isEqualTo("1000.tok1");
        }
        clock.advance(Duration.ofMinutes(54).plusSeconds(59));
        assertThat(tokens.accessToken("Deals").value()).isEqualTo("1000.tok1");
        assertThat(accounts.getRequestCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.accessToken("Deals").value()).isEqualTo("1000.tok2");
        assertThat(accounts.getRequestCount()).isEqualTo(2);
        assertThat(calls).containsExactly("Leads token 200", "Deals token 200");
    }

    @Test
    void refreshesAShortLivedTokenAtHalfItsLife() {
        accounts.enqueue(
                json(
                        "{\"access_token\":\"1000.short\",\"expires_in\":300,\"token_type\":\"Bearer\"}"));

        ZohoAccessToken token = tokens.accessToken("Leads");

        // 5 min of life is less than twice the 5 min margin: refreshing at expiry - margin would
        // mean refreshing at once, on every call.
        assertThat(token.expiresAt()).isEqualTo(START.plusSeconds(300));
        assertThat(token.refreshAt()).isEqualTo(START.plusSeconds(150));
    }

    @Test
    void readsExpiresInAsMillisecondsWhenTheLegacyExpiresInSecIsPresent() {
        accounts.enqueue(
                json(
                        "{\"access_token\":\"1000.legacy\",\"api_domain\":\"https://www.zohoapis.com\","
                                + "\"token_type\":\"Bearer\",\"expires_in_sec\":3600,"
                                + "\"expires_in\":3600000}"));

        ZohoAccessToken token = tokens.accessToken("Leads");

        assertThat(token.expiresAt()).isEqualTo(START.plus(Duration.ofHours(1)));
        assertThat(token.refreshAt()).isEqualTo(START.plus(Duration.ofMinutes(55)));
    }

    @Test
    void assumesAnHourWhenExpiresInIsMissing() {
        accounts.enqueue(json("{\"access_token\":\"1000.tok1\",\"token_type\":\"Bearer\"}"));

        ZohoAccessToken token = tokens.accessToken("Leads");

        assertThat(token.expiresAt()).isEqualTo(START.plus(Duration.ofHours(1)));
        assertThat(token.apiDomain()).isNull();
    }

    @Test
    void mintsANewTokenAfterInvalidate() {
        accounts.enqueue(json(ZohoBodies.token("1000.tok1", "https://www.zohoapis.com")));
        accounts.enqueue(json(ZohoBodies.token("1000.tok2", "https://www.zohoapis.com")));

        ZohoAccessToken refused = tokens.accessToken("Leads");
        assertThat(refused.value()).isEqualTo("1000.tok1");
        tokens.invalidate(refused);

        assertThat(tokens.accessToken("Leads").value()).isEqualTo("1000.tok2");
        assertThat(accounts.getRequestCount()).isEqualTo(2);
    }

    @Test
    void staysAwayFromTheTokenEndpointAfterAccessDeniedUntilTheBackOffPasses() {
        accounts.enqueue(json(ZohoBodies.ACCESS_DENIED));
        accounts.enqueue(json(ZohoBodies.token("1000.tok1", "https://www.zohoapis.com")));

        ZohoApiException first = catchThrowableOfType(ZohoApiException.class, this::mint);
        assertThat(first.kind()).isEqualTo(ZohoApiException.Kind.RETRY_LATER);
        assertThat(first.zohoCode()).contains("Access Denied");
        assertThat(first.retryAfter()).contains(Duration.ofMinutes(10));
        assertThat(first.isTokenRefresh()).as("marked for the data-health alert").isTrue();
        assertThat(first.getMessage())
                .contains("You have made too many requests continuously")
                .contains("not asking for a token again before 2026-03-08T10:25:30Z");

        clock.advance(Duration.ofMinutes(9));
        ZohoApiException second = catchThrowableOfType(ZohoApiException.class, this::mint);
        assertThat(second.kind()).isEqualTo(ZohoApiException.Kind.RETRY_LATER);
        assertThat(second.zohoCode()).contains("Access Denied");
        assertThat(second.retryAfter()).contains(Duration.ofMinutes(1));
        assertThat(accounts.getRequestCount()).isEqualTo(1);
        assertThat(calls).containsExactly("Leads token 200");

        clock.advance(Duration.ofMinutes(1));
        assertThat(tokens.accessToken("Leads").value()).isEqualTo("1000.tok1");
        assertThat(accounts.getRequestCount()).isEqualTo(2);
    }

    @Test
    void honoursAnAccessDeniedWithHttp400AndALongerRetryAfter() {
        accounts.enqueue(
                json(ZohoBodies.ACCESS_DENIED)
                        .setResponseCode(400)
                        .setHeader("Retry-After", "900"));

        ZohoApiException denied = catchThrowableOfType(ZohoApiException.class, this::mint);

        assertThat(denied.retryAfter()).contains(Duration.ofMinutes(15));
        clock.advance(Duration.ofMinutes(14));
        assertThatThrownBy(this::mint).isInstanceOf(ZohoApiException.class);
        assertThat(accounts.getRequestCount()).isEqualTo(1);
    }

    @Test
    void keepsUsingTheCurrentTokenWhileARefreshIsDeniedAndTheTokenIsStillValid() {
        accounts.enqueue(json(ZohoBodies.token("1000.tok1", "https://www.zohoapis.com")));
        accounts.enqueue(json(ZohoBodies.ACCESS_DENIED));

        tokens.accessToken("Leads");
        clock.advance(Duration.ofMinutes(56));
        assertThat(tokens.accessToken("Leads").value()).isEqualTo("1000.tok1");
        clock.advance(Duration.ofMinutes(3));
        assertThat(tokens.accessToken("Leads").value()).isEqualTo("1000.tok1");
        assertThat(accounts.getRequestCount()).isEqualTo(2);

        // Within 30 s of its expiry the old token is of no use any more.
        clock.advance(Duration.ofSeconds(45));
        assertThatThrownBy(this::mint)
                .isInstanceOfSatisfying(
                        ZohoApiException.class,
                        e -> assertThat(e.kind()).isEqualTo(ZohoApiException.Kind.RETRY_LATER));
        assertThat(accounts.getRequestCount()).isEqualTo(2);
    }

    @Test
    void failsForGoodOnARevokedRefreshToken() {
        accounts.enqueue(json(ZohoBodies.INVALID_CODE));

        ZohoApiException e = catchThrowableOfType(ZohoApiException.class, this::mint);

        assertThat(e.kind()).isEqualTo(ZohoApiException.Kind.FATAL);
        assertThat(e.zohoCode()).contains("invalid_code");
        assertThat(e.getMessage())
                .startsWith(
                        "Zoho refused the refresh token (invalid_code): create a new self-client"
                                + " grant and set ZOHO_REFRESH_TOKEN")
                .doesNotContain("1000.refresh.token")
                .doesNotContain("s3cret");
    }

    @Test
    void failsForGoodOnAnUnknownClientNamingTheVariablesToCheck() {
        accounts.enqueue(json(ZohoBodies.INVALID_CLIENT));

        ZohoApiException e = catchThrowableOfType(ZohoApiException.class, this::mint);

        assertThat(e.kind()).isEqualTo(ZohoApiException.Kind.FATAL);
        assertThat(e.getMessage())
                .contains("ZOHO_CLIENT_ID", "ZOHO_CLIENT_SECRET", "ZOHO_ACCOUNTS_URL")
                .contains("accounts server of the org's data centre")
                .contains(accounts.url("").toString().replaceAll("/$", ""))
                .doesNotContain("s3cret");
    }

    @Test
    void retriesLaterWhenTheAccountsServerFails() {
        accounts.enqueue(new MockResponse().setResponseCode(503).setBody("<html>busy</html>"));

        ZohoApiException e = catchThrowableOfType(ZohoApiException.class, this::mint);

        assertThat(e.kind()).isEqualTo(ZohoApiException.Kind.RETRY_LATER);
        assertThat(calls).containsExactly("Leads token 503");
    }

    @Test
    void retriesLaterWhenTheAccountsServerIsUnreachable() throws IOException {
        accounts.shutdown();

        ZohoApiException e = catchThrowableOfType(ZohoApiException.class, this::mint);

        assertThat(e.kind()).isEqualTo(ZohoApiException.Kind.RETRY_LATER);
        assertThat(e.getCause()).isInstanceOf(IOException.class);
        assertThat(e.getMessage()).contains("ZOHO_ACCOUNTS_URL");
        assertThat(calls).containsExactly("Leads token -1");
    }

    @Test
    void retriesLaterOnASuccessWithoutAnAccessToken() {
        accounts.enqueue(json("{\"token_type\":\"Bearer\",\"expires_in\":3600}"));

        ZohoApiException e = catchThrowableOfType(ZohoApiException.class, this::mint);

        assertThat(e.kind()).isEqualTo(ZohoApiException.Kind.RETRY_LATER);
    }

    @Test
    void aSecondManagerOfTheSameCredentialsUsesTheTokenTheFirstMinted() {
        accounts.enqueue(json(ZohoBodies.token("1000.tok1", "https://www.zohoapis.com")));
        accounts.enqueue(json(ZohoBodies.token("1000.tok2", "https://www.zohoapis.com")));
        assertThat(tokens.accessToken("Leads").value()).isEqualTo("1000.tok1");

        // A restarted Flink job builds a new client, and with it a new manager.
        ZohoAccessTokenManager restarted = manager(config());

        assertThat(restarted.accessToken("Deals").value()).isEqualTo("1000.tok1");
        assertThat(accounts.getRequestCount()).isEqualTo(1);
        assertThat(calls).containsExactly("Leads token 200");
    }

    @Test
    void twoManagersAskingAtOnceMintOneToken() throws Exception {
        accounts.enqueue(
                json(ZohoBodies.token("1000.tok1", "https://www.zohoapis.com"))
                        .setBodyDelay(300, TimeUnit.MILLISECONDS));
        accounts.enqueue(json(ZohoBodies.token("1000.tok2", "https://www.zohoapis.com")));
        ZohoAccessTokenManager other = manager(config());
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try {
            Future<ZohoAccessToken> first = readers.submit(() -> tokens.accessToken("Leads"));
            Future<ZohoAccessToken> second = readers.submit(() -> other.accessToken("Deals"));

            assertThat(first.get(5, TimeUnit.SECONDS).value()).isEqualTo("1000.tok1");
            assertThat(second.get(5, TimeUnit.SECONDS).value()).isEqualTo("1000.tok1");
        } finally {
            readers.shutdownNow();
        }
        assertThat(accounts.getRequestCount()).isEqualTo(1);
    }

    @Test
    void managersOfDifferentRefreshTokensMintTheirOwnTokens() throws Exception {
        accounts.enqueue(json(ZohoBodies.token("1000.tok1", "https://www.zohoapis.com")));
        accounts.enqueue(json(ZohoBodies.token("1000.tok2", "https://www.zohoapis.com")));
        ZohoAccessTokenManager otherGrant =
                new ZohoAccessTokenManager(
                        config(),
                        ZohoCredentials.of("1000.CLIENTID42", "s3cret", "1000.other.grant"),
                        http,
                        clock,
                        null);

        assertThat(tokens.accessToken("Leads").value()).isEqualTo("1000.tok1");
        assertThat(otherGrant.accessToken("Leads").value()).isEqualTo("1000.tok2");
        assertThat(accounts.takeRequest().getBody().readUtf8())
                .endsWith("refresh_token=1000.refresh.token");
        assertThat(accounts.takeRequest().getBody().readUtf8())
                .endsWith("refresh_token=1000.other.grant");
    }

    @Test
    void aChangedClientSecretIsCheckedByZohoRatherThanServedTheCachedToken() {
        accounts.enqueue(json(ZohoBodies.token("1000.tok1", "https://www.zohoapis.com")));
        accounts.enqueue(json(ZohoBodies.INVALID_CLIENT));
        tokens.accessToken("Leads");
        ZohoAccessTokenManager wrongSecret =
                new ZohoAccessTokenManager(
                        config(),
                        ZohoCredentials.of("1000.CLIENTID42", "typo", "1000.refresh.token"),
                        http,
                        clock,
                        null);

        ZohoApiException e =
                catchThrowableOfType(
                        ZohoApiException.class, () -> wrongSecret.accessToken("Leads"));

        assertThat(e.kind()).isEqualTo(ZohoApiException.Kind.FATAL);
        assertThat(e.getMessage()).contains("ZOHO_CLIENT_SECRET");
        assertThat(accounts.getRequestCount()).isEqualTo(2);
    }

    @Test
    void anAccessDeniedBackOffHoldsForANewManagerOfTheSameCredentials() {
        accounts.enqueue(json(ZohoBodies.ACCESS_DENIED));
        accounts.enqueue(json(ZohoBodies.token("1000.tok1", "https://www.zohoapis.com")));
        catchThrowableOfType(ZohoApiException.class, this::mint);

        clock.advance(Duration.ofMinutes(4));
        ZohoAccessTokenManager restarted = manager(config());
        ZohoApiException denied =
                catchThrowableOfType(ZohoApiException.class, () -> restarted.accessToken("Leads"));

        assertThat(denied.kind()).isEqualTo(ZohoApiException.Kind.RETRY_LATER);
        assertThat(denied.zohoCode()).contains("Access Denied");
        assertThat(denied.retryAfter()).contains(Duration.ofMinutes(6));
        assertThat(denied.getMessage())
                .contains("not asking for a token again before 2026-03-08T10:25:30Z");
        assertThat(accounts.getRequestCount()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(6));
        assertThat(restarted.accessToken("Leads").value()).isEqualTo("1000.tok1");
        assertThat(accounts.getRequestCount()).isEqualTo(2);
    }

    @Test
    void invalidatingAStaleTokenKeepsTheNewerOneAnotherManagerMinted() {
        accounts.enqueue(json(ZohoBodies.token("1000.tok1", "https://www.zohoapis.com")));
        accounts.enqueue(json(ZohoBodies.token("1000.tok2", "https://www.zohoapis.com")));
        accounts.enqueue(json(ZohoBodies.token("1000.tok3", "https://www.zohoapis.com")));
        ZohoAccessTokenManager other = manager(config());
        ZohoAccessToken stale = tokens.accessToken("Leads");

        // Both readers' calls were refused with tok1; the other reader got there first.
        other.invalidate(stale);
        assertThat(other.accessToken("Deals").value()).isEqualTo("1000.tok2");
        tokens.invalidate(stale);

        assertThat(tokens.accessToken("Leads").value()).isEqualTo("1000.tok2");
        assertThat(accounts.getRequestCount()).isEqualTo(2);
    }

    private ZohoClientConfig config() {
        return ZohoClientConfig.of(accounts.url("/").toString(), null);
    }

    private ZohoAccessTokenManager manager(ZohoClientConfig config) {
        return new ZohoAccessTokenManager(
                config,
                CREDENTIALS,
                http,
                clock,
                (module, endpoint, status) -> calls.add(module + " " + endpoint + " " + status));
    }

    private void mint() {
        tokens.accessToken("Leads");
    }

    private static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
    }
}
