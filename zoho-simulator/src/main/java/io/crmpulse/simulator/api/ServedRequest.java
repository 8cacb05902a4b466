package io.crmpulse.simulator.api;

import java.time.Instant;
import java.util.Map;

/**
 * An API call the simulator answered, for tests that check what a client sent (parameters, {@code
 * If-Modified-Since}) and what it got. Token calls are not kept: their query strings carry secrets.
 *
 * @param at the simulator clock's reading when the call arrived
 * @param ifModifiedSince the raw header, or {@code null}
 */
public record ServedRequest(
        Instant at,
        String method,
        String path,
        Map<String, String> query,
        String ifModifiedSince,
        int status) {

    public ServedRequest {
        query = Map.copyOf(query);
    }
}
