package io.crmpulse.simulator.auth;

import java.time.Duration;

/**
 * Zoho's access-token rules.
 *
 * @param ttl how long an access token lives (Zoho: 1 hour), on the simulator's clock
 * @param mintsPerWindow how many access tokens one refresh token may mint per {@code window} before
 *     Zoho answers "Access Denied" (Zoho: 10 per 10 minutes)
 * @param window the sliding window of that limit
 * @param maxLiveTokens live access tokens per refresh token; minting one more invalidates the
 *     oldest (Zoho: 15)
 */
public record TokenPolicy(Duration ttl, int mintsPerWindow, Duration window, int maxLiveTokens) {

    public static final TokenPolicy ZOHO =
            new TokenPolicy(Duration.ofHours(1), 10, Duration.ofMinutes(10), 15);

    public TokenPolicy {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("token TTL must be positive, got " + ttl);
        }
        if (mintsPerWindow < 1 || maxLiveTokens < 1) {
            throw new IllegalArgumentException("token limits must be at least 1");
        }
    }

    public TokenPolicy withTtl(Duration newTtl) {
        return new TokenPolicy(newTtl, mintsPerWindow, window, maxLiveTokens);
    }

    public TokenPolicy withMintsPerWindow(int mints) {
        return new TokenPolicy(ttl, mints, window, maxLiveTokens);
    }
}
