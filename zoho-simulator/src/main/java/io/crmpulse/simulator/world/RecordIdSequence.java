package io.crmpulse.simulator.world;

import java.util.SplittableRandom;

/**
 * Hands out record ids the way Zoho does: 19-digit numbers, increasing with creation time, with
 * gaps (other modules and other orgs share the counter).
 */
final class RecordIdSequence {

    private static final long FIRST = 4_970_762_000_000_100_000L;

    private long last = FIRST;

    String next(SplittableRandom random) {
        last += 1 + random.nextInt(24);
        return Long.toString(last);
    }
}
