package io.crmpulse.sinks.postgres;

import java.util.List;

/**
 * What one sink subtask wrote to a table between two checkpoints: the last change per key, applied
 * in one transaction once the checkpoint is complete. Applying it twice leaves the table as
 * applying it once, so a restore may commit it again.
 *
 * @param changes at most one per key
 */
public record UpsertBatch(List<Change> changes) {

    public UpsertBatch {
        changes = List.copyOf(changes);
    }

    /**
     * @param delete delete the row with this key; otherwise insert or update it
     * @param values the row's column values (a delete needs only the key's)
     */
    public record Change(boolean delete, Object[] values) {}
}
