package io.crmpulse.simulator.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses {@code a=1&b=2} (a query string or a form body); a repeated name keeps its last value. */
final class QueryParams {

    private QueryParams() {}

    static Map<String, String> parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.put(name, value);
        }
        return Collections.unmodifiableMap(params);
    }

    /**
     * The parameter as a number of at least 1, {@code fallback} when absent; anything else is
     * Zoho's {@code INVALID_DATA}.
     */
    static int positiveInt(Map<String, String> query, String name, int fallback) {
        String raw = query.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // answered below, like a number out of range
        }
        throw ApiError.invalidData(name, name + " must be a positive number");
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
