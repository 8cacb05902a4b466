package io.crmpulse.simulator.api;

import java.util.Map;

/**
 * The parts of an HTTP request the endpoints read.
 *
 * @param ifModifiedSince the raw {@code If-Modified-Since} header, or {@code null}
 * @param authorization the raw {@code Authorization} header, or {@code null}
 * @param form the parsed form body of a POST, empty otherwise
 */
record ApiRequest(
        String method,
        String path,
        Map<String, String> query,
        String ifModifiedSince,
        String authorization,
        Map<String, String> form) {

    ApiRequest {
        query = Map.copyOf(query);
        form = Map.copyOf(form);
    }
}
