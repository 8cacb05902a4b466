package io.crmpulse.simulator.world;

import java.time.Instant;

/** One record of a module, as the world holds it: immutable, replaced on every change. */
public sealed interface CrmRecord permits Lead, Deal {

    CrmModule module();

    /** A numeric string, 19 digits like Zoho's, unique across modules. */
    String id();

    Instant createdTime();

    /** Truncated to the second, like Zoho's. */
    Instant modifiedTime();

    /** The owner, or {@code null} for an unassigned record. */
    Rep owner();

    /** What the recycle bin shows as {@code display_name}. */
    String displayName();
}
