package io.crmpulse.simulator.api;

import io.crmpulse.simulator.world.CrmModule;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a page token is bound to: the module, the API version, every query parameter except {@code
 * page} and {@code page_token}, exactly as sent, and the {@code If-Modified-Since} instant. A later
 * page whose binding differs gets {@code TOKEN_BOUND_DATA_MISMATCH}.
 */
record ScanBinding(
        CrmModule module, String version, Map<String, String> params, Instant ifModifiedSince) {

    ScanBinding {
        params = Map.copyOf(params);
    }

    static ScanBinding of(
            CrmModule module, String version, Map<String, String> query, Instant ifModifiedSince) {
        Map<String, String> bound = new TreeMap<>(query);
        bound.remove("page");
        bound.remove("page_token");
        return new ScanBinding(module, version, bound, ifModifiedSince);
    }
}
