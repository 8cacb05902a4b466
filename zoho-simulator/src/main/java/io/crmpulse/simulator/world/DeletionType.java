package io.crmpulse.simulator.world;

import java.util.Locale;

/** How a record was deleted, as {@code /deleted} reports it in {@code type}. */
public enum DeletionType {
    /** In the recycle bin: listed for 60 days, with who deleted it, and restorable. */
    RECYCLE,
    /** Gone for good: listed for 120 days, without names. */
    PERMANENT;

    /** The value of the {@code type} field and parameter. */
    public String apiValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
