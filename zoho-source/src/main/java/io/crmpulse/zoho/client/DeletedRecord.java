package io.crmpulse.zoho.client;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of Get Deleted Records.
 *
 * @param id the deleted record's id
 * @param deletedTime {@code deleted_time}
 * @param type {@code recycle} or {@code permanent}
 */
public record DeletedRecord(String id, Instant deletedTime, String type) {

    public DeletedRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(deletedTime, "deletedTime");
    }
}
