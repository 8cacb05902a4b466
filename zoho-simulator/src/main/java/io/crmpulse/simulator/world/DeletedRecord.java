package io.crmpulse.simulator.world;

import java.time.Instant;
import java.util.Objects;

/**
 * A deleted record: what {@code /deleted} lists, and the record itself so that a recycle-bin delete
 * can be restored.
 *
 * @param deletedBy the rep who deleted it
 */
public record DeletedRecord(
        CrmRecord record, DeletionType type, Instant deletedTime, Rep deletedBy) {

    public DeletedRecord {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(deletedTime, "deletedTime");
    }

    public String id() {
        return record.id();
    }

    public CrmModule module() {
        return record.module();
    }
}
