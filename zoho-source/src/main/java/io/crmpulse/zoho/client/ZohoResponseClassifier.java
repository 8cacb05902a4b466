package io.crmpulse.zoho.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Locale;
import java.util.Objects;
import javax.annotation.Nullable;
import okhttp3.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a Zoho response means before anyone acts on it: a pure function of the HTTP status,
 * the headers and the body text (and the clock, for an HTTP-date {@code Retry-After}).
 *
 * <p>Two endpoints, two rule sets. The CRM API answers errors with a meaningful status and the body
 * {@code {"code","details","message","status":"error"}}. The accounts server's token endpoint
 * answers most errors with HTTP 200 (sometimes 400) and the body {@code {"error": ...}}, so there
 * the body decides and the status hardly matters.
 *
 * <p>Every {@link ZohoResponseClass#FATAL} description names Zoho's code, the module and what to
 * fix. No description contains a token, a secret or record contents.
 */
public final class ZohoResponseClassifier {

    private static final Logger LOG = LoggerFactory.getLogger(ZohoResponseClassifier.class);

    private static final int MAX_ZOHO_TEXT = 200;

    private final Clock clock;

    public ZohoResponseClassifier(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Classifies a Get Records or Get Deleted Records response.
     *
     * @param module the module the call read
     * @param pageTokenSent whether the call carried a {@code page_token} (Zoho then reports a stale
     *     or foreign token as {@code INVALID_DATA})
     * @param body the body text; ignored for {@code 204} and {@code 304}
     */
    public ClassifiedResponse classifyApiResponse(
            String module,
            boolean pageTokenSent,
            int status,
            Headers headers,
            @Nullable String body) {
        if (status == 204 || status == 304) {
            // Zoho's "no records" and "nothing modified since": both come with an empty body.
            return result(ZohoResponseClass.NO_CONTENT, status, null, "no content", null);
        }
        ObjectNode json = ZohoJson.parseObject(body);
        ZohoError error = ZohoError.of(json);
        Duration retryAfter = retryAfter(headers);

        if (status == 429) {
            return retry(
                    status,
                    error,
                    retryAfter,
                    "Zoho is rate-limiting this app (HTTP 429"
                            + error.inParentheses()
                            + ") reading "
                            + module
                            + ": the daily API credits or the concurrency limit are used up");
        }
        if (status == 408 || (status >= 500 && status <= 599)) {
            return retry(
                    status,
                    error,
                    retryAfter,
                    "Zoho failed to answer (HTTP "
                            + status
                            + error.inParentheses()
                            + ") reading "
                            + module);
        }
        if (status == 404) {
            return fatal(
                    status,
                    error,
                    "Zoho answered HTTP 404"
                            + error.inParentheses()
                            + " reading "
                            + module
                            + ": check "
                            + ZohoClientConfig.API_DOMAIN_ENV
                            + " (the API server of the org's data centre, e.g."
                            + " https://www.zohoapis.eu) and the module names in ZOHO_MODULES");
        }
        if (status == 200) {
            if (json == null) {
                String what =
                        "Zoho answered HTTP 200 with "
                                + ZohoJson.glimpse(body)
                                + " reading "
                                + module
                                + " (a proxy, a maintenance page or a cut connection)";
                LOG.warn("{}; retrying later", what);
                return result(ZohoResponseClass.RETRY_LATER, status, null, what, null);
            }
            if (!error.isError()) {
                return new ClassifiedResponse(
                        ZohoResponseClass.OK, status, null, null, null, "ok", json);
            }
            // An error body under HTTP 200: believe the body, as on the token endpoint.
        }
        if (status == 200 || status == 400 || status == 401 || status == 403) {
            return byCode(module, pageTokenSent, status, error);
        }
        return fatal(
                status,
                error,
                "Zoho answered an unexpected HTTP "
                        + status
                        + error.inParentheses()
                        + " reading "
                        + module
                        + ": check "
                        + ZohoClientConfig.API_DOMAIN_ENV
                        + "; a proxy may be in the way");
    }

    private ClassifiedResponse byCode(
            String module, boolean pageTokenSent, int status, ZohoError error) {
        String code = error.code() == null ? "" : error.code();
        String what = error.inParentheses(status);
        switch (code) {
            case "INVALID_TOKEN", "AUTHENTICATION_FAILURE", "INVALID_OAUTHTOKEN":
                return result(
                        ZohoResponseClass.REFRESH_AND_RETRY,
                        status,
                        error,
                        "Zoho refused the access token" + what + " reading " + module,
                        null);
            case "OAUTH_SCOPE_MISMATCH":
                return fatal(
                        status,
                        error,
                        "Zoho refused to read "
                                + module
                                + what
                                + ": the grant lacks the scope ZohoCRM.modules."
                                + module.toLowerCase(Locale.ROOT)
                                + ".READ: create a new grant with it (or with"
                                + " ZohoCRM.modules.READ) and set "
                                + ZohoCredentials.REFRESH_TOKEN_ENV);
            case "NO_PERMISSION":
                return fatal(
                        status,
                        error,
                        "Zoho refused to read "
                                + module
                                + what
                                + ": the Zoho user who created the grant may not read this"
                                + " module: give that user's profile read access to "
                                + module
                                + ", or create the grant as a user who has it and set "
                                + ZohoCredentials.REFRESH_TOKEN_ENV);
            case "TOKEN_BOUND_DATA_MISMATCH", "EXPIRED_VALUE", "PAGINATION_LIMIT_EXCEEDED":
                return restartScan(module, status, error);
            case "INVALID_DATA":
                if (pageTokenSent) {
                    // Zoho's answer to a page token that belongs to another user or is damaged.
                    return restartScan(module, status, error);
                }
                break;
            case "INVALID_MODULE":
                return fatal(
                        status,
                        error,
                        "unknown module "
                                + module
                                + what
                                + ": check ZOHO_MODULES; module API names are case-sensitive,"
                                + " e.g. Leads, Deals");
            case "INVALID_URL_PATTERN":
                return fatal(
                        status,
                        error,
                        "Zoho does not know the URL for "
                                + module
                                + what
                                + ": check "
                                + ZohoClientConfig.API_DOMAIN_ENV
                                + " and the module names in ZOHO_MODULES");
            case "LIMIT_EXCEEDED":
                return fatal(
                        status,
                        error,
                        "Zoho rejected the call for "
                                + module
                                + what
                                + ": at most "
                                + RecordsRequest.MAX_FIELDS
                                + " fields per call: request fewer fields of "
                                + module);
            case "TOO_MANY_REQUESTS", "INTERNAL_ERROR":
                return retry(
                        status,
                        error,
                        null,
                        "Zoho could not serve the call" + what + " reading " + module);
            default:
                break;
        }
        if (status == 401) {
            // An unknown 401 still most likely means the token: one refresh settles it, and a
            // second 401 is fatal in the client.
            return result(
                    ZohoResponseClass.REFRESH_AND_RETRY,
                    status,
                    error,
                    "Zoho refused the access token" + what + " reading " + module,
                    null);
        }
        if (status == 403) {
            return fatal(
                    status,
                    error,
                    "Zoho refused to read "
                            + module
                            + what
                            + ": check that the grant behind "
                            + ZohoCredentials.REFRESH_TOKEN_ENV
                            + " may read this module");
        }
        return fatal(
                status,
                error,
                "Zoho rejected the call for "
                        + module
                        + what
                        + ": the request does not suit this org: check ZOHO_MODULES and the"
                        + " fields requested for "
                        + module
                        + ", and report it if they are right");
    }

    /**
     * Classifies a response of {@code POST /oauth/v2/token}. {@link ZohoResponseClass#OK} means a
     * JSON object without {@code error}; the caller still checks that it has an {@code
     * access_token}. "Access Denied" is {@link ZohoResponseClass#RETRY_LATER} with code {@code
     * Access Denied}; the caller decides how long to stay away.
     *
     * @param accountsUrl the accounts server that answered, named in the messages
     */
    public ClassifiedResponse classifyTokenResponse(
            String accountsUrl, int status, Headers headers, @Nullable String body) {
        ObjectNode json = ZohoJson.parseObject(body);
        Duration retryAfter = retryAfter(headers);
        String error = ZohoJson.text(json, "error");
        String description = ZohoJson.text(json, "error_description");

        if (json == null) {
            if (status == 404 || status == 405) {
                return tokenFatal(
                        status,
                        null,
                        null,
                        "the accounts server "
                                + accountsUrl
                                + " answered HTTP "
                                + status
                                + " for /oauth/v2/token: set "
                                + ZohoClientConfig.ACCOUNTS_URL_ENV
                                + " to the accounts server of the org's data centre, e.g."
                                + " https://accounts.zoho.eu");
            }
            return tokenResult(
                    ZohoResponseClass.RETRY_LATER,
                    status,
                    null,
                    null,
                    retryAfter,
                    "the accounts server "
                            + accountsUrl
                            + " answered HTTP "
                            + status
                            + " with "
                            + ZohoJson.glimpse(body));
        }
        if (status >= 500 || status == 408 || status == 429) {
            return tokenResult(
                    ZohoResponseClass.RETRY_LATER,
                    status,
                    error,
                    description,
                    retryAfter,
                    "the accounts server "
                            + accountsUrl
                            + " failed to answer (HTTP "
                            + status
                            + (error == null ? "" : " " + error)
                            + ")");
        }
        if (error == null) {
            if (status >= 200 && status <= 299) {
                return new ClassifiedResponse(
                        ZohoResponseClass.OK, status, null, null, null, "ok", json);
            }
            return tokenFatal(
                    status,
                    null,
                    null,
                    "the accounts server "
                            + accountsUrl
                            + " answered an unexpected HTTP "
                            + status
                            + ": check "
                            + ZohoClientConfig.ACCOUNTS_URL_ENV);
        }
        // Zoho's token errors come as HTTP 200 (sometimes 400): the body is the truth.
        switch (error) {
            case "invalid_code":
                return tokenFatal(
                        status,
                        error,
                        description,
                        "Zoho refused the refresh token (invalid_code): create a new self-client"
                                + " grant and set "
                                + ZohoCredentials.REFRESH_TOKEN_ENV
                                + " (the token was revoked or replaced, or it belongs to another"
                                + " data centre than "
                                + ZohoClientConfig.ACCOUNTS_URL_ENV
                                + "="
                                + accountsUrl
                                + ")");
            case "invalid_client", "invalid_client_secret":
                return tokenFatal(
                        status,
                        error,
                        description,
                        "Zoho did not accept the OAuth client ("
                                + error
                                + "): check "
                                + ZohoCredentials.CLIENT_ID_ENV
                                + " and "
                                + ZohoCredentials.CLIENT_SECRET_ENV
                                + ", and that "
                                + ZohoClientConfig.ACCOUNTS_URL_ENV
                                + " (now "
                                + accountsUrl
                                + ") is the accounts server of the org's data centre, e.g."
                                + " https://accounts.zoho.eu for an EU org");
            default:
                break;
        }
        if (error.equalsIgnoreCase("Access Denied")) {
            return tokenResult(
                    ZohoResponseClass.RETRY_LATER,
                    status,
                    error,
                    description,
                    retryAfter,
                    "Zoho refused a new access token (Access Denied"
                            + (description == null ? "" : ": " + shorten(description))
                            + "): Zoho allows 10 tokens per refresh token in 10 minutes; if this"
                            + " repeats, another process may be using the same "
                            + ZohoCredentials.REFRESH_TOKEN_ENV);
        }
        return tokenFatal(
                status,
                error,
                description,
                "Zoho refused the token request ("
                        + error
                        + (description == null ? "" : ": " + shorten(description))
                        + "): check "
                        + ZohoCredentials.CLIENT_ID_ENV
                        + ", "
                        + ZohoCredentials.CLIENT_SECRET_ENV
                        + ", "
                        + ZohoCredentials.REFRESH_TOKEN_ENV
                        + " and "
                        + ZohoClientConfig.ACCOUNTS_URL_ENV
                        + " (now "
                        + accountsUrl
                        + ")");
    }

    /**
     * The server's {@code Retry-After}: delta-seconds or an HTTP-date (Zoho does not document it,
     * but proxies in front of it send both forms). {@code null} when absent or unreadable.
     */
    @Nullable
    Duration retryAfter(Headers headers) {
        String value = headers.get("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(trimmed));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        Date date = headers.getDate("Retry-After");
        if (date == null) {
            LOG.debug("ignoring an unreadable Retry-After header '{}'", trimmed);
            return null;
        }
        Duration wait = Duration.between(clock.instant(), date.toInstant());
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    private static ClassifiedResponse restartScan(String module, int status, ZohoError error) {
        return result(
                ZohoResponseClass.RESTART_SCAN,
                status,
                error,
                "Zoho no longer accepts the page token of the "
                        + module
                        + " scan"
                        + error.inParentheses(status)
                        + ": restart the scan from the cursor",
                null);
    }

    private static ClassifiedResponse retry(
            int status, ZohoError error, @Nullable Duration retryAfter, String what) {
        return result(
                ZohoResponseClass.RETRY_LATER,
                status,
                error,
                what
                        + ": retrying later"
                        + (retryAfter == null ? "" : " (Retry-After " + retryAfter + ")"),
                retryAfter);
    }

    private static ClassifiedResponse fatal(int status, ZohoError error, String description) {
        return result(ZohoResponseClass.FATAL, status, error, description, null);
    }

    private static ClassifiedResponse result(
            ZohoResponseClass responseClass,
            int status,
            @Nullable ZohoError error,
            String description,
            @Nullable Duration retryAfter) {
        return new ClassifiedResponse(
                responseClass,
                status,
                error == null ? null : error.code(),
                error == null ? null : error.message(),
                retryAfter,
                description,
                null);
    }

    private static ClassifiedResponse tokenResult(
            ZohoResponseClass responseClass,
            int status,
            @Nullable String error,
            @Nullable String description,
            @Nullable Duration retryAfter,
            String text) {
        return new ClassifiedResponse(
                responseClass, status, error, description, retryAfter, text, null);
    }

    private static ClassifiedResponse tokenFatal(
            int status, @Nullable String error, @Nullable String description, String text) {
        return tokenResult(ZohoResponseClass.FATAL, status, error, description, null, text);
    }

    private static String shorten(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_ZOHO_TEXT
                ? oneLine
                : oneLine.substring(0, MAX_ZOHO_TEXT) + "...";
    }

    /** The standard API error body {@code {"code","details","message","status":"error"}}. */
    private record ZohoError(
            @Nullable String code, @Nullable String message, @Nullable String details) {

        static ZohoError of(@Nullable ObjectNode json) {
            if (json == null) {
                return new ZohoError(null, null, null);
            }
            JsonNode source = json;
            if (ZohoJson.text(json, "code") == null) {
                // Some endpoints wrap the error in data[0], as they do for per-record results.
                JsonNode data = json.get("data");
                if (data != null && data.isArray() && data.size() > 0 && data.get(0).isObject()) {
                    JsonNode first = data.get(0);
                    if ("error".equals(ZohoJson.text(first, "status"))) {
                        source = first;
                    }
                }
            }
            JsonNode details = source.get("details");
            String detailsText =
                    details != null && details.isObject() && !details.isEmpty()
                            ? shorten(ZohoJson.compact(details))
                            : null;
            String message = ZohoJson.text(source, "message");
            return new ZohoError(
                    ZohoJson.text(source, "code"),
                    message == null ? null : shorten(message),
                    detailsText);
        }

        /** A body is an error when Zoho says so; a page of records has neither field. */
        boolean isError() {
            return code != null;
        }

        /** {@code " (CODE: message {details})"}, or empty without a code. */
        String inParentheses() {
            if (code == null) {
                return "";
            }
            return " " + code + (message == null ? "" : ": " + message) + detailsSuffix();
        }

        /** {@code " (HTTP 400 CODE: message {details})"}. */
        String inParentheses(int status) {
            return " (HTTP "
                    + status
                    + (code == null ? "" : " " + code)
                    + (message == null ? "" : ": " + message)
                    + detailsSuffix()
                    + ")";
        }

        private String detailsSuffix() {
            return details == null ? "" : " " + details;
        }
    }
}
