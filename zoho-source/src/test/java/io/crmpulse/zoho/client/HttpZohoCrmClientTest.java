package io.crmpulse.zoho.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.crmpulse.zoho.testutils.MutableClock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Zoho client against a MockWebServer that plays both the accounts and the API server. */
class HttpZohoCrmClientTest {

    private static final Instant START = Instant.parse("2026-03-08T10:15:30Z");
    private static final ZohoCredentials CREDENTIALS =
            ZohoCredentials.of("1000.CLIENTID42", "s3cret", "1000.refresh.token");
    private static final List<String> LEAD_FIELDS = List.of("Last_Name", "Lead_Source");

    private final MockWebServer zoho = new MockWebServer();
    private final MutableClock clock = new MutableClock(START);
    private final List<String> calls = new ArrayList<>();
    private HttpZohoCrmClient client;

    @BeforeEach
    void startZoho() throws IOException {
        // A port of an earlier test's server may come round again, with its cached token.
        ZohoAccessTokenManager.forgetSharedTokens();
        zoho.start();
        client = client(ZohoClientConfig.of(zoho.url("/").toString(), null), 2_000);
    }

    @AfterEach
    void stopZoho() throws IOException {
        client.close();
        zoho.shutdown();
    }

    @Test
    void readsLeadsWithConvertedBothAndEveryDocumentedParameter() throws Exception {
        enqueueToken("1000.tok1");
        zoho.enqueue(json(ZohoBodies.LEADS_PAGE));

        RecordsPage page =
                client.getRecords(
                        RecordsRequest.firstPage(
                                "Leads", LEAD_FIELDS, Instant.parse("2026-03-08T10:15:30Z")));

        assertThat(zoho.takeRequest().getPath()).isEqualTo("/oauth/v2/token");
        RecordedRequest request = zoho.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getPath())
                .isEqualTo(
                        "/crm/v8/Leads?fields=Last_Name,Lead_Source,Modified_Time"
                                + "&sort_by=Modified_Time&sort_order=asc&per_page=200"
                                + "&converted=both");
        assertThat(request.getHeader("Authorization")).isEqualTo("Zoho-oauthtoken 1000.tok1");
        assertThat(request.getHeader("If-Modified-Since")).isEqualTo("2026-03-08T10:15:30+00:00");

