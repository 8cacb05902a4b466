package io.crmpulse.simulator.truth;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A live deal as docs/METRICS.md section 2 normalizes it.
 *
 * @param amountHome already rounded to 2 decimals; sums add these stored values
 * @param wonAt when the deal entered the won class (and stayed), or {@code null}
 */
record DealFacts(
        String id,
        String leadSource,
        String ownerId,
        String ownerName,
        Instant modifiedTime,
        StageClass stageClass,
        BigDecimal amountHome,
        int probability,
        Instant wonAt) {}
