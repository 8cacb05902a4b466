package io.crmpulse.simulator.api;

import io.crmpulse.simulator.auth.OAuthCredentials;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How the simulated API behaves where Zoho's behaviour is configurable or unknown.
 *
 * @param userZone the API user's time zone: datetimes are rendered in it, DST offsets included
 * @param credentials the only self-client the token endpoint accepts
 * @param legacyTokenExpiry answer {@code expires_in_sec} in seconds and {@code expires_in} in
 *     milliseconds, like older Zoho accounts servers
 * @param tokenErrorHttpStatus the HTTP status of token-endpoint errors (Zoho: 200)
 * @param snapshotPageTokens whether a page token reads the rows of the scan's first page; by
 *     default each page re-runs the query on the current world, like an offset cursor
 * @param ifModifiedSinceInclusive whether {@code If-Modified-Since} keeps records modified in
 *     exactly that second (as Airbyte's connector assumes Zoho does)
 * @param pageTokenLimit the most records one page token reaches (Zoho: 100,000); a request past it
 *     answers {@code PAGINATION_LIMIT_EXCEEDED}
 */
public record ApiSettings(
        ZoneId userZone,
        OAuthCredentials credentials,
        boolean legacyTokenExpiry,
        int tokenErrorHttpStatus,
        boolean snapshotPageTokens,
        boolean ifModifiedSinceInclusive,
        int pageTokenLimit) {

    /** Zoho's limit on the records one page token reaches. */
    public static final int ZOHO_PAGE_TOKEN_LIMIT = 100_000;

    public ApiSettings {
        Objects.requireNonNull(userZone, "userZone");
        Objects.requireNonNull(credentials, "credentials");
        if (pageTokenLimit < 1) {
            throw new IllegalArgumentException("pageTokenLimit must be positive");
        }
    }
}
