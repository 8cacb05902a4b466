package io.crmpulse.simulator.world;

import java.util.List;

/** Every record of the world at one moment, read under one lock. Lists are sorted by id. */
public record WorldSnapshot(
        List<Lead> leads, List<Deal> deals, List<DeletedRecord> deletedRecords) {

    public WorldSnapshot {
        leads = List.copyOf(leads);
        deals = List.copyOf(deals);
        deletedRecords = List.copyOf(deletedRecords);
    }
}
