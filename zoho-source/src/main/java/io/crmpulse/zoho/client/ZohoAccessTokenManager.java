package io.crmpulse.zoho.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.annotation.Nullable;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mints Zoho access tokens with the OAuth refresh-token grant ({@code POST
 * {accounts}/oauth/v2/token}) and caches them.
 *
 * <p>Zoho allows 10 tokens per refresh token in 10 minutes and then answers "Access Denied" for the
 * rest of the window, so the manager is frugal: one token serves every call until {@code
 * tokenRefreshMargin} before its expiry (for a token that lives less than twice the margin: until
 * half its life), and after an "Access Denied" it does not call the token endpoint again before
 * {@code accessDeniedBackoff} has passed; until then it fails fast with the same {@link
 * ZohoApiException.Kind#RETRY_LATER}, or keeps using the current token while Zoho still accepts it.
 *
 * <p>The token, the "Access Denied" back-off and the lock that makes a refresh single-flight are
 * shared by every manager of the same accounts server, client and refresh token in this class's
 * class loader, because a new manager comes with every Flink restart (the source builds a new
 * client each time its split reader starts): a database outage that restarts the job every few
 * seconds would otherwise mint a token per restart and lock the job out of Zoho. Two readers of one
 * job in a task manager (parallel subtasks, or a restarted reader while the old one closes) share
 * them too. On a Flink cluster a failover keeps the job's user-code class loader while the job
 * keeps its slots on that task manager, so the cache outlives a restart there; a task manager that
 * newly runs the job mints its own token. In local mode (a MiniCluster) every class shares the
 * application class loader, so the cache lives as long as the JVM. The cache key holds the accounts
 * URL, the client id and a SHA-256 of the client secret and refresh token, never the secrets
 * themselves; nothing of it is checkpointed or logged.
 *
 * <p>Every response is classified by {@link ZohoResponseClassifier#classifyTokenResponse}: Zoho
 * reports token errors with HTTP 200, so the body decides. Thread-safe. Tokens and secrets are
 * never logged.
 */
public final class ZohoAccessTokenManager {

    private static final Logger LOG = LoggerFactory.getLogger(ZohoAccessTokenManager.class);

    /** What Zoho documents, and what the SDK assumes when a response leaves it out. */
    static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);

    /** A token due for refresh is still used, when a refresh fails, up to this close to expiry. */
    private static final Duration LAST_USE_BEFORE_EXPIRY = Duration.ofSeconds(30);

    private static final ConcurrentMap<CacheKey, SharedToken> SHARED = new ConcurrentHashMap<>();

    private final ZohoClientConfig config;
    private final ZohoCredentials credentials;
    private final OkHttpClient http;
    private final Clock clock;
    private final ZohoCallListener listener;
    private final ZohoResponseClassifier classifier;
    private final HttpUrl tokenUrl;
    private final SharedToken shared;
    private boolean warnedMissingExpiry;

    public ZohoAccessTokenManager(
            ZohoClientConfig config,
            ZohoCredentials credentials,
            OkHttpClient http,
            Clock clock,
            @Nullable ZohoCallListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = listener == null ? ZohoCallListener.NO_OP : listener;
        this.classifier = new ZohoResponseClassifier(clock);
        this.tokenUrl =
                HttpUrl.get(config.accountsUrl())
                        .newBuilder()
                        .addPathSegments("oauth/v2/token")
                        .build();
        this.shared =
                SHARED.computeIfAbsent(CacheKey.of(config, credentials), k -> new SharedToken());
    }

    /**
     * The cached access token, or a new one when the cached one is due for refresh.
     *
     * @param module the module whose call needs the token (reported to the {@link
     *     ZohoCallListener})
     * @throws ZohoApiException {@code RETRY_LATER} when the accounts server is unavailable or
     *     throttling, {@code FATAL} when it refuses the credentials
     */
    public ZohoAccessToken accessToken(String module) {
        synchronized (shared) {
            Instant now = clock.instant();
            ZohoAccessToken token = shared.current;
            if (token != null && now.isBefore(token.refreshAt())) {
                return token;
            }
            try {
                shared.current = mint(module, now);
                return shared.current;
            } catch (ZohoApiException e) {
                if (e.isRetryable()
                        && token != null
                        && now.isBefore(token.expiresAt().minus(LAST_USE_BEFORE_EXPIRY))) {
                    LOG.warn(
                            "could not refresh the Zoho access token ({}); the current one stays"
                                    + " in use until {}",
                            e.getMessage(),
                            token.expiresAt());
                    return token;
                }
                shared.current = null;
                throw e.duringTokenRefresh();
            }
        }
    }

    /**
     * Forgets {@code refused}, after Zoho refused it ({@code 401 INVALID_TOKEN}); the next {@link
     * #accessToken} mints a new one. A newer token that another reader minted meanwhile stays.
     */
    public void invalidate(ZohoAccessToken refused) {
        synchronized (shared) {
            if (shared.current != null && shared.current.value().equals(refused.value())) {
                shared.current = null;
            }
        }
    }

    /** Forgets every shared token and back-off, so that each test starts from a cold JVM. */
    static void forgetSharedTokens() {
        SHARED.clear();
    }

    private ZohoAccessToken mint(String module, Instant now) {
        Instant deniedUntil = shared.deniedUntil;
        if (deniedUntil != null && now.isBefore(deniedUntil)) {
            // Asking again inside Zoho's throttle window only extends the lock-out.
            throw accessDenied(Duration.between(now, deniedUntil));
        }
        Request request =
                new Request.Builder()
                        .url(tokenUrl)
                        .post(
                                new FormBody.Builder()
                                        .add("grant_type", "refresh_token")
                                        .add("client_id", credentials.clientId())
                                        .add("client_secret", credentials.clientSecret())
                                        .add("refresh_token", credentials.refreshToken())
                                        .build())
                        .build();
        int status = -1;
        ClassifiedResponse classified;
        try (Response response = http.newCall(request).execute()) {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            status = response.code();
            classified =
                    classifier.classifyTokenResponse(
                            config.accountsUrl(), status, response.headers(), text);
        } catch (IOException e) {
            HttpZohoCrmClient.restoreInterruptIfInterrupted(e);
            throw new ZohoApiException(
                    ZohoApiException.Kind.RETRY_LATER,
                    null,
                    "could not reach the Zoho accounts server "
                            + config.accountsUrl()
                            + " ("
                            + e
                            + "): retrying later; check "
                            + ZohoClientConfig.ACCOUNTS_URL_ENV
                            + " if this persists",
                    null,
                    e);
        } finally {
            listener.onCall(module, ZohoCallListener.TOKEN, status);
        }

        switch (classified.responseClass()) {
            case OK:
                return parseToken(classified.body(), now);
            case RETRY_LATER:
                if ("Access Denied".equalsIgnoreCase(classified.zohoCode())) {
                    Duration backoff = config.accessDeniedBackoff();
                    if (classified.retryAfter() != null
                            && classified.retryAfter().compareTo(backoff) > 0) {
                        backoff = classified.retryAfter();
                    }
                    shared.deniedUntil = clock.instant().plus(backoff);
                    shared.denial = classified;
                    LOG.warn(
                            "{}; not asking for a token again before {}",
                            classified.description(),
                            shared.deniedUntil);
                    throw accessDenied(backoff);
                }
                throw classified.toException();
            default:
                throw classified.toException();
        }
    }

    private ZohoApiException accessDenied(Duration wait) {
        ClassifiedResponse why = Objects.requireNonNull(shared.denial, "denial");
        return ZohoApiException.retryLater(
                why.zohoCode(),
                why.description() + "; not asking for a token again before " + shared.deniedUntil,
                wait);
    }

    private ZohoAccessToken parseToken(@Nullable JsonNode json, Instant requestedAt) {
        String accessToken = ZohoJson.text(json, "access_token");
        if (json == null || accessToken == null) {
            throw ZohoApiException.retryLater(
                    null,
                    "the Zoho accounts server "
                            + config.accountsUrl()
                            + " answered without an access_token or an error: retrying later",
                    null);
        }
        Duration lifetime = lifetime(json);
        String apiDomain = ZohoJson.text(json, "api_domain");
        // Counted from before the request, so that the token is never kept past its real expiry.
        Instant expiresAt = requestedAt.plus(lifetime);
        Duration margin = config.tokenRefreshMargin();
        Instant refreshAt =
                lifetime.compareTo(margin.multipliedBy(2)) < 0
                        ? requestedAt.plus(lifetime.dividedBy(2))
                        : expiresAt.minus(margin);
        LOG.info(
                "Zoho access token refreshed, expires in {} s, api domain {}",
                lifetime.toSeconds(),
                apiDomain);
        return new ZohoAccessToken(accessToken, apiDomain, expiresAt, refreshAt);
    }

    private Duration lifetime(JsonNode json) {
        OptionalLong expiresIn = ZohoJson.longValue(json, "expires_in");
        OptionalLong expiresInSec = ZohoJson.longValue(json, "expires_in_sec");
        Duration lifetime = null;
        if (expiresInSec.isPresent()) {
            // The legacy answer {"expires_in_sec":3600,"expires_in":3600000}: expires_in is then
            // in milliseconds (Zoho's own SDK reads it that way).
            lifetime =
                    expiresIn.isPresent()
                            ? Duration.ofMillis(expiresIn.getAsLong())
                            : Duration.ofSeconds(expiresInSec.getAsLong());
        } else if (expiresIn.isPresent()) {
            lifetime = Duration.ofSeconds(expiresIn.getAsLong());
        }
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
            // Zoho has been seen to leave expires_in out; its tokens live an hour.
            if (!warnedMissingExpiry) {
                warnedMissingExpiry = true;
                LOG.warn(
                        "the Zoho token response has no usable expires_in; assuming {} s",
                        DEFAULT_TOKEN_LIFETIME.toSeconds());
            }
            lifetime = DEFAULT_TOKEN_LIFETIME;
        }
        return lifetime;
    }

    /**
     * What every manager of one client and refresh token shares; guarded by its own monitor, which
     * is also what makes a refresh single-flight.
     */
    private static final class SharedToken {
        @Nullable ZohoAccessToken current;
        @Nullable Instant deniedUntil;
        @Nullable ClassifiedResponse denial;
    }

    /**
     * Whose token it is. The secret and the refresh token enter only as a digest, so that the map,
     * which outlives every client, never holds them; the secret is in it so that a changed secret
     * is checked by Zoho rather than served a token minted with the old one.
     */
    private record CacheKey(String accountsUrl, String clientId, String secretsSha256) {

        static CacheKey of(ZohoClientConfig config, ZohoCredentials credentials) {
            MessageDigest sha256;
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform must support SHA-256", e);
            }
            sha256.update(credentials.clientSecret().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(credentials.refreshToken().getBytes(StandardCharsets.UTF_8));
            return new CacheKey(
                    config.accountsUrl(),
                    credentials.clientId(),
                    HexFormat.of().formatHex(sha256.digest()));
        }
    }
}
