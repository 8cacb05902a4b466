package io.crmpulse.zoho.client;

import java.io.Serializable;
import java.util.Map;

/**
 * The OAuth self-client credentials the client mints access tokens with ({@code ZOHO_CLIENT_ID},
 * {@code ZOHO_CLIENT_SECRET}, {@code ZOHO_REFRESH_TOKEN}).
 *
 * <p>Serializable so that a Flink source can ship it to the task managers. {@link #toString()}
 * masks the secret and the refresh token, so the credentials can sit in a logged configuration.
 *
 * @param clientId the self-client's client id
 * @param clientSecret the self-client's client secret
 * @param refreshToken a refresh token of a grant with {@code ZohoCRM.modules.READ} (or the
 *     per-module read scopes)
 */
public record ZohoCredentials(String clientId, String clientSecret, String refreshToken)
        implements Serializable {

    public static final String CLIENT_ID_ENV = "ZOHO_CLIENT_ID";
    public static final String CLIENT_SECRET_ENV = "ZOHO_CLIENT_SECRET";
    public static final String REFRESH_TOKEN_ENV = "ZOHO_REFRESH_TOKEN";

    public ZohoCredentials {
        // A value pasted into a .env file often carries a trailing newline or space, which Zoho
        // answers with a puzzling invalid_client or invalid_code.
        clientId = required(clientId, CLIENT_ID_ENV);
        clientSecret = required(clientSecret, CLIENT_SECRET_ENV);
        refreshToken = required(refreshToken, REFRESH_TOKEN_ENV);
    }

    public static ZohoCredentials of(String clientId, String clientSecret, String refreshToken) {
        return new ZohoCredentials(clientId, clientSecret, refreshToken);
    }

    /** Reads {@code ZOHO_CLIENT_ID}, {@code ZOHO_CLIENT_SECRET} and {@code ZOHO_REFRESH_TOKEN}. */
    public static ZohoCredentials fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Reads {@code ZOHO_CLIENT_ID}, {@code ZOHO_CLIENT_SECRET} and {@code ZOHO_REFRESH_TOKEN}. */
    public static ZohoCredentials fromEnvironment(Map<String, String> env) {
        return new ZohoCredentials(
                env.get(CLIENT_ID_ENV), env.get(CLIENT_SECRET_ENV), env.get(REFRESH_TOKEN_ENV));
    }

    private static String required(String value, String envVar) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    envVar
                            + " is not set: create a Zoho self-client (https://api-console.zoho.com)"
                            + " and set ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET and ZOHO_REFRESH_TOKEN");
        }
        return value.strip();
    }

    @Override
    public String toString() {
        return "ZohoCredentials{clientId="
                + mask(clientId)
                + ", clientSecret=****, refreshToken=****}";
    }

    /** Keeps a short prefix of the client id so an operator can tell two configurations apart. */
    private static String mask(String value) {
        return value.length() <= 8 ? "****" : value.substring(0, 6) + "****";
    }
}
