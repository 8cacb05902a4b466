package io.crmpulse.simulator.auth;

import java.util.Objects;

/** The self-client the simulator accepts: client id, client secret and one refresh token. */
public record OAuthCredentials(String clientId, String clientSecret, String refreshToken) {

    /** What the job's demo mode and the README use. */
    public static final OAuthCredentials DEMO =
            new OAuthCredentials("demo-client", "demo-secret", "demo-refresh");

    public OAuthCredentials {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(refreshToken, "refreshToken");
    }

    /** Keeps the secret and the refresh token out of logs. */
    @Override
    public String toString() {
        return "OAuthCredentials[clientId=" + clientId + "]";
    }
}
