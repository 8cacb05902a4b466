package io.crmpulse.simulator.api;

import io.crmpulse.simulator.auth.AccessTokenStore;
import io.crmpulse.simulator.auth.AccessTokenStore.MintedToken;
import io.crmpulse.simulator.auth.OAuthCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /oauth/v2/token} with {@code grant_type=refresh_token}: parameters in the query
 * string, a form body or (client id and secret) basic auth. Errors come back as JSON with HTTP 200,
 * as Zoho's accounts server does.
 */
final class TokenEndpoint {

    static final String INVALID_CODE = "invalid_code";
    static final String INVALID_CLIENT = "invalid_client";
    static final String ACCESS_DENIED = "Access Denied";

    private final ApiSettings settings;
    private final AccessTokenStore tokens;
    private final SimulatorFaults faults;
    private final Supplier<String> apiDomain;

    TokenEndpoint(
            ApiSettings settings,
            AccessTokenStore tokens,
            SimulatorFaults faults,
            Supplier<String> apiDomain) {
        this.settings = settings;
        this.tokens = tokens;
        this.faults = faults;
        this.apiDomain = apiDomain;
    }

    Reply handle(ApiRequest request) {
        if (!"POST".equals(request.method())) {
            return Reply.text(405, "The token endpoint takes POST requests");
        }
        String injected = faults.takeTokenError();
        if (injected != null) {
            return error(injected);
        }
        Map<String, String> params = new HashMap<>(basicAuth(request.authorization()));
        params.putAll(request.query());
        params.putAll(request.form());
        if (!"refresh_token".equals(params.get("grant_type"))) {
            return error("unsupported_grant_type");
        }
        OAuthCredentials expected = settings.credentials();
        if (!expected.clientId().equals(params.get("client_id"))
                || !expected.clientSecret().equals(params.get("client_secret"))) {
            return error(INVALID_CLIENT);
        }
        if (!expected.refreshToken().equals(params.get("refresh_token"))) {
            return error(INVALID_CODE);
        }
        Optional<MintedToken> minted = tokens.mint(expected.refreshToken());
        if (minted.isEmpty()) {
            return error(ACCESS_DENIED);
        }
        return Reply.json(200, grant(minted.get().accessToken()));
    }

    private Map<String, Object> grant(String accessToken) {
        Duration ttl = tokens.policy().ttl();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        body.put("api_domain", apiDomain.get());
        body.put("token_type", "Bearer");
        if (faults.takeTokenWithoutExpiry()) {
            return body;
        }
        if (settings.legacyTokenExpiry()) {
            body.put("expires_in_sec", ttl.toSeconds());
            body.put("expires_in", ttl.toMillis());
        } else {
            body.put("expires_in", ttl.toSeconds());
        }
        return body;
    }

    private Reply error(String error) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (ACCESS_DENIED.equals(error)) {
            body.put(
                    "error_description",
                    "You have made too many requests continuously. Please try again after some"
                            + " time.");
            body.put("error", error);
            body.put("status", "failure");
        } else {
            body.put("error", error);
        }
        return Reply.json(settings.tokenErrorHttpStatus(), body);
    }

    private static Map<String, String> basicAuth(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Map.of();
        }
        try {
            String decoded =
                    new String(
                            Base64.getDecoder().decode(authorization.substring(6).trim()),
                            StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Map.of();
            }
            return Map.of(
                    "client_id", decoded.substring(0, colon),
                    "client_secret", decoded.substring(colon + 1));
        } catch (IllegalArgumentException notBase64) {
            return Map.of();
        }
    }
}
