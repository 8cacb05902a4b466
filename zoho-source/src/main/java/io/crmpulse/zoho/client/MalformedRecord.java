package io.crmpulse.zoho.client;

import java.util.Objects;
import javax.annotation.Nullable;

/**
 * An item of a Zoho page that the client could not read: no {@code id}, or a {@code
 * Modified_Time}/{@code deleted_time} that is not an ISO-8601 date-time with an offset.
 *
 * <p>The client neither drops it (data would vanish without a trace) nor fails the call (the same
 * page would fail forever): it hands it to the caller, which routes it to {@code dead_letters} and
 * goes on. {@link #toString()} leaves out the JSON, which may carry a lead's personal data.
 *
 * @param id the item's id when it had one
 * @param json the item as Zoho sent it, re-serialized as compact JSON
 * @param reason what was wrong with it
 */
public record MalformedRecord(@Nullable String id, String json, String reason) {

    public MalformedRecord {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return "MalformedRecord{id=" + id + ", reason=" + reason + "}";
    }
}
