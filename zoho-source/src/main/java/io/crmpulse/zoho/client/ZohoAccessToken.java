package io.crmpulse.zoho.client;

import java.time.Instant;
import java.util.Objects;
import javax.annotation.Nullable;

/**
 * An access token minted by {@link ZohoAccessTokenManager}. {@link #toString()} never shows the
 * token.
 *
 * @param value the token, sent as {@code Authorization: Zoho-oauthtoken <value>}
 * @param apiDomain the {@code api_domain} of the token response, when Zoho sent one
 * @param expiresAt when Zoho stops accepting it
 * @param refreshAt when the manager replaces it (before {@code expiresAt})
 */
public record ZohoAccessToken(
        String value, @Nullable String apiDomain, Instant expiresAt, Instant refreshAt) {

    public ZohoAccessToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(refreshAt, "refreshAt");
    }

    @Override
    public String toString() {
        return "ZohoAccessToken{****, apiDomain="
                + apiDomain
                + ", expiresAt="
                + expiresAt
                + ", refreshAt="
                + refreshAt
                + "}";
    }
}
