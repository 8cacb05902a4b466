package io.crmpulse.simulator.api;

import io.crmpulse.simulator.world.CrmRecord;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The page tokens handed out by Get Records. A token names a scan (its binding, and its rows when
 * page tokens are snapshots) and an offset into it; it lives 24 hours on the simulator's clock.
 */
final class PageTokenRegistry {

    /** Zoho: "page_token is valid only for 24 hours". */
    static final Duration TOKEN_LIFETIME = Duration.ofHours(24);

    private static final Duration FORGET_AFTER = Duration.ofDays(7);

    /**
     * How often {@link #issue} looks for tokens to forget: a scan of every token on each page would
     * make a long backfill quadratic in its pages.
     */
    static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    /** One paged read. {@code snapshot} is {@code null} unless page tokens are snapshots. */
    record Scan(long id, ScanBinding binding, List<CrmRecord> snapshot) {}

    /** Where a token points. */
    record Cursor(Scan scan, int offset, Instant expiresAt) {}

    private final SecureRandom random = new SecureRandom();
    private final AtomicLong scanIds = new AtomicLong();
    private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> lastSweep = new AtomicReference<>(Instant.MIN);

    Scan newScan(ScanBinding binding, List<CrmRecord> snapshot) {
        return new Scan(scanIds.incrementAndGet(), binding, snapshot);
    }

    /**
     * A new token for {@code offset} in {@code scan}. Tokens are forgotten a week after they expire
     * (at the next sweep, at most a minute later): until then a late client still hears {@code
     * EXPIRED_VALUE}, not {@code INVALID_DATA}.
     */
    String issue(Scan scan, int offset, Instant now) {
        Instant swept = lastSweep.get();
        if (!now.isBefore(swept.plus(SWEEP_EVERY)) && lastSweep.compareAndSet(swept, now)) {
            cursors.values().removeIf(c -> now.isAfter(c.expiresAt().plus(FORGET_AFTER)));
        }
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        cursors.put(token, new Cursor(scan, offset, now.plus(TOKEN_LIFETIME)));
        return token;
    }

    /** How many tokens the registry still remembers, expired ones included. */
    int size() {
        return cursors.size();
    }

    /** The token's cursor, or {@code null} for a token this server never issued. */
    Cursor find(String token) {
        return cursors.get(token);
    }
}
