package io.crmpulse.zoho.client;

import java.time.Instant;
import java.util.Objects;

/**
 * One record of a Get Records page.
 *
 * @param id the record id (a numeric string)
 * @param modifiedTime {@code Modified_Time} parsed with its offset (Zoho has second precision)
 * @param json the record's JSON object as Zoho sent it
 */
public record ZohoRecord(String id, Instant modifiedTime, String json) {

    public ZohoRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(modifiedTime, "modifiedTime");
        Objects.requireNonNull(json, "json");
    }

    @Override
    public String toString() {
        return "ZohoRecord{" + id + " @" + modifiedTime + "}";
    }
}
