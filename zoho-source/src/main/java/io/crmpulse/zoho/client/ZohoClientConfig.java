package io.crmpulse.zoho.client;

import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.annotation.Nullable;
import okhttp3.HttpUrl;

/**
 * Where and how {@link HttpZohoCrmClient} talks to Zoho: the accounts server that mints access
 * tokens, an optional API server override, HTTP timeouts and the token-refresh policy.
 *
 * <p>Serializable so that a Flink source can ship it to the task managers. Every factory and {@code
 * with...} method validates, naming the environment variable to fix.
 *
 * @param accountsUrl the accounts server of the org's data centre ({@code ZOHO_ACCOUNTS_URL}),
 *     without a trailing slash
 * @param apiDomain the API server ({@code ZOHO_API_DOMAIN}); {@code null} uses the {@code
 *     api_domain} of the token response
 * @param connectTimeout TCP/TLS connect timeout of every call
 * @param readTimeout the longest silence while reading a response
 * @param callTimeout the longest a whole call may take, body included
 * @param tokenRefreshMargin how long before its expiry an access token is replaced
 * @param accessDeniedBackoff how long to leave the token endpoint alone after Zoho answered "Access
 *     Denied" (more than 10 tokens per refresh token in 10 minutes)
 * @param apiVersion the CRM API version in the path ({@code v8})
 */
public record ZohoClientConfig(
        String accountsUrl,
        @Nullable String apiDomain,
        Duration connectTimeout,
        Duration readTimeout,
        Duration callTimeout,
        Duration tokenRefreshMargin,
        Duration accessDeniedBackoff,
        String apiVersion)
        implements Serializable {

    public static final String ACCOUNTS_URL_ENV = "ZOHO_ACCOUNTS_URL";
    public static final String API_DOMAIN_ENV = "ZOHO_API_DOMAIN";

    public static final String DEFAULT_ACCOUNTS_URL = "https://accounts.zoho.com";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

    /** Zoho's access tokens live 1 h; 5 min of margin covers clock skew and slow calls. */
    public static final Duration DEFAULT_TOKEN_REFRESH_MARGIN = Duration.ofMinutes(5);

    /** Zoho's throttle window: 10 tokens per refresh token per 10 minutes. */
    public static final Duration DEFAULT_ACCESS_DENIED_BACKOFF = Duration.ofMinutes(10);

    public static final String DEFAULT_API_VERSION = "v8";

    private static final Pattern API_VERSION = Pattern.compile("v[1-9][0-9]*(\\.[0-9]+)?");

    public ZohoClientConfig {
        accountsUrl = httpUrl(accountsUrl, ACCOUNTS_URL_ENV);
        apiDomain =
                apiDomain == null || apiDomain.isBlank()
                        ? null
                        : httpUrl(apiDomain, API_DOMAIN_ENV);
        positive(connectTimeout, "connect timeout");
        positive(readTimeout, "read timeout");
        positive(callTimeout, "call timeout");
        positive(tokenRefreshMargin, "token refresh margin");
        positive(accessDeniedBackoff, "Access-Denied back-off");
        Objects.requireNonNull(apiVersion, "apiVersion");
        if (!API_VERSION.matcher(apiVersion).matches()) {
            throw new IllegalArgumentException(
                    "the Zoho API version must look like v8, got '" + apiVersion + "'");
        }
    }

    /** US data centre, the API server from the token response, default timeouts. */
    public static ZohoClientConfig defaults() {
        return of(DEFAULT_ACCOUNTS_URL, null);
    }

    public static ZohoClientConfig of(String accountsUrl, @Nullable String apiDomain) {
        return new ZohoClientConfig(
                accountsUrl,
                apiDomain,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_READ_TIMEOUT,
                DEFAULT_CALL_TIMEOUT,
                DEFAULT_TOKEN_REFRESH_MARGIN,
                DEFAULT_ACCESS_DENIED_BACKOFF,
                DEFAULT_API_VERSION);
    }

    /** {@link #fromEnvironment(Map)} over the process environment. */
    public static ZohoClientConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Reads {@code ZOHO_ACCOUNTS_URL} (default {@value #DEFAULT_ACCOUNTS_URL}) and {@code
     * ZOHO_API_DOMAIN} (default: the token response's {@code api_domain}); blank counts as unset.
     */
    public static ZohoClientConfig fromEnvironment(Map<String, String> env) {
        String accounts = env.get(ACCOUNTS_URL_ENV);
        return of(
                accounts == null || accounts.isBlank() ? DEFAULT_ACCOUNTS_URL : accounts,
                env.get(API_DOMAIN_ENV));
    }

    public ZohoClientConfig withAccountsUrl(String url) {
        return new ZohoClientConfig(
                url,
                apiDomain,
                connectTimeout,
                readTimeout,
                callTimeout,
                tokenRefreshMargin,
                accessDeniedBackoff,
                apiVersion);
    }

    public ZohoClientConfig withApiDomain(@Nullable String domain) {
        return new ZohoClientConfig(
                accountsUrl,
                domain,
                connectTimeout,
                readTimeout,
                callTimeout,
                tokenRefreshMargin,
                accessDeniedBackoff,
                apiVersion);
    }

    public ZohoClientConfig withTimeouts(Duration connect, Duration read, Duration call) {
        return new ZohoClientConfig(
                accountsUrl,
                apiDomain,
                connect,
                read,
                call,
                tokenRefreshMargin,
                accessDeniedBackoff,
                apiVersion);
    }

    public ZohoClientConfig withTokenRefreshMargin(Duration margin) {
        return new ZohoClientConfig(
                accountsUrl,
                apiDomain,
                connectTimeout,
                readTimeout,
                callTimeout,
                margin,
                accessDeniedBackoff,
                apiVersion);
    }

    public ZohoClientConfig withAccessDeniedBackoff(Duration backoff) {
        return new ZohoClientConfig(
                accountsUrl,
                apiDomain,
                connectTimeout,
                readTimeout,
                callTimeout,
                tokenRefreshMargin,
                backoff,
                apiVersion);
    }

    public ZohoClientConfig withApiVersion(String version) {
        return new ZohoClientConfig(
                accountsUrl,
                apiDomain,
                connectTimeout,
                readTimeout,
                callTimeout,
                tokenRefreshMargin,
                accessDeniedBackoff,
                version);
    }

    /**
     * The API server that belongs to the accounts server's data centre, for a token response
     * without {@code api_domain} (older accounts servers omit it); {@code null} when the accounts
     * host is not one of Zoho's.
     */
    @Nullable
    public String defaultApiDomainOfAccountsServer() {
        String host = HttpUrl.get(accountsUrl).host().toLowerCase(Locale.ROOT);
        if (host.equals("accounts.zohocloud.ca")) {
            // Canada is the one data centre whose accounts host is not accounts.zoho.<tld>.
            return "https://www.zohoapis.ca";
        }
        String prefix = "accounts.zoho.";
        if (host.startsWith(prefix)) {
            return "https://www.zohoapis." + host.substring(prefix.length());
        }
        return null;
    }

    private static String httpUrl(@Nullable String value, String envVar) {
        HttpUrl url = value == null ? null : HttpUrl.parse(value.strip());
        if (url == null || url.query() != null || url.fragment() != null) {
            throw new IllegalArgumentException(
                    envVar + " must be an http(s) URL, got '" + value + "'");
        }
        String text = url.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static void positive(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(
                    "the Zoho client's " + what + " must be positive, got " + value);
        }
    }
}
