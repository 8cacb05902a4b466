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
 */
public record ApiSettings(
        ZoneId userZone,
        OAuthCredentials credentials,
        boolean legacyTokenExpiry,
        int tokenErrorHttpStatus,
        boolean snapshotPageTokens,
        boolean ifModifiedSinceInclusive) {

    public ApiSettings {
        Objects.requireNonNull(userZone, "userZone");
        Objects.requireNonNull(credentials, "credentials");
    }
}
