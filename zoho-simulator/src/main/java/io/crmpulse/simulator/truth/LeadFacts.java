package io.crmpulse.simulator.truth;

import java.time.Instant;

/** A live lead as docs/METRICS.md section 1 normalizes it. */
record LeadFacts(
        String id,
        String leadSource,
        String ownerId,
        String ownerName,
        Instant createdTime,
        Instant modifiedTime,
        StatusClass statusClass) {}
