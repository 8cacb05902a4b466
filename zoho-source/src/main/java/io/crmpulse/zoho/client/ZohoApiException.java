package io.crmpulse.zoho.client;

import java.time.Duration;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * A Zoho call that did not succeed, already classified. The message says what happened and, for
 * {@link Kind#FATAL}, what to change; it never contains a token or a secret.
 */
public class ZohoApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What the caller should do about it. */
    public enum Kind {
        /** Transient: rate limit, 5xx, timeout, an unparseable body. Try the same call later. */
        RETRY_LATER,
        /**
         * The scan's page token is no longer usable (expired after 24 h, bound to other parameters,
         * past 100,000 records): start the scan again from the cursor.
         */
        RESTART_SCAN,
        /** A retry cannot fix it: stop and tell the operator. */
        FATAL
    }

    private final Kind kind;
    @Nullable private final String zohoCode;
    @Nullable private final Duration retryAfter;
    private final boolean tokenRefresh;

    public ZohoApiException(
            Kind kind,
            @Nullable String zohoCode,
            String message,
            @Nullable Duration retryAfter,
            @Nullable Throwable cause) {
        this(kind, zohoCode, message, retryAfter, cause, false);
    }

    private ZohoApiException(
            Kind kind,
            @Nullable String zohoCode,
            String message,
            @Nullable Duration retryAfter,
            @Nullable Throwable cause,
            boolean tokenRefresh) {
        super(message, cause);
        this.kind = kind;
        this.zohoCode = zohoCode;
        this.retryAfter = retryAfter;
        this.tokenRefresh = tokenRefresh;
    }

    /** The same failure, marked as one of the OAuth token refresh ({@link #isTokenRefresh()}). */
    public ZohoApiException duringTokenRefresh() {
        if (tokenRefresh) {
            return this;
        }
        ZohoApiException marked =
                new ZohoApiException(kind, zohoCode, getMessage(), retryAfter, getCause(), true);
        marked.setStackTrace(getStackTrace());
        return marked;
    }

    /** Whether Zoho's accounts server would not refresh the access token. */
    public boolean isTokenRefresh() {
        return tokenRefresh;
    }

    public static ZohoApiException retryLater(
            @Nullable String zohoCode, String message, @Nullable Duration retryAfter) {
        return new ZohoApiException(Kind.RETRY_LATER, zohoCode, message, retryAfter, null);
    }

    public static ZohoApiException fatal(@Nullable String zohoCode, String message) {
        return new ZohoApiException(Kind.FATAL, zohoCode, message, null, null);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isRetryable() {
        return kind == Kind.RETRY_LATER;
    }

    /**
     * Zoho's error code ({@code TOO_MANY_REQUESTS}, {@code invalid_code}, ...) when it sent one.
     */
    public Optional<String> zohoCode() {
        return Optional.ofNullable(zohoCode);
    }

    /**
     * The least time to wait before retrying, when the server said (Retry-After, Access Denied).
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
