package io.crmpulse.zoho.client;

import static io.crmpulse.zoho.client.ZohoResponseClass.FATAL;
import static io.crmpulse.zoho.client.ZohoResponseClass.NO_CONTENT;
import static io.crmpulse.zoho.client.ZohoResponseClass.OK;
import static io.crmpulse.zoho.client.ZohoResponseClass.REFRESH_AND_RETRY;
import static io.crmpulse.zoho.client.ZohoResponseClass.RESTART_SCAN;
import static io.crmpulse.zoho.client.ZohoResponseClass.RETRY_LATER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ZohoResponseClassifierTest {

    private static final Instant NOW = Instant.parse("2026-03-08T10:15:30Z");
    private static final String ACCOUNTS = "https://accounts.zoho.com";

    private final ZohoResponseClassifier classifier =
            new ZohoResponseClassifier(Clock.fixed(NOW, ZoneOffset.UTC));

    static Stream<Arguments> apiResponses() {
        return Stream.of(
                // status, body, page token sent, class, Zoho code, text the description holds
                row(200, ZohoBodies.LEADS_PAGE, false, OK, null, "ok"),
                row(200, ZohoBodies.HTML_MAINTENANCE_PAGE, false, RETRY_LATER, null, "<!DOCTYPE"),
                row(200, "", false, RETRY_LATER, null, "empty body"),
                row(200, "[1,2]", false, RETRY_LATER, null, "JSON"),
                row(200, ZohoBodies.INVALID_TOKEN, false, REFRESH_AND_RETRY, "INVALID_TOKEN", ""),
                row(204, "", false, NO_CONTENT, null, ""),
                row(304, "not even JSON", false, NO_CONTENT, null, ""),
                row(401, ZohoBodies.INVALID_TOKEN, false, REFRESH_AND_RETRY, "INVALID_TOKEN", ""),
                row(
                        401,
                        ZohoBodies.error("AUTHENTICATION_FAILURE", "Authentication failed"),
                        false,
                        REFRESH_AND_RETRY,
                        "AUTHENTICATION_FAILURE",
                        ""),
                row(401, "", false, REFRESH_AND_RETRY, null, ""),
                row(
                        401,
                        ZohoBodies.error("OAUTH_SCOPE_MISMATCH", "invalid oauth scope"),
                        false,
                        FATAL,
                        "OAUTH_SCOPE_MISMATCH",
                        "the grant lacks the scope ZohoCRM.modules.leads.READ: create a new"
                                + " grant with it"),
                row(
                        403,
                        ZohoBodies.error("NO_PERMISSION", "permission denied"),
                        false,
                        FATAL,
                        "NO_PERMISSION",
                        "give that user's profile read access to Leads"),
                row(
                        400,
                        ZohoBodies.error(
                                "TOKEN_BOUND_DATA_MISMATCH",
                                "page_token is invalid or input param is added, altered, or"
                                        + " deleted"),
                        true,
                        RESTART_SCAN,
                        "TOKEN_BOUND_DATA_MISMATCH",
                        "restart the scan"),
                row(
                        400,
                        ZohoBodies.error("EXPIRED_VALUE", "page_token is valid only for 24 hours"),
                        true,
                        RESTART_SCAN,
                        "EXPIRED_VALUE",
                        "restart the scan"),
                row(
                        400,
                        ZohoBodies.error("PAGINATION_LIMIT_EXCEEDED", "limit exceeded"),
                        true,
                        RESTART_SCAN,
                        "PAGINATION_LIMIT_EXCEEDED",
                        "restart the scan"),
                row(
                        400,
                        ZohoBodies.error("INVALID_DATA", "invalid data"),
                        true,
                        RESTART_SCAN,
                        "INVALID_DATA",
                        "restart the scan"),
                row(
                        400,
                        ZohoBodies.error("INVALID_DATA", "invalid data"),
                        false,
                        FATAL,
                        "INVALID_DATA",
                        "ZOHO_MODULES"),
                row(
                        400,
                        ZohoBodies.error(
                                "INVALID_MODULE", "the module name given seems to be invalid"),
                        false,
                        FATAL,
                        "INVALID_MODULE",
                        "unknown module Leads (HTTP 400 INVALID_MODULE: the module name given"
                                + " seems to be invalid): check ZOHO_MODULES"),
                row(
                        400,
                        ZohoBodies.error("REQUIRED_PARAM_MISSING", "One of the expected"),
                        false,
                        FATAL,
                        "REQUIRED_PARAM_MISSING",
                        "One of the expected"),
                row(
                        400,
                        ZohoBodies.error("LIMIT_EXCEEDED", "too many fields"),
                        false,
                        FATAL,
                        "LIMIT_EXCEEDED",
                        "at most 50 fields per call"),
                row(
                        400,
                        ZohoBodies.DISCRETE_PAGINATION_LIMIT_EXCEEDED,
                        false,
                        FATAL,
                        "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
                        "You can only get the first 2000 records without using page_token param"
                                + " {\"limit\":2000}"),
                row(400, "", false, FATAL, null, "Leads"),
                row(
                        404,
                        ZohoBodies.error("INVALID_URL_PATTERN", "Please check if the URL"),
                        false,
                        FATAL,
                        "INVALID_URL_PATTERN",
                        "check ZOHO_API_DOMAIN"),
                row(404, ZohoBodies.HTML_MAINTENANCE_PAGE, false, FATAL, null, "ZOHO_API_DOMAIN"),
                row(
                        429,
                        ZohoBodies.error("TOO_MANY_REQUESTS", "too many requests"),
                        false,
                        RETRY_LATER,
                        "TOO_MANY_REQUESTS",
                        "rate-limiting"),
                row(408, "", false, RETRY_LATER, null, "HTTP 408"),
                row(
                        500,
                        ZohoBodies.error("INTERNAL_ERROR", "Internal Server Error"),
                        false,
                        RETRY_LATER,
                        "INTERNAL_ERROR",
                        "retrying later"),
                row(502, ZohoBodies.HTML_MAINTENANCE_PAGE, false, RETRY_LATER, null, "HTTP 502"),
                row(503, "", false, RETRY_LATER, null, "HTTP 503"),
                row(418, "", false, FATAL, null, "unexpected HTTP 418"),
                row(301, "", false, FATAL, null, "unexpected HTTP 301"));
    }

    @ParameterizedTest(name = "[{index}] HTTP {0} {4} -> {3}")
    @MethodSource("apiResponses")
    void classifiesApiResponses(
            int status,
            String body,
            boolean pageTokenSent,
            ZohoResponseClass expected,
            String code,
            String text) {
        ClassifiedResponse response =
                classifier.classifyApiResponse("Leads", pageTokenSent, status, Headers.of(), body);

        assertThat(response.responseClass()).isEqualTo(expected);
        assertThat(response.httpStatus()).isEqualTo(status);
        assertThat(response.zohoCode()).isEqualTo(code);
        assertThat(response.description()).contains(text);
        if (expected == FATAL) {
            // Every fatal message names the module, Zoho's code and what to fix.
            assertThat(response.description()).contains("Leads");
            if (code != null) {
                assertThat(response.description()).contains(code);
            }
        }
        if (expected == OK) {
            assertThat(response.body()).isNotNull();
        } else {
            assertThat(response.body()).isNull();
        }
    }

    static Stream<Arguments> tokenResponses() {
        return Stream.of(
                row(200, ZohoBodies.token("1000.abc", "https://www.zohoapis.eu"), OK, null, "ok"),
                row(
                        200,
                        ZohoBodies.INVALID_CODE,
                        FATAL,
                        "invalid_code",
                        "Zoho refused the refresh token (invalid_code): create a new self-client"
                                + " grant and set ZOHO_REFRESH_TOKEN"),
                row(
                        400,
                        ZohoBodies.INVALID_CODE,
                        FATAL,
                        "invalid_code",
                        "create a new self-client grant and set ZOHO_REFRESH_TOKEN"),
                row(
                        200,
                        ZohoBodies.INVALID_CLIENT,
                        FATAL,
                        "invalid_client",
                        "check ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET, and that ZOHO_ACCOUNTS_URL"
                                + " (now https://accounts.zoho.com) is the accounts server of the"
                                + " org's data centre"),
                row(200, ZohoBodies.ACCESS_DENIED, RETRY_LATER, "Access Denied", "10 tokens"),
                row(400, ZohoBodies.ACCESS_DENIED, RETRY_LATER, "Access Denied", "10 tokens"),
                row(
                        200,
                        "{\"error\":\"unsupported_grant_type\"}",
                        FATAL,
                        "unsupported_grant_type",
                        "Zoho refused the token request (unsupported_grant_type): check"),
                row(200, ZohoBodies.HTML_MAINTENANCE_PAGE, RETRY_LATER, null, "<!DOCTYPE"),
                row(502, ZohoBodies.HTML_MAINTENANCE_PAGE, RETRY_LATER, null, "HTTP 502"),
                row(500, "{\"error\":\"internal_error\"}", RETRY_LATER, "internal_error", "500"),
                row(
                        404,
                        ZohoBodies.HTML_MAINTENANCE_PAGE,
                        FATAL,
                        null,
                        "set ZOHO_ACCOUNTS_URL to the accounts server of the org's data centre"),
                row(
                        200,
                        "{\"access_token\":\"1000.secret-token\"",
                        RETRY_LATER,
                        null,
                        "truncated or invalid JSON"));
    }

    @ParameterizedTest(name = "[{index}] token endpoint HTTP {0} {3} -> {2}")
    @MethodSource("tokenResponses")
    void classifiesTokenResponsesByTheirBodyWhateverTheStatus(
            int status, String body, ZohoResponseClass expected, String code, String text) {
        ClassifiedResponse response =
                classifier.classifyTokenResponse(ACCOUNTS, status, Headers.of(), body);

        assertThat(response.responseClass()).isEqualTo(expected);
        assertThat(response.zohoCode()).isEqualTo(code);
        assertThat(response.description()).contains(text).doesNotContain("1000.");
    }

    @Test
    void neverEchoesATruncatedPageOfRecords() {
        String truncated = "{\"data\":[{\"Email\":\"jane.doe@example.com\",\"Phone\":\"+1555";

        ClassifiedResponse response =
                classifier.classifyApiResponse("Leads", false, 200, Headers.of(), truncated);

        assertThat(response.responseClass()).isEqualTo(RETRY_LATER);
        assertThat(response.description())
                .contains("truncated or invalid JSON body of " + truncated.length() + " chars")
                .doesNotContain("jane");
    }

    @Test
    void keepsAtMostEightyCharactersOfAnHtmlBody() {
        String html = "<html>" + "x".repeat(500) + "</html>";

        ClassifiedResponse response =
                classifier.classifyApiResponse("Leads", false, 200, Headers.of(), html);

        assertThat(response.description()).contains("'<html>" + "x".repeat(74) + "...'");
    }

    @Test
    void readsRetryAfterInSeconds() {
        ClassifiedResponse response =
                classifier.classifyApiResponse(
                        "Deals",
                        false,
                        429,
                        Headers.of("Retry-After", "30"),
                        ZohoBodies.error("TOO_MANY_REQUESTS", "too many requests"));

        assertThat(response.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(response.toException().retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(response.toException().kind()).isEqualTo(ZohoApiException.Kind.RETRY_LATER);
    }

    @Test
    void readsRetryAfterAsAnHttpDateAgainstTheClock() {
        ClassifiedResponse response =
                classifier.classifyApiResponse(
                        "Deals",
                        false,
                        503,
                        Headers.of("Retry-After", "Sun, 08 Mar 2026 10:17:00 GMT"),
                        "");

        assertThat(response.retryAfter()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void treatsARetryAfterDateInThePastAsNoWait() {
        assertThat(
                        classifier.retryAfter(
                                Headers.of("Retry-After", "Sun, 08 Mar 2026 10:00:00 GMT")))
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void ignoresAnUnreadableRetryAfter() {
        assertThat(classifier.retryAfter(Headers.of("Retry-After", "soon"))).isNull();
        assertThat(classifier.retryAfter(Headers.of())).isNull();
    }

    @Test
    void turnsEachFailureClassIntoTheMatchingExceptionKind() {
        assertThat(
                        classifier
                                .classifyApiResponse(
                                        "Leads",
                                        true,
                                        400,
                                        Headers.of(),
                                        ZohoBodies.error("EXPIRED_VALUE", "expired"))
                                .toException()
                                .kind())
                .isEqualTo(ZohoApiException.Kind.RESTART_SCAN);
        ZohoApiException fatal =
                classifier
                        .classifyApiResponse(
                                "Leads",
                                false,
                                400,
                                Headers.of(),
                                ZohoBodies.error("INVALID_MODULE", "invalid module"))
                        .toException();
        assertThat(fatal.kind()).isEqualTo(ZohoApiException.Kind.FATAL);
        assertThat(fatal.zohoCode()).contains("INVALID_MODULE");
        assertThatThrownBy(
                        () ->
                                classifier
                                        .classifyApiResponse(
                                                "Leads", false, 204, Headers.of(), null)
                                        .toException())
                .isInstanceOf(IllegalStateException.class);
    }

    private static Arguments row(
            int status,
            String body,
            boolean pageTokenSent,
            ZohoResponseClass expected,
            String code,
            String text) {
        return Arguments.of(status, body, pageTokenSent, expected, code, text);
    }

    private static Arguments row(
            int status, String body, ZohoResponseClass expected, String code, String text) {
        return Arguments.of(status, body, expected, code, text);
    }
}