        assertThat(page.records())
                .extracting(ZohoRecord::id)
                .containsExactly("4970762000000348015", "4970762000000348016");
        assertThat(page.moreRecords()).isTrue();
        assertThat(page.nextPageToken()).isEqualTo("c8582xx9e7c7");
        assertThat(page.malformed()).isEmpty();
        assertThat(page.records().get(0).json())
                .isEqualTo(
                        "{\"Owner\":{\"name\":\"Patricia Boyle\",\"id\":\"4970762000000348001\","
                                + "\"email\":\"p.boyle@zylker.com\"},\"Last_Name\":\"Boyle\","
                                + "\"Lead_Source\":\"Web Form\",\"Annual_Revenue\":12345.60,"
                                + "\"Converted__s\":false,\"id\":\"4970762000000348015\","
                                + "\"Modified_Time\":\"2026-03-08T01:59:59-08:00\"}");
        assertThat(calls).containsExactly("Leads token 200", "Leads records 200");
    }

    @Test
    void readsModifiedTimesAcrossDaylightSavingChangesToTheRightInstant() {
        enqueueToken("1000.tok1");
        zoho.enqueue(
                json(
                        "{\"data\":["
                                + record("1", "2026-03-08T01:59:59-08:00")
                                + ","
                                + record("2", "2026-03-08T03:00:01-07:00")
                                + ","
                                + record("3", "2026-11-01T01:30:00-07:00")
                                + ","
                                + record("4", "2026-11-01T01:30:00-08:00")
                                + ","
                                + record("5", "2026-11-01T09:30:00Z")
                                + ","
                                + record("6", "2026-03-08T15:45:00+05:30")
                                + "],\"info\":{\"more_records\":false,\"next_page_token\":null}}"));

        RecordsPage page =
                client.getRecords(RecordsRequest.firstPage("Deals", List.of("Stage"), null));

        // Spring forward: two seconds apart although the wall clocks are an hour apart.
        // Fall back: the same wall-clock time twice, an hour apart.
        assertThat(page.records())
                .extracting(ZohoRecord::modifiedTime)
                .containsExactly(
                        Instant.parse("2026-03-08T09:59:59Z"),
                        Instant.parse("2026-03-08T10:00:01Z"),
                        Instant.parse("2026-11-01T08:30:00Z"),
                        Instant.parse("2026-11-01T09:30:00Z"),
                        Instant.parse("2026-11-01T09:30:00Z"),
                        Instant.parse("2026-03-08T10:15:00Z"));
        assertThat(page.moreRecords()).isFalse();
        assertThat(page.nextPageToken()).isNull();
    }

    @Test
    void sendsDealsWithoutConvertedAndPassesThePageTokenThrough() throws Exception {
        enqueueToken("1000.tok1");
        zoho.enqueue(json(ZohoBodies.LEADS_PAGE));

        client.getRecords(
                RecordsRequest.firstPage(
                                "Deals",
                                List.of("Deal_Name", "Modified_Time", "Stage"),
                                Instant.parse("2026-03-08T10:15:30.987654Z"))
                        .nextPage("c8582xx9e7c7"));

        zoho.takeRequest();
        RecordedRequest request = zoho.takeRequest();
        HttpUrl url = request.getRequestUrl();
        assertThat(url.encodedPath()).isEqualTo("/crm/v8/Deals");
        assertThat(url.queryParameter("fields")).isEqualTo("Deal_Name,Modified_Time,Stage");
        assertThat(url.queryParameter("page_token")).isEqualTo("c8582xx9e7c7");
        assertThat(url.queryParameterNames())
                .containsExactly("fields", "sort_by", "sort_order", "per_page", "page_token");
        // Whole seconds, earlier rather than later.
        assertThat(request.getHeader("If-Modified-Since")).isEqualTo("2026-03-08T10:15:30+00:00");
    }

    @Test
    void sendsNoIfModifiedSinceForAFullRead() throws Exception {
        enqueueToken("1000.tok1");
        zoho.enqueue(new MockResponse().setResponseCode(204));

        client.getRecords(RecordsRequest.firstPage("Leads", LEAD_FIELDS, null));

        zoho.takeRequest();
        assertThat(zoho.takeRequest().getHeader("If-Modified-Since")).isNull();
    }

    @Test
    void readsNoContentAndNotModifiedAsAnEmptyPage() {
        enqueueToken("1000.tok1");
        zoho.enqueue(new MockResponse().setResponseCode(204));
        zoho.enqueue(
                new MockResponse()
                        .setResponseCode(304)
                        .setHeader("Date", "Sun, 08 Mar 2026 10:15:31 GMT"));

        RecordsRequest request = RecordsRequest.firstPage("Leads", LEAD_FIELDS, START);
        assertThat(client.getRecords(request)).isEqualTo(RecordsPage.empty(null));
        assertThat(client.getRecords(request))
                .isEqualTo(RecordsPage.empty(Instant.parse("2026-03-08T10:15:31Z")));
        assertThat(calls)
                .containsExactly("Leads token 200", "Leads records 204", "Leads records 304");
    }

    @Test
    void handsBackRecordsItCannotReadInsteadOfDroppingThem() {
        enqueueToken("1000.tok1");
        zoho.enqueue(
                json(
                        "{\"data\":["
                                + record("1", "2026-03-08T01:59:59-08:00")
                                + ",{\"Last_Name\":\"Nobody\",\"Modified_Time\":\"2026-03-08T01:59:59-08:00\"},"
                                + record("3", "yesterday")
                                + ",{\"id\":\"4\"},"
                                + record("5", "2026-03-08T02:00:00-08:00")
                                + "],\"info\":{\"more_records\":false}}"));

        RecordsPage page = client.getRecords(RecordsRequest.firstPage("Leads", LEAD_FIELDS, null));

        assertThat(page.records()).extracting(ZohoRecord::id).containsExactly("1", "5");
        assertThat(page.malformed())
                .extracting(MalformedRecord::id, MalformedRecord::reason)
                .containsExactly(
                        tuple(null, "no id"),
                        tuple(
                                "3",
                                "Modified_Time 'yesterday' is not an ISO-8601 date-time with an"
                                        + " offset"),
                        tuple("4", "no Modified_Time"));
        assertThat(page.malformed().get(0).json())
                .isEqualTo(
                        "{\"Last_Name\":\"Nobody\",\"Modified_Time\":\"2026-03-08T01:59:59-08:00\"}");
        assertThat(page.toString()).doesNotContain("Nobody");
    }

    @Test
    void retriesLaterOnAnHtmlPageUnderHttp200() {
        enqueueToken("1000.tok1");
        zoho.enqueue(
                new MockResponse()
                        .setHeader("Content-Type", "text/html")
                        .setBody(ZohoBodies.HTML_MAINTENANCE_PAGE));

        ZohoApiException e = catchThrowableOfType(ZohoApiException.class, this::readLeads);

        assertThat(e.kind()).isEqualTo(ZohoApiException.Kind.RETRY_LATER);
        assertThat(e.getMessage()).contains("<!DOCTYPE html> <html><head><title>Zoho CRM");
    }

    @Test
    void retriesLaterAfterTheServersRetryAfterOnHttp429() {
        enqueueToken("1000.tok1");
        zoho.enqueue(
                json(ZohoBodies.error("TOO_MANY_REQUESTS", "too many requests"))
                        .setResponseCode(429)
                        .setHeader("Retry-After", "42"));

        ZohoApiException e = catchThrowableOfType(ZohoApiException.class, this::readLeads);

        assertThat(e.kind()).isEqualTo(ZohoApiException.Kind.RETRY_LATER);
        assertThat(e.zohoCode()).contains("TOO_MANY_REQUESTS");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(42));
        assertThat(calls).containsExactly("Leads token 200", "Leads records 429");
    }

    @Test
    void retriesLaterOnAReadTimeoutKeepingTheCause() throws IOException {
        client.close();
        client = client(ZohoClientConfig.of(zoho.url("/").toString(), null), 100);
        enqueueToken("1000.tok1");
        zoho.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));

        ZohoApiException e = catchThrowableOfType(ZohoApiException.class, this::readLeads);

        assertThat(e.kind()).isEqualTo(ZohoApiException.Kind.RETRY_LATER);
        assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class);
        assertThat(e.getMessage()).contains("Leads").doesNotContain("1000.tok1");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(calls).containsExactly("Leads token 200", "Leads records -1");
    }

    @Test
    void failsForGoodOnAnUnknownModuleNamingZohoModules() {
        enqueueToken("1000.tok1");
        zoho.enqueue(
                json(ZohoBodies.error(
                                "INVALID_MODULE", "the module name given seems to be invalid"))
                        .setResponseCode(400));

        ZohoApiException e =
                catchThrowableOfType(
                        ZohoApiException.class,
                        () ->
                                client.getRecords(
                                        RecordsRequest.firstPage("Leeds", LEAD_FIELDS, null)));

        assertThat(e.kind()).isEqualTo(ZohoApiException.Kind.FATAL);
        assertThat(e.zohoCode()).contains("INVALID_MODULE");
        assertThat(e.getMessage())
                .startsWith("unknown module Leeds")
                .contains("check ZOHO_MODULES");
    }

    @Test
    void restartsTheScanWhenThePageTokenNoLongerMatches() {
        enqueueToken("1000.tok1");
        zoho.enqueue(
                json(ZohoBodies.error(
                                "TOKEN_BOUND_DATA_MISMATCH",
                                "page_token is invalid or input param is added, altered,"
                                        + " or deleted"))
                        .setResponseCode(400));

        ZohoApiException e =
                catchThrowableOfType(
                        ZohoApiException.class,
                        () ->
                                client.getRecords(
                                        RecordsRequest.firstPage("Leads", LEAD_FIELDS, START)
                                                .nextPage("c8582xx9e7c7")));

        assertThat(e.kind()).isEqualTo(ZohoApiException.Kind.RESTART_SCAN);
        assertThat(e.zohoCode()).contains("TOKEN_BOUND_DATA_MISMATCH");
    }

    @Test
    void refreshesTheTokenOnceAndRetriesOnceOnInvalidToken() throws Exception {
        enqueueToken("1000.tok1");
        zoho.enqueue(json(ZohoBodies.INVALID_TOKEN).setResponseCode(401));
        enqueueToken("1000.tok2");
        zoho.enqueue(json(ZohoBodies.LEADS_PAGE));

        RecordsPage page = readLeads();

        assertThat(page.records()).hasSize(2);
        assertThat(zoho.getRequestCount()).isEqualTo(4);
        assertThat(zoho.takeRequest().getPath()).isEqualTo("/oauth/v2/token");
        assertThat(zoho.takeRequest().getHeader("Authorization"))
                .isEqualTo("Zoho-oauthtoken 1000.tok1");
        assertThat(zoho.takeRequest().getPath()).isEqualTo("/oauth/v2/token");
        RecordedRequest retry = zoho.takeRequest();
        assertThat(retry.getHeader("Authorization")).isEqualTo("Zoho-oauthtoken 1000.tok2");
        assertThat(retry.getPath()).startsWith("/crm/v8/Leads?");
        assertThat(calls)
                .containsExactly(
                        "Leads token 200",
                        "Leads records 401",
                        "Leads token 200",
                        "Leads records 200");

        // The new token serves the next call.
        zoho.enqueue(new MockResponse().setResponseCode(304));
        readLeads();
        assertThat(zoho.getRequestCount()).isEqualTo(5);
    }

    @Test
    void failsForGoodWhenAFreshTokenIsRefusedToo() {
        enqueueToken("1000.tok1");
        zoho.enqueue(json(ZohoBodies.INVALID_TOKEN).setResponseCode(401));
        enqueueToken("1000.tok2");
        zoho.enqueue(json(ZohoBodies.INVALID_TOKEN).setResponseCode(401));

        ZohoApiException e = catchThrowableOfType(ZohoApiException.class, this::readLeads);

        assertThat(e.kind()).isEqualTo(ZohoApiException.Kind.FATAL);
        assertThat(e.zohoCode()).contains("INVALID_TOKEN");
        assertThat(e.getMessage())
                .contains("same data centre")
                .contains("ZOHO_ACCOUNTS_URL", "ZOHO_API_DOMAIN")
                .doesNotContain("1000.tok");
        assertThat(zoho.getRequestCount()).isEqualTo(4);
    }

    @Test
    void sendsCallsToTheConfiguredApiDomainRatherThanTheTokensOne() throws Exception {
        client.close();
        client =
                client(
                        ZohoClientConfig.of(
                                zoho.url("/").toString(), zoho.url("/eu-proxy/").toString()),
                        2_000);
        zoho.enqueue(json(ZohoBodies.token("1000.tok1", "https://www.zohoapis.invalid")));
        zoho.enqueue(new MockResponse().setResponseCode(204));

        readLeads();

        zoho.takeRequest();
        assertThat(zoho.takeRequest().getPath()).startsWith("/eu-proxy/crm/v8/Leads?");
    }

    @Test
    void readsDeletionsOfEveryTypePageByPage() throws Exception {
        enqueueToken("1000.tok1");
        zoho.enqueue(json(ZohoBodies.DELETED_PAGE));

        DeletedPage page =
                client.getDeletedRecords(
                        new DeletedRequest("Deals", Instant.parse("2026-03-01T00:00:00Z"), 2));

        zoho.takeRequest();
        RecordedRequest request = zoho.takeRequest();
        assertThat(request.getPath())
                .isEqualTo("/crm/v8/Deals/deleted?type=all&page=2&per_page=200");
        assertThat(request.getHeader("If-Modified-Since")).isEqualTo("2026-03-01T00:00:00+00:00");
        assertThat(request.getHeader("Authorization")).isEqualTo("Zoho-oauthtoken 1000.tok1");
        assertThat(page.records())
                .containsExactly(
                        new DeletedRecord(
                                "4970762000000416012",
                                Instant.parse("2026-03-08T09:59:59Z"),
                                "recycle"),
                        new DeletedRecord(
                                "4970762000000416013",
                                Instant.parse("2026-03-08T10:00:01Z"),
                                "permanent"));
        assertThat(page.moreRecords()).isTrue();
        assertThat(page.malformed()).isEmpty();
        assertThat(calls).containsExactly("Deals token 200", "Deals deleted 200");
    }

    @Test
    void readsNoDeletionsAsAnEmptyPage() throws Exception {
        enqueueToken("1000.tok1");
        zoho.enqueue(new MockResponse().setResponseCode(204));

        DeletedPage page = client.getDeletedRecords(new DeletedRequest("Leads", null, 1));

        assertThat(page).isEqualTo(DeletedPage.empty(null));
        zoho.takeRequest();
        assertThat(zoho.takeRequest().getHeader("If-Modified-Since")).isNull();
    }

    @Test
    void handsBackDeletionsItCannotRead() {
        enqueueToken("1000.tok1");
        zoho.enqueue(
                json(
                        "{\"data\":[{\"id\":\"7\",\"type\":\"recycle\",\"deleted_time\":null}],"
                                + "\"info\":{\"more_records\":false}}"));

        DeletedPage page = client.getDeletedRecords(new DeletedRequest("Leads", null, 1));

        assertThat(page.records()).isEmpty();
        assertThat(page.malformed())
                .containsExactly(
                        new MalformedRecord(
                                "7",
                                "{\"id\":\"7\",\"type\":\"recycle\",\"deleted_time\":null}",
                                "no deleted_time"));
    }

    @Test
    void formatsIfModifiedSinceInIsoWithANumericOffsetAndWholeSeconds() {
        assertThat(HttpZohoCrmClient.formatIfModifiedSince(Instant.parse("2026-03-08T10:15:30Z")))
                .isEqualTo("2026-03-08T10:15:30+00:00");
        assertThat(
                        HttpZohoCrmClient.formatIfModifiedSince(
                                Instant.parse("2026-12-31T23:59:59.999Z")))
                .isEqualTo("2026-12-31T23:59:59+00:00");
    }

    @Test
    void putsTheInterruptFlagBackForAnInterruptButNotForATimeout() {
        HttpZohoCrmClient.restoreInterruptIfInterrupted(new SocketTimeoutException("timeout"));
        assertThat(Thread.interrupted()).isFalse();
        // OkHttp's call timeout is an InterruptedIOException("timeout") too.
        HttpZohoCrmClient.restoreInterruptIfInterrupted(new InterruptedIOException("timeout"));
        assertThat(Thread.interrupted()).isFalse();

        HttpZohoCrmClient.restoreInterruptIfInterrupted(new InterruptedIOException("interrupted"));
        assertThat(Thread.interrupted()).isTrue();
    }

    private RecordsPage readLeads() {
        return client.getRecords(RecordsRequest.firstPage("Leads", LEAD_FIELDS, START));
    }

    private HttpZohoCrmClient client(ZohoClientConfig config, long readTimeoutMillis) {
        OkHttpClient http =
                new OkHttpClient.Builder()
                        .readTimeout(readTimeoutMillis, TimeUnit.MILLISECONDS)
                        .callTimeout(5, TimeUnit.SECONDS)
                        .build();
        return new HttpZohoCrmClient(
                config,
                CREDENTIALS,
                clock,
                (module, endpoint, status) -> calls.add(module + " " + endpoint + " " + status),
                http);
    }

    /** A token whose api_domain is the mock server, as the simulator's would be. */
    private void enqueueToken(String accessToken) {
        String apiDomain = zoho.url("/").toString().replaceAll("/$", "");
        zoho.enqueue(json(ZohoBodies.token(accessToken, apiDomain)));
    }

    private static String record(String id, String modifiedTime) {
        return "{\"id\":\"" + id + "\",\"Modified_Time\":\"" + modifiedTime + "\"}";
    }

    private static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
    }
}
