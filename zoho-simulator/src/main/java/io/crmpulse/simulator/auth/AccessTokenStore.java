package io.crmpulse.simulator.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The access tokens minted from refresh tokens, with Zoho's limits: a TTL on the simulator's clock,
 * a cap on mints per sliding window, and a cap on live tokens (the oldest goes first). Thread-safe.
 */
public final class AccessTokenStore {

    /** A token minted: its value and its expiry. */
    public record MintedToken(String accessToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "MintedToken[expiresAt=" + expiresAt + "]";
        }
    }

    private final Clock clock;
    private final TokenPolicy policy;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> expiryByToken = new HashMap<>();
    private final Map<String, Deque<String>> liveByRefreshToken = new HashMap<>();
    private final Map<String, Deque<Instant>> mintsByRefreshToken = new HashMap<>();

    public AccessTokenStore(Clock clock, TokenPolicy policy) {
        this.clock = clock;
        this.policy = policy;
    }

    public TokenPolicy policy() {
        return policy;
    }

    /**
     * Mints an access token for {@code refreshToken}, or returns empty when the refresh token has
     * used up its mints in the current window (Zoho's "Access Denied").
     */
    public synchronized Optional<MintedToken> mint(String refreshToken) {
        Instant now = clock.instant();
        Deque<Instant> mints =
                mintsByRefreshToken.computeIfAbsent(refreshToken, k -> new ArrayDeque<>());
        while (!mints.isEmpty() && !mints.peekFirst().isAfter(now.minus(policy.window()))) {
            mints.removeFirst();
        }
        if (mints.size() >= policy.mintsPerWindow()) {
            return Optional.empty();
        }
        mints.addLast(now);

        Deque<String> live =
                liveByRefreshToken.computeIfAbsent(refreshToken, k -> new ArrayDeque<>());
        for (Iterator<String> it = live.iterator(); it.hasNext(); ) {
            String token = it.next();
            if (!isValidAt(token, now)) {
                expiryByToken.remove(token);
                it.remove();
            }
        }
        while (live.size() >= policy.maxLiveTokens()) {
            expiryByToken.remove(live.removeFirst());
        }
        String token = "1000." + hex(16) + "." + hex(16);
        Instant expiresAt = now.plus(policy.ttl());
        expiryByToken.put(token, expiresAt);
        live.addLast(token);
        return Optional.of(new MintedToken(token, expiresAt));
    }

    /** Whether {@code accessToken} was minted here, is not expired and was not pushed out. */
    public synchronized boolean isValid(String accessToken) {
        return isValidAt(accessToken, clock.instant());
    }

    /** Invalidates every access token now, as if they had all expired. */
    public synchronized void expireAll() {
        expiryByToken.clear();
        liveByRefreshToken.clear();
    }

    private boolean isValidAt(String token, Instant now) {
        Instant expiresAt = expiryByToken.get(token);
        return expiresAt != null && now.isBefore(expiresAt);
    }

    private String hex(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return HexFormat.of().formatHex(buffer);
    }
}
