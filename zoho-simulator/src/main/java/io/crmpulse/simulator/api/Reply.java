package io.crmpulse.simulator.api;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One HTTP response, built by an endpoint and sent by the server.
 *
 * @param body empty for 204 and 304, which carry no body
 */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

    private static final String JSON = "application/json;charset=UTF-8";

    Reply {
        headers = Map.copyOf(headers);
    }

    static Reply json(int status, Object body) {
        return new Reply(status, JSON, Json.write(body), Map.of());
    }

    static Reply empty(int status) {
        return new Reply(status, null, new byte[0], Map.of());
    }

    static Reply text(int status, String text) {
        return new Reply(
                status,
                "text/plain;charset=UTF-8",
                text.getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    static Reply html(int status, String html) {
        return new Reply(
                status, "text/html;charset=UTF-8", html.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    Reply withHeader(String name, String value) {
        Map<String, String> more = new HashMap<>(headers);
        more.put(name, value);
        return new Reply(status, contentType, body, more);
    }
}
